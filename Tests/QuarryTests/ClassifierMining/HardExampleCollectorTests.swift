import Testing
@testable import Quarry

/// Mining against a brute-force reference: filter, sort by hardness with row as the
/// tie-break, cut to the limit.
@Suite struct HardExampleCollectorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var strategy: String
        var sides: MiningSides
        var seed: UInt64
        var testDescription: String { "\(strategy) \(sides) seed \(seed)" }
    }

    static let cases: [Case] = {
        var out: [Case] = []
        for strategy in ["fp", "top1", "top5", "top500", "margin0", "margin0.1"] {
            for sides in MiningSides.allCases {
                for seed in [1, 2, 3] as [UInt64] { out.append(Case(strategy: strategy, sides: sides, seed: seed)) }
            }
        }
        return out
    }()

    static func makeStrategy(_ name: String, threshold: Double) throws -> any HardExampleStrategy {
        switch name {
        case "fp": return FalsePositiveStrategy(threshold: threshold)
        case "margin0": return try MarginStrategy(threshold: threshold, margin: 0)
        case "margin0.1": return try MarginStrategy(threshold: threshold, margin: 0.1)
        default: return try TopKStrategy(k: Int(name.dropFirst(3))!)
        }
    }

    /// Scores drawn from a few distinct values so that ties are common.
    static func data(seed: UInt64, rows: Int = 300) -> (scores: [Double], labels: [Bool]) {
        var rng = SeededGenerator(seed: seed)
        var scores: [Double] = [], labels: [Bool] = []
        for _ in 0..<rows {
            let y = rng.nextUnitDouble() < 0.35
            let s = (Double(rng.nextInt(below: 40)) / 40 + (y ? 0.2 : 0)).rounded(toPlaces: 3)
            scores.append(s)
            labels.append(y)
        }
        return (scores, labels)
    }

    @Test(arguments: cases)
    func matchesBruteForce(_ c: Case) throws {
        let (scores, labels) = Self.data(seed: c.seed)
        let threshold = 0.6
        let strategy = try Self.makeStrategy(c.strategy, threshold: threshold)
        let result = try HardExampleCollector.mine(scores: scores, labels: labels, strategy: strategy, sides: c.sides)

        var expected: [(row: Int, side: MiningSide, rank: Int)] = []
        for side in [MiningSide.negative, .positive] where c.sides.includes(side) {
            var rows = scores.indices.filter { labels[$0] == (side == .positive) }
            rows = rows.filter { row in
                let s = scores[row]
                switch c.strategy {
                case "fp": return side == .negative ? s >= threshold : s < threshold
                case "margin0": return side == .negative ? s >= threshold : s < threshold
                case "margin0.1": return side == .negative ? s >= threshold - 0.1 : s < threshold + 0.1
                default: return true
                }
            }
            rows.sort { a, b in
                let ha = side == .negative ? scores[a] : -scores[a]
                let hb = side == .negative ? scores[b] : -scores[b]
                return ha != hb ? ha > hb : a < b
            }
            if c.strategy.hasPrefix("top") { rows = Array(rows.prefix(Int(c.strategy.dropFirst(3))!)) }
            expected += rows.enumerated().map { (row: $1, side: side, rank: $0 + 1) }
        }
        #expect(result.examples.map(\.row) == expected.map(\.row))
        #expect(result.examples.map(\.side) == expected.map(\.side))
        #expect(result.examples.map(\.rank) == expected.map(\.rank))
        #expect(result.examples.allSatisfy { scores[$0.row] == $0.score })

        let negatives = labels.filter { !$0 }.count
        if c.sides.includes(.negative) {
            #expect(result.sides[.negative]?.from == negatives)
            #expect(result.sides[.negative]?.mined == expected.filter { $0.side == .negative }.count)
        } else {
            #expect(result.sides[.negative] == nil)
        }
    }

    @Test func nonFiniteScoreIsADataError() {
        #expect(throws: InvalidInput.self) {
            try HardExampleCollector.mine(scores: [0.1, .nan], labels: [false, false],
                                          strategy: FalsePositiveStrategy(threshold: 0.5))
        }
    }

    @Test func invalidParametersAreUsageErrors() {
        #expect(throws: InvalidInput.self) { try TopKStrategy(k: 0) }
        #expect(throws: InvalidInput.self) { try MarginStrategy(threshold: 0.5, margin: -1) }
    }

    @Test func summaryDistributionMatchesReference() throws {
        let scores: [Double] = [0.9, 0.1, 0.8, 0.7, 0.2, 0.95]
        let labels: [Bool] = [false, false, false, true, false, true]
        let result = try HardExampleCollector.mine(scores: scores, labels: labels, strategy: FalsePositiveStrategy(threshold: 0.75))
        let summary = try #require(result.sides[.negative])
        #expect(summary.mined == 2)
        #expect(summary.from == 4)
        // Brute force: the median of four sorted values is the mean of the middle two; the
        // population standard deviation from its definition.
        let negatives = [0.1, 0.2, 0.8, 0.9]
        let mean = negatives.reduce(0, +) / 4
        let std = (negatives.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
        #expect(summary.allScores.median == (0.2 + 0.8) / 2)
        #expect(abs(summary.allScores.std! - std) < 1e-15)
        #expect(summary.minedScores.min == 0.8)
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
