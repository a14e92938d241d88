import Testing
@testable import Quarry

/// The byte encoder that writes mined rows must produce exactly ``JSONValue/serialized(pretty:)``.
@Suite struct JSONLineEncoderTests {
    @Test func matchesTheSerializerOnSeededValues() {
        var g = SeededGenerator(seed: 5)
        let alphabet: [String] = ["a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "é", "漢", "🙂", "/", "0"]
        func text() -> String {
            String((0..<g.nextInt(below: 40)).map { _ in alphabet[g.nextInt(below: alphabet.count)] }.joined())
        }
        for _ in 0..<300 {
            let value: JSONValue = .object([
                ("anchor", .string(text())), ("positive", .string(text())),
                ("negatives", .array((0..<3).map { _ in .string(text()) })),
                ("scores", .array([.number(g.nextUnitDouble()), .number(-1.5), .null, .bool(true)])),
            ])
            var bytes: [UInt8] = []
            JSONLineEncoder.append(value, to: &bytes)
            #expect(bytes == Array(value.serialized().utf8))
        }
    }
}
