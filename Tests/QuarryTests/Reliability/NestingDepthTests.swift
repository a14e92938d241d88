import Foundation
import Testing
@testable import Quarry

/// Hostile nesting: expressions and JSON deeper than their documented bounds are clear,
/// located errors (never a stack overflow), and inputs at the bound still parse.
@Suite struct NestingDepthTests {
    static let depth = FeatureExpression.maximumDepth

    /// `(((…a…)))` with `n` pairs of parentheses.
    static func parentheses(_ n: Int) -> String { String(repeating: "(", count: n) + "a" + String(repeating: ")", count: n) }

    /// The expression shapes that nest: `n` levels of each.
    static func nested(_ shape: String, _ n: Int) -> String {
        switch shape {
        case "parentheses": parentheses(n)
        case "unary minus": String(repeating: "-", count: n) + "a"
        case "function calls": String(repeating: "abs(", count: n) + "a" + String(repeating: ")", count: n)
        default: String(repeating: "a - (", count: n) + "a" + String(repeating: ")", count: n)
        }
    }

    @Test(arguments: ["parentheses", "unary minus", "function calls", "right-nested operators"])
    func deepExpressionsAreRefusedWithTheirColumn(shape: String) throws {
        for n in [Self.depth + 1, 50_000] {
            let text = "x = " + Self.nested(shape, n)
            let error = try #require(throws: FeatureExpressionError.self, "\(shape) \(n)") { try DerivedFeature(parsing: text) }
            #expect(error.expected.contains("at most \(Self.depth) levels"), "\(shape): \(error.message)")
            #expect(error.column > 4 && error.column <= text.count + 1)
            #expect(!error.message.contains("\n") && error.message.count < 400, "\(shape): message of \(error.message.count) characters")
            let diagram = error.caretDiagram.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(diagram.count == 2 && diagram[0].count <= 82)
        }
    }

    @Test func expressionsAtTheBoundParseEvaluateAndPrint() throws {
        let nested = try FeatureExpression(parsing: Self.parentheses(Self.depth - 1) + " + 1")
        let chain = try FeatureExpression(parsing: Array(repeating: "a", count: Self.depth).joined(separator: " + "))
        let features = FeatureMatrix(names: ["a"], rowCount: 2, values: [1, 2])
        #expect(try nested.evaluate(on: features) == [2, 3])
        #expect(try chain.evaluate(on: features) == [Double(Self.depth), Double(2 * Self.depth)])
        #expect(try FeatureExpression(parsing: chain.text) == chain)
        // One more operator in a left-associative chain is one level too many.
        #expect(throws: FeatureExpressionError.self) {
            try FeatureExpression(parsing: Array(repeating: "a", count: Self.depth + 2).joined(separator: " + "))
        }
    }

    @Test func messagesStayOnOneLine() throws {
        let error = try #require(throws: FeatureExpressionError.self) { try DerivedFeature(parsing: "r = a\n+\r\n* b") }
        #expect(!error.message.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }, "\(error.message)")
        #expect(error.message.contains("a\\n+\\r\\n* b"))
    }

    @Test func deepDerivedFeatureInAModelFileNamesItsKey() throws {
        let file: JSONValue = [
            "format_version": 1, "kind": "logistic", "feature_names": ["a"],
            "derived_features": [.string("d = " + Self.parentheses(50_000))],
            "model": ["intercept": 0, "coefficients": [1, 1], "centers": [0, 0], "scales": [1, 1], "impute_values": [0, 0]],
        ]
        let error = try #require(throws: ModelFileError.self) { try ModelFile(json: file, path: "deep.json") }
        #expect(error.key == "derived_features[0]")
        #expect(error.message.hasPrefix("deep.json: key 'derived_features[0]'"))
        #expect(!error.message.contains("\n"))
    }

    @Test(arguments: ["[", "{\"k\":"])
    func deepJSONIsRefusedWithItsPosition(open: String) throws {
        let close = open == "[" ? "]" : "}"
        let limit = JSONParser.maximumDepth
        let atLimit = String(repeating: open, count: limit) + "1" + String(repeating: close, count: limit)
        _ = try JSONValue.parse(atLimit)
        let text = String(repeating: open, count: 100_000) + "1" + String(repeating: close, count: 100_000)
        let error = try #require(throws: JSONParseError.self) { try JSONValue.parse(text) }
        #expect(error.line == 1 && error.column == limit * open.utf8.count + 1, "\(error.message)")
        #expect(error.message.contains("nesting of at most \(limit) levels"))
    }

    @Test func deepJSONLinesRowNamesFileAndLine() throws {
        let path = try IOTestSupport.scratchFile("deep.jsonl", "{\"query_id\": 0, \"positive_id\": 1}\n" + String(repeating: "[", count: 60_000) + "\n")
        defer { unlink(path) }
        let error = try #require(throws: JSONParseError.self) { _ = try JSONLinesReader.readAll(path: path) }
        #expect(error.path == path && error.line == 2 && error.column == JSONParser.maximumDepth + 1)
    }
}
