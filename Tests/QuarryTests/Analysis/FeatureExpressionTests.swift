import Foundation
import Testing
@testable import Quarry

@Suite struct FeatureExpressionTests {
    static let matrix = FeatureMatrix(names: ["a", "b", "c d"], rowCount: 4,
                                      values: [1, 2, .nan, 4,   0, -2, 3, 0.5,   10, 20, 30, 40])

    /// Each expression, and the same arithmetic written directly in Swift.
    static let evaluationTexts = [
        "a + b", "a - b * 2", "a − b × 2", "(a - b) / 2", "a ÷ b", "-a + -(-b)", "a - b - 1", "a / b / 2",
        "log(`c d`)", "log1p(abs(b))", "sqrt(b)", "min(a, b, 1.5)", "max(a, b)", "2.5e1 * a", "log(b)",
    ]

    static func direct(_ index: Int, _ a: Double, _ b: Double, _ c: Double) -> Double {
        let nanAware = a.isNaN || b.isNaN
        switch index {
        case 0: return a + b
        case 1, 2: return a - b * 2
        case 3: return (a - b) / 2
        case 4: return b == 0 ? .nan : a / b
        case 5: return -a + b
        case 6: return (a - b) - 1
        case 7: return b == 0 ? .nan : (a / b) / 2
        case 8: return Foundation.log(c)
        case 9: return Foundation.log1p(Swift.abs(b))
        case 10: return b < 0 ? .nan : b.squareRoot()
        case 11: return nanAware ? .nan : Swift.min(a, b, 1.5)
        case 12: return nanAware ? .nan : Swift.max(a, b)
        case 13: return 25 * a
        default: return b <= 0 ? .nan : Foundation.log(b)
        }
    }

    @Test(arguments: 0..<evaluationTexts.count)
    func evaluatesLikeDirectArithmetic(index: Int) throws {
        let text = Self.evaluationTexts[index]
        let expression = try FeatureExpression(parsing: text)
        let values = try expression.evaluate(on: Self.matrix)
        for row in 0..<4 {
            var expected = Self.direct(index, Self.matrix[row, 0], Self.matrix[row, 1], Self.matrix[row, 2])
            if !expected.isFinite { expected = .nan }
            #expect(values[row] == expected || (values[row].isNaN && expected.isNaN), "\(text) row \(row): \(values[row]) vs \(expected)")
        }
    }

    @Test(arguments: ["a + b * c", "(a + b) * c", "a - (b - c)", "a / (b * c)", "-(a + b)", "-a * b", "log1p(x) / (1 + y)",
                      "min(a, max(b, 2), 3.25)", "`odd name` - 1", "a - -b", "x.y_z + 1e-3"])
    func textRoundTrips(text: String) throws {
        let expression = try FeatureExpression(parsing: text)
        let again = try FeatureExpression(parsing: expression.text)
        #expect(again == expression, "\(text) → \(expression.text)")
    }

    @Test func canonicalText() throws {
        #expect(try FeatureExpression(parsing: "((a)) × (b ÷ c)").text == "a * (b / c)")
        #expect(try FeatureExpression(parsing: "a*b+c").text == "a * b + c")
        let derived = try DerivedFeature(parsing: "ratio = num_links ÷ (1 + words)")
        #expect(derived.name == "ratio")
        #expect(derived.text == "ratio = num_links / (1 + words)")
        #expect(try DerivedFeature(parsing: derived.text) == derived)
        #expect(try FeatureExpression(parsing: "log(a) + b * log(a)").columnNames == ["a", "b"])
    }

    /// (text, 1-based column of the error, a fragment of what was expected)
    @Test(arguments: [
        ("r = a +* b", 8, "a number, a column name"),
        ("r = (a + b", 11, "')'"),
        ("r = a b", 7, "an operator or the end"),
        ("r = foo(a)", 5, "one of the functions"),
        ("r = log(a, b)", 5, "log with 1 argument"),
        ("r = min(a)", 5, "at least 2 arguments"),
        ("= a", 1, "a feature name"),
        ("r a", 3, "'='"),
        ("r = `a", 7, "a closing '`'"),
        ("r = 3x", 6, "an operator after the number"),
        ("r = ", 5, "a number, a column name"),
    ])
    func parseErrorsPointAtTheCharacter(text: String, column: Int, expected: String) {
        do {
            _ = try DerivedFeature(parsing: text)
            Issue.record("\(text) parsed")
        } catch let error as FeatureExpressionError {
            #expect(error.column == column, "\(text): \(error.message)")
            #expect(error.expected.contains(expected), "\(text): \(error.message)")
            #expect(error.kind == .usage)
            #expect(!error.message.contains("\n"))
            let caretLine = error.caretDiagram.split(separator: "\n", omittingEmptySubsequences: false)[1]
            #expect(caretLine.count == column)
            #expect(caretLine.last == "^")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func unknownColumnIsNamed() throws {
        let expression = try FeatureExpression(parsing: "a + nope")
        #expect(throws: InvalidInput.self) { try expression.evaluate(on: Self.matrix) }
        do { _ = try expression.evaluate(on: Self.matrix) } catch { #expect("\(error)".contains("'nope'")) }
    }

    @Test func evaluatesOverTableAndAppends() throws {
        let table = try Table(names: ["a", "b"], columns: [.numeric([1, 2]), .numeric([4, 0])])
        #expect(try FeatureExpression(parsing: "a / b").evaluate(on: table).map { $0.isNaN ? -1 : $0 } == [0.25, -1])
        let derived = try DerivedFeature(parsing: "s = a + `c d`")
        let extended = try derived.appended(to: Self.matrix)
        #expect(extended.names == ["a", "b", "c d", "s"])
        #expect(Array(extended.column(3)).map { $0.isNaN ? -1 : $0 } == [11, 22, -1, 44])
        #expect(throws: InvalidInput.self) { try DerivedFeature(parsing: "a = b").appended(to: Self.matrix) }
    }
}
