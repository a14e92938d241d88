import Testing
@testable import Quarry

/// Bootstrap determinism, thread independence, and each replicate against a brute-force
/// recomputation on the explicitly resampled rows.
@Suite struct BootstrapIntervalsTests {
    static func sample(count: Int, seed: UInt64) throws -> ScoredLabels {
        var g = SeededGenerator(seed: seed)
        var scores: [Double] = []
        var labels: [Bool] = []
        for _ in 0..<count {
            let positive = g.nextInt(below: 4) == 0
            let score = (g.nextUnitDouble() * 0.7 + (positive ? 0.3 : 0)) * 100
            scores.append(score.rounded() / 100)  // ties
            labels.append(positive)
        }
        return try ScoredLabels(scores: scores, labels: labels)
    }

    @Test func sameSeedSameIntervalsWhateverTheThreads() throws {
        let curve = ThresholdCurve(try Self.sample(count: 3000, seed: 1))
        let one = curve.bootstrapIntervals(threshold: 0.5, replicates: 101, seed: 42, threads: 1)
        let two = curve.bootstrapIntervals(threshold: 0.5, replicates: 101, seed: 42, threads: 2)
        let seven = curve.bootstrapIntervals(threshold: 0.5, replicates: 101, seed: 42, threads: 7)
        #expect(one == two)
        #expect(one == seven)
        let other = curve.bootstrapIntervals(threshold: 0.5, replicates: 101, seed: 43, threads: 2)
        #expect(other != one)
    }

    @Test(arguments: [0, 1, 17])
    func replicateMatchesBruteForceOnTheResampledRows(replicate: Int) throws {
        let curve = ThresholdCurve(try Self.sample(count: 500, seed: 2))
        let threshold = 0.5
        var counts = [UInt32](repeating: 0, count: curve.rows)
        let fast = curve.replicateStatistics(replicate: replicate, seed: 9,
                                             cutoff: curve.rowCount(atOrAbove: threshold), counts: &counts)
        // Brute force: draw the same positions, build the resampled data set, evaluate it from scratch.
        var g = ThresholdCurve.bootstrapGenerator(seed: 9, replicate: replicate)
        let picks = (0..<curve.rows).map { _ in g.nextInt(below: curve.rows) }
        let resampled = try ScoredLabels(scores: picks.map { curve.sortedScores[$0] },
                                         labels: picks.map { curve.sortedLabels[$0] })
        let slow = ThresholdCurve(resampled)
        let point = slow.operatingPoint(atThreshold: threshold)
        #expect(close(fast.precision, point.precision, tolerance: 1e-12))
        #expect(close(fast.recall, point.recall, tolerance: 1e-12))
        #expect(close(fast.falsePositiveRate, point.falsePositiveRate, tolerance: 1e-12))
        #expect(close(fast.averagePrecision, slow.averagePrecision, tolerance: 1e-12))
    }

    @Test func intervalsBracketTheFullDataEstimates() throws {
        let fixture = try MetricsFixture.load("spam")
        let curve = ThresholdCurve(fixture.data)
        let point = curve.operatingPoint(atThreshold: 0.5)
        let b = curve.bootstrapIntervals(threshold: 0.5, replicates: 400, seed: 7)
        #expect(b.definedReplicates == [400, 400, 400, 400])
        let pairs: [(ConfidenceInterval?, Double?)] = [
            (b.precision, point.precision), (b.recall, point.recall),
            (b.falsePositiveRate, point.falsePositiveRate), (b.averagePrecision, curve.averagePrecision),
        ]
        for (interval, estimate) in pairs {
            let i = try #require(interval)
            let e = try #require(estimate)
            #expect(i.low <= e && e <= i.high)
            // 4601 rows: a 95% interval of a rate is a few points wide, not degenerate.
            #expect(i.high - i.low > 0.001 && i.high - i.low < 0.1)
        }
    }

    @Test func undefinedReplicatesAreLeftOut() throws {
        // One positive among 40 rows: many replicates draw no positive at all.
        let scores = (0..<40).map { Double($0) / 40 }
        let labels = (0..<40).map { $0 == 39 }
        let curve = ThresholdCurve(try ScoredLabels(scores: scores, labels: labels))
        let b = curve.bootstrapIntervals(threshold: 0.9, replicates: 200, seed: 3)
        #expect(b.definedReplicates[1] < 200)
        #expect(b.definedReplicates[1] > 0)
        #expect(b.definedReplicates[2] == 200)
        let noPoint = curve.bootstrapIntervals(threshold: nil, replicates: 20, seed: 3)
        #expect(noPoint.precision == nil && noPoint.recall == nil && noPoint.falsePositiveRate == nil)
        #expect(noPoint.definedReplicates[0] == 0)
    }
}
