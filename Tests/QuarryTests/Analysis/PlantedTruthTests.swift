import Foundation
import Testing
@testable import Quarry

/// Explain on data whose cause of hardness is planted, generated with a seed.
@Suite struct PlantedTruthTests {
    /// A standard normal draw (Box–Muller).
    static func normal(_ g: inout SeededGenerator) -> Double {
        let u = max(g.nextUnitDouble(), 1e-300), v = g.nextUnitDouble()
        return (-2 * Foundation.log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// Four features; the model scores `sigmoid(x0 + x1)`. Above the threshold, `isNegative`
    /// decides the label; below it, 10% of rows are positive.
    static func scoredData(seed: UInt64, rows: Int, isNegative: (inout SeededGenerator, [Double]) -> Bool)
        -> (FeatureMatrix, [Bool], [Double])
    {
        var g = SeededGenerator(seed: seed)
        var columns = [[Double]](repeating: [], count: 4)
        var labels: [Bool] = [], scores: [Double] = []
        for _ in 0..<rows {
            let x = (0..<4).map { _ in normal(&g) }
            for c in 0..<4 { columns[c].append(x[c]) }
            let score = sigmoid(x[0] + x[1])
            scores.append(score)
            labels.append(score >= 0.5 ? !isNegative(&g, x) : g.nextUnitDouble() < 0.1)
        }
        return (FeatureMatrix(names: ["x0", "x1", "x2", "x3"], rowCount: rows, values: columns.flatMap { $0 }), labels, scores)
    }

    static let options = ExplainOptions(groups: .init(positiveBand: 1, minimumPositives: 30, easyMargin: 0.2),
                                        audit: .init(permutations: 39, powerInjections: 10, seed: 11))

    @Test func interactionIsSeparableAndNamed() throws {
        // Above the threshold, a row is negative exactly when x2 > 0 and x3 > 0.
        let (features, labels, scores) = Self.scoredData(seed: 202, rows: 1200) { _, x in x[2] > 0 && x[3] > 0 }
        let report = try ExplainReport.explain(features: features, labels: labels, scores: scores, threshold: 0.5, options: Self.options)
        let a = report.beyondScore
        let top = try #require(a.interactions.first)
        print("planted interaction: T \(a.statistic!) nats/row, p \(a.pValue!) → \(a.verdict.rawValue); top pair \(top.first) × \(top.second) z \(top.statistic)")
        #expect(a.verdict == .separable)
        #expect(Set([top.first, top.second]) == ["x2", "x3"] && top.named)
        #expect(Set(a.namedFeatures.prefix(2)) == ["x2", "x3"])
        #expect(report.text.contains("x2 × x3") || report.text.contains("x3 × x2"))
        // Per feature, x2 and x3 rank first.
        #expect(Set(report.features.prefix(2).map(\.feature)) == ["x2", "x3"])
        // Among all negatives, hard ones concentrate where the score is high: the top slice
        // bounds a score driver (x0 or x1) from below.
        print("planted interaction: top slice \(report.slices.first?.text ?? "none"), lift \(report.slices.first?.lift ?? 0)")
        #expect(report.slices.first.map { $0.conditions.contains { ["x0", "x1"].contains($0.feature) && $0.lower != nil } } == true)
    }

    @Test func flippedLabelsAreRecoveredAsSuspects() throws {
        // Five features; the true label is sign(3·(x0 + x1) + x2 + small noise); the model's
        // score is the true probability. 5% of the positives get their label flipped to negative.
        var g = SeededGenerator(seed: 303)
        let rows = 2000
        var columns = [[Double]](repeating: [], count: 5)
        var labels: [Bool] = [], scores: [Double] = []
        for _ in 0..<rows {
            let x = (0..<5).map { _ in Self.normal(&g) }
            for c in 0..<5 { columns[c].append(x[c]) }
            let logit = 3 * (x[0] + x[1]) + x[2]
            scores.append(Self.sigmoid(logit))
            labels.append(logit + 0.5 * Self.normal(&g) > 0)
        }
        var flipped = Set<Int>()
        for row in 0..<rows where labels[row] && g.nextUnitDouble() < 0.05 {
            labels[row] = false
            flipped.insert(row)
        }
        let features = FeatureMatrix(names: (0..<5).map { "x\($0)" }, rowCount: rows, values: columns.flatMap { $0 })
        let suspects = try LabelSuspects(features: features, labels: labels, scores: scores, threshold: 0.5,
                                         candidates: (0..<rows).filter { !labels[$0] && scores[$0] >= 0.5 })
        let found = suspects.rows
        let hits = found.intersection(flipped).count
        let precision = Double(hits) / Double(max(found.count, 1))
        let recall = Double(hits) / Double(flipped.count)
        // Flips the model scores below the threshold are not hard negatives: no explain can see them.
        let visible = flipped.filter { scores[$0] >= 0.5 }
        let visibleRecall = Double(hits) / Double(visible.count)
        print("planted flipped labels: \(flipped.count) flipped (\(visible.count) score >= threshold), \(found.count) suspects, precision \(precision), recall \(recall), recall among flips scoring >= threshold \(visibleRecall)")
        let missed = visible.subtracting(found)
        let belowConfident = missed.filter { scores[$0] < suspects.confidentThreshold! }.count
        print("planted flipped labels: \(missed.count) missed, \(belowConfident) of them below the confident-learning threshold \(suspects.confidentThreshold!)")
        #expect(recall >= 0.6)
        #expect(visibleRecall >= 0.6)
        #expect(precision >= 0.8)
        // A miner excluding suspects keeps every other row, in order.
        let mined = (0..<rows).filter { !labels[$0] && scores[$0] >= 0.5 }
        let kept = suspects.excluding(mined)
        #expect(kept.count == mined.count - found.count)
        #expect(kept.allSatisfy { !found.contains($0) })
    }

    @Test func sameSeedSameReport() throws {
        let (features, labels, scores) = Self.scoredData(seed: 404, rows: 400) { _, x in x[2] > 0.5 }
        let a = try ExplainReport.explain(features: features, labels: labels, scores: scores, threshold: 0.5, options: Self.options)
        let b = try ExplainReport.explain(features: features, labels: labels, scores: scores, threshold: 0.5, options: Self.options)
        #expect(a.json.serialized() == b.json.serialized())
        #expect(a.json["quarry_version"]?.stringValue == Quarry.version)
        #expect(a.json["warnings"]?.arrayValue != nil)
        #expect(a.text.contains("Beyond the score:"))
    }
}
