import Testing
@testable import Quarry

/// The radix sort against the standard library's sort on seeded random inputs.
@Suite struct ScoreRadixSortTests {
    /// Scores of several shapes: wide-range signed values, float32-widened probabilities,
    /// heavy ties, and signed zeros.
    static func scores(shape: Int, count: Int, seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let u = g.nextUnitDouble()
            switch shape {
            case 0: return (u - 0.5) * pow10(Double(g.nextInt(below: 40) - 20))
            case 1: return Double(Float(u))
            case 2: return Double(g.nextInt(below: 7)) / 4 - 0.5
            default: return [0.0, -0.0, 1e-300, -1e-300, .greatestFiniteMagnitude, -.greatestFiniteMagnitude][g.nextInt(below: 6)]
            }
        }
    }

    static func pow10(_ e: Double) -> Double {
        var x = 1.0
        for _ in 0..<Int(abs(e)) { x *= 10 }
        return e < 0 ? 1 / x : x
    }

    @Test(arguments: [0, 1, 2, 3], [1, 2, 5, 1000, 70_000])
    func sortsDescendingAndStableLikeTheStandardLibrary(shape: Int, count: Int) {
        let scores = Self.scores(shape: shape, count: count, seed: UInt64(shape * 1_000_003 + count))
        var g = SeededGenerator(seed: 5)
        let labels = (0..<count).map { _ in UInt8(g.nextInt(below: 2)) }
        // Reference: stable sort of row indices by descending score, -0.0 equal to +0.0.
        let order = Array(scores.indices).sorted { a, b in
            scores[a] != scores[b] ? scores[a] > scores[b] : a < b
        }
        for threads in [1, 2, 3] {
            let sorted = ScoreRadixSort.sortDescending(scores: scores, labels: labels, threads: threads)
            let decoded = sorted.keys.map(ScoreRadixSort.score(fromDescendingKey:))
            #expect(decoded == order.map { scores[$0] + 0.0 }, "threads \(threads)")
            #expect(sorted.labels == order.map { labels[$0] }, "threads \(threads)")
        }
    }

    @Test(arguments: [0.0, -0.0, 1.5, -1.5, .leastNonzeroMagnitude, -0x1p-1030, .greatestFiniteMagnitude, -.leastNormalMagnitude])
    func keysRoundTrip(score: Double) {
        let back = ScoreRadixSort.score(fromDescendingKey: ScoreRadixSort.descendingKey(score))
        #expect(back == score)
        #expect(back.bitPattern == (score + 0.0).bitPattern)
    }

    @Test func thresholdCurveDoesNotDependOnThreads() throws {
        let scores = Self.scores(shape: 2, count: 200_000, seed: 11)
        var g = SeededGenerator(seed: 12)
        let labels = (0..<scores.count).map { _ in g.nextInt(below: 3) == 0 }
        let data = try ScoredLabels(scores: scores, labels: labels)
        let one = ThresholdCurve(data, threads: 1)
        let two = ThresholdCurve(data, threads: 2)
        #expect(one.thresholds == two.thresholds)
        #expect(one.truePositives == two.truePositives)
        #expect(one.falsePositives == two.falsePositives)
        #expect(one.sortedLabels == two.sortedLabels)
        #expect(one.thresholds == Array(Set(scores)).sorted(by: >))
    }
}
