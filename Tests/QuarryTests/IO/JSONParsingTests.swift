import Foundation
import Testing
@testable import Quarry

@Suite struct JSONParsingTests {
    @Test(arguments: [
        ("null", JSONValue.null), ("true", true), ("false", false), ("0", 0), ("-0.5", -0.5),
        ("1e3", 1000), ("1E-2", 0.01), ("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "a\"b\\c/d\u{8}\u{c}\n\r\t"),
        ("\"\\u00e9\\u4e2D\"", "é中"), ("\"\\ud83d\\ude00\"", "😀"), ("\"héllo 😀\"", "héllo 😀"),
        (" [1, [2, []], {}] ", [1, [2, []], [:]]), ("{\"b\":1,\"a\":[true,null]}", ["b": 1, "a": [true, nil]]),
        ("{\"k\":1,\"k\":2}", .object([("k", 1), ("k", 2)])),
    ] as [(String, JSONValue)])
    func parsesValues(text: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(text) == expected)
    }

    @Test func keepsKeyOrder() throws {
        let value = try JSONValue.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.map(\.0) == ["z", "a", "m"])
    }

    @Test func roundTripsSerializedValues() throws {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<2000 {
            let value = Self.randomValue(&rng, depth: 0)
            #expect(try JSONValue.parse(value.serialized()) == value)
            #expect(try JSONValue.parse(value.serialized(pretty: true)) == value)
        }
    }

    /// Foundation's JSONSerialization as an independent oracle for numbers.
    @Test func numbersMatchFoundation() throws {
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<5000 {
            let mantissa = rng.nextInt(below: 1_000_000_000)
            let text = "[\(mantissa).\(rng.nextInt(below: 100000))e\(rng.nextInt(below: 600) - 300)]"
            let ours = try JSONValue.parse(text).arrayValue?.first?.doubleValue
            let theirs = try (JSONSerialization.jsonObject(with: Data(text.utf8)) as? [NSNumber])?.first?.doubleValue
            #expect(ours == theirs, "\(text)")
        }
    }

    @Test(arguments: [
        ("", 1, 1, "expected a value, found end of input"),
        ("[1,]", 1, 4, "expected a value, found ']'"),
        ("{\"a\" 1}", 1, 6, "expected ':' after the key, found '1'"),
        ("{\n  \"a\": tru\n}", 2, 11, "expected 'true', found a line break"),
        ("[01]", 1, 3, "expected '.', 'e' or the end of the number after a leading 0, found '1'"),
        ("[1.]", 1, 4, "expected a digit after '.', found ']'"),
        ("[-]", 1, 3, "expected a digit after '-', found ']'"),
        ("[1e+]", 1, 5, "expected a digit in the exponent, found ']'"),
        ("[.5]", 1, 2, "expected a value, found '.'"),
        ("\"abc", 1, 5, "expected '\"' closing the string, found end of input"),
        ("\"a\tb\"", 1, 3, "expected '\"' or a character (control characters must be escaped), found a tab"),
        ("\"\\x\"", 1, 3, "expected one of '\"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u' after '\\', found 'x'"),
        ("\"\\u12G4\"", 1, 6, "expected 4 hex digits after '\\u', found 'G'"),
        ("\"\\udc00\"", 1, 4, "expected a high surrogate or a non-surrogate code point, found lone low surrogate \\uDC00"),
        ("\"\\ud800x\"", 1, 8, "expected '\\u' with a low surrogate after the high surrogate \\uD800, found 'x'"),
        ("\"\\ud800\\u0041\"", 1, 10, "expected a low surrogate (DC00–DFFF), found \\u0041"),
        ("[1] 2", 1, 5, "expected end of input, found '2'"),
        ("{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}', found '\"'"),
        ("[1 2]", 1, 4, "expected ',' or ']', found '2'"),
        ("{1:2}", 1, 2, "expected a string key or '}', found '1'"),
        ("NaN", 1, 1, "expected a value, found 'N'"),
    ] as [(String, Int, Int, String)])
    func reportsLineAndColumn(text: String, line: Int, column: Int, message: String) {
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.line == line && error.column == column
                && error.message == "\(line):\(column): invalid JSON: \(message)" && error.kind == .dataError
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0x61, 0xFF, 0x22]) }
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSONValue.parse(fine)) != nil)
    }

    static func randomValue(_ rng: inout SeededGenerator, depth: Int) -> JSONValue {
        switch rng.nextInt(below: depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(rng.nextInt(below: 2) == 0)
        case 2: return .number(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (rng.nextInt(below: 2) == 0 ? 1 : -1))
        case 3: return .number(Double(rng.nextInt(below: 2_000_001) - 1_000_000))
        case 4:
            let alphabet = Array("ab \"\\\n\t\u{1}é😀/")
            return .string(String((0..<rng.nextInt(below: 8)).map { _ in alphabet[rng.nextInt(below: alphabet.count)] }))
        case 5: return .array((0..<rng.nextInt(below: 4)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            return .object((0..<rng.nextInt(below: 4)).map { i in ("k\(i)", randomValue(&rng, depth: depth + 1)) })
        }
    }
}

@Suite struct JSONLinesTests {
    static func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "quarry-jsonl-\(getpid())-\(name)"
    }

    @Test func writesAndReadsBack() throws {
        let path = Self.temporaryPath("roundtrip.jsonl")
        defer { unlink(path) }
        let values: [JSONValue] = [["query_id": 1, "text": "a\nb"], [1, 2.5, nil], "plain"]
        try JSONLinesWriter.write(values, to: path)
        #expect(try JSONLinesReader.readAll(path: path) == values)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "{\"query_id\":1,\"text\":\"a\\nb\"}\n[1,2.5,null]\n\"plain\"\n")
    }

    @Test func skipsBlankLinesAndNamesFileLineAndColumn() throws {
        let path = Self.temporaryPath("bad.jsonl")
        defer { unlink(path) }
        try AtomicFile.write(Array("{\"a\":1}\r\n\n   \n{\"a\":2}\n{\"a\":}\n".utf8), to: path)
        let reader = try JSONLinesReader(path: path)
        #expect(try reader.next()?.line == 1)
        #expect(try reader.next()?.line == 4)
        #expect {
            try reader.next()
        } throws: { error in
            (error as? JSONParseError)?.message == "\(path):5:6: invalid JSON: expected a value, found '}'"
        }
    }

    @Test func missingFileIsNoInput() {
        #expect {
            try JSONLinesReader(path: "/nonexistent/quarry.jsonl")
        } throws: { error in
            (error as? IOFailure)?.kind == .noInput
        }
    }

    @Test func uncommittedWriterLeavesNothing() throws {
        let path = Self.temporaryPath("never.jsonl")
        do {
            let writer = try JSONLinesWriter(path: path)
            try writer.write([1])
        }
        #expect(access(path, F_OK) != 0)
    }
}
