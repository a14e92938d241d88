import Foundation
import Testing
@testable import Quarry

/// One case of `Tests/Fixtures/analysis/isotonic.txt` (made by `make_isotonic.py` with scikit-learn).
struct IsotonicCase: CustomStringConvertible, Sendable {
    var name = ""
    var x: [Double] = [], y: [Double] = [], w: [Double]? = nil, queries: [Double] = [], predictions: [Double] = []
    var description: String { name }

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/analysis/isotonic.txt")

    static func load() -> [IsotonicCase] {
        guard let text = try? String(contentsOf: fixtureURL, encoding: .utf8) else { return [] }
        var cases: [IsotonicCase] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            let numbers = parts.dropFirst().compactMap { Double($0) }
            switch parts.first {
            case "case": cases.append(IsotonicCase(name: String(parts[1])))
            case "x": cases[cases.count - 1].x = numbers
            case "y": cases[cases.count - 1].y = numbers
            case "w": cases[cases.count - 1].w = numbers
            case "q": cases[cases.count - 1].queries = numbers
            case "p": cases[cases.count - 1].predictions = numbers
            default: break
            }
        }
        return cases
    }
}

@Suite struct IsotonicRegressionTests {
    @Test func fixtureIsPresent() { #expect(IsotonicCase.load().count == 6) }

    @Test(arguments: IsotonicCase.load())
    func matchesScikitLearn(fixture: IsotonicCase) {
        let fit = IsotonicRegression(x: fixture.x, y: fixture.y, weights: fixture.w)
        #expect(fixture.queries.count == fixture.predictions.count && !fixture.queries.isEmpty)
        for (q, expected) in zip(fixture.queries, fixture.predictions) {
            #expect(Swift.abs(fit.predict(q) - expected) <= 1e-12 * Swift.max(1, Swift.abs(expected)), "x = \(q)")
        }
    }

    @Test func fitIsMonotoneAndKeepsTheWeightedMean() {
        var g = SeededGenerator(seed: 7)
        let x = (0..<500).map { _ in g.nextUnitDouble() }
        let y = x.map { g.nextUnitDouble() < $0 ? 1.0 : 0.0 }
        let fit = IsotonicRegression(x: x, y: y)
        #expect(zip(fit.values, fit.values.dropFirst()).allSatisfy { $0 <= $1 })
        // PAV preserves the total: the fitted values at the training points sum to the labels' sum.
        let total = x.map(fit.predict).reduce(0, +)
        #expect(Swift.abs(total - y.reduce(0, +)) < 1e-9)
    }

    /// The fixed-design fits the audit reuses across permutations equal fresh fits exactly
    /// (0/1 labels, tied scores, prediction points outside, on and between the knots).
    @Test func fixedDesignEqualsFreshFits() {
        var g = SeededGenerator(seed: 11)
        let x = (0..<400).map { _ in (g.nextUnitDouble() * 50).rounded() / 50 }  // many ties
        let points = (0..<300).map { _ in g.nextUnitDouble() * 1.2 - 0.1 } + [x[0], x[5], -1, 2]
        let design = IsotonicRegression.FixedDesign(x: x, at: points)
        for _ in 0..<5 {
            let y = x.map { g.nextUnitDouble() < $0 ? 1.0 : 0.0 }
            let fresh = IsotonicRegression(x: x, y: y)
            #expect(design.predictions(y: y) == points.map(fresh.predict))
        }
    }
}
