import Testing
@testable import Quarry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The oracle: the C library's correctly rounded `strtod`.
private func strtodValue(_ text: String) -> Double {
    text.withCString { strtod($0, nil) }
}

private func sameBits(_ a: Double?, _ b: Double) -> Bool {
    guard let a else { return false }
    return a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern
}

/// Random decimal strings of the shapes that stress each conversion path.
private struct DecimalStringGenerator {
    var rng: SeededGenerator

    mutating func digits(_ count: Int) -> String {
        var s = ""
        for _ in 0..<count { s.append(Character(Unicode.Scalar(UInt8(48 + rng.nextInt(below: 10))))) }
        return s
    }

    /// `[sign]digits[.digits][e[sign]exponent]` with 1…25 significant digits and a wide exponent range.
    mutating func next() -> String {
        var s = rng.nextInt(below: 2) == 0 ? "" : "-"
        let total = 1 + rng.nextInt(below: 25)
        let pointAt = rng.nextInt(below: total + 1)
        let body = digits(total)
        s += String(body.prefix(pointAt))
        if pointAt < total { s += "." + body.dropFirst(pointAt) }
        switch rng.nextInt(below: 4) {
        case 0: break
        case 1: s += "e\(rng.nextInt(below: 40) - 20)"
        case 2: s += "E\(rng.nextInt(below: 700) - 350)"
        default: s += "e-\(300 + rng.nextInt(below: 50))" // subnormal and underflow territory
        }
        return s
    }
}

@Suite struct FastDoubleParserTests {
    @Test(arguments: [
        "0", "-0", "1", "+1", "1.5", ".5", "5.", "-.25", "1e10", "1E+10", "2.5e-3", "  42  ", "\t7",
        "123456789012345678", "1234567890123456789", "12345678901234567890123",
        "9007199254740993", "9007199254740992", "9007199254740995",
        "1.7976931348623157e308", "1.7976931348623159e308", "2e308", "4.9406564584124654e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "2.2250738585072011e-308",
        "2.2250738585072014e-308", "0.1", "0.30000000000000004", "3.14159265358979323846264338327950288",
        "1e23", "8.98846567431158e307", "1.00000000000000011102230246251565404236316680908203125",
        "7.2057594037927933e16", "0.000000000000000000000000000000001", "00012.50", "1e0000000000000000000001",
    ])
    func matchesStrtodOnKnownCases(text: String) {
        #expect(sameBits(FastDoubleParser.parse(text), strtodValue(text)), "\(text)")
    }

    @Test(arguments: [
        ("nan", Double.nan), ("NaN", .nan), ("-nan", .nan), ("inf", .infinity), ("-inf", -.infinity),
        ("Infinity", .infinity), ("-Infinity", -.infinity), ("+INF", .infinity),
    ])
    func acceptsNonFiniteSpellings(text: String, expected: Double) {
        #expect(sameBits(FastDoubleParser.parse(text), expected), "\(text)")
    }

    @Test(arguments: ["", " ", "-", "+", ".", "-.", "e5", "1e", "1e+", "1.2.3", "1,5", "0x1p3", "abc", "nanx",
                      "infin", "1 2", "--1", "1-"])
    func rejectsNonNumbers(text: String) {
        #expect(FastDoubleParser.parse(text) == nil, "\(text)")
    }

    @Test func matchesStrtodOnSeededRandomDecimals() {
        var generator = DecimalStringGenerator(rng: SeededGenerator(seed: 20261129))
        var mismatches: [String] = []
        for _ in 0..<300_000 {
            let text = generator.next()
            if !sameBits(FastDoubleParser.parse(text), strtodValue(text)) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    @Test func roundTripsRandomDoubles() {
        // Shortest round-trip text of random bit patterns (17 digits, every exponent).
        var rng = SeededGenerator(seed: 7)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let value = Double(bitPattern: rng.next() & 0x7FFF_FFFF_FFFF_FFFF)
            guard value.isFinite else { continue }
            for text in ["\(value)", String(format17: value)] {
                if !sameBits(FastDoubleParser.parse(text), strtodValue(text)) { mismatches.append(text) }
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    @Test func roundsExactHalfwayIntegersToEven() {
        // Midpoints between consecutive doubles above 2^53 are integers of ≤ 19 digits:
        // the Eisel–Lemire round-to-even branch.
        var rng = SeededGenerator(seed: 11)
        var mismatches: [String] = []
        for _ in 0..<100_000 {
            let low = Double(UInt64(1) << 53 + rng.next() % ((UInt64(1) << 63) - (UInt64(1) << 53)))
            let high = low.nextUp
            let midpoint = UInt64(low) / 2 + UInt64(high) / 2
            for text in ["\(midpoint)", "\(midpoint - 1)", "\(midpoint + 1)"] {
                if !sameBits(FastDoubleParser.parse(text), strtodValue(text)) { mismatches.append(text) }
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }
}

private extension String {
    /// `%.17g`, the C rendering with 17 significant digits.
    init(format17 value: Double) {
        var buffer = [CChar](repeating: 0, count: 40)
        let length = withVaList([value]) { vsnprintf(&buffer, 40, "%.17g", $0) }
        self = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
