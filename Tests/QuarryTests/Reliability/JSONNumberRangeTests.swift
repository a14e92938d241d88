import Testing
@testable import Quarry

/// A JSON number too large for a `Double` is an error at its position, not an infinity that
/// would be written back as `null` (found by the JSON fuzzer: `22e1112`).
@Suite struct JSONNumberRangeTests {
    @Test(arguments: [("22e1112", 1, 1), ("[1, -1e400]", 1, 5), ("{\"a\":\n 1e309}", 2, 2)])
    func outOfRangeNumbersAreLocatedErrors(text: String, line: Int, column: Int) throws {
        let error = try #require(throws: JSONParseError.self) { try JSONValue.parse(text) }
        #expect(error.line == line && error.column == column, "\(error.message)")
        #expect(error.expected.contains("range of a 64-bit float"))
    }

    @Test(arguments: ["1.7976931348623157e308", "-1.7976931348623157e308", "1e-400", "4.9e-324"])
    func numbersInRangeStillParse(text: String) throws {
        let value = try #require(try JSONValue.parse(text).doubleValue)
        #expect(value.isFinite)
        #expect(try JSONValue.parse(JSONValue.number(value).serialized()) == .number(value))
    }
}
