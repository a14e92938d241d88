import Foundation
import Testing
@testable import Quarry

/// Distributed thresholds: per-partition exact score counts, merged, against brute force on
/// the concatenated pool; partitioned top-k and threshold mining merged against one pass.
@Suite struct ScoreCountsTests {
    /// A pool with many exact ties (scores rounded to 2 digits), -0.0 and +0.0, split into
    /// `parts` uneven partitions (some empty).
    static func pool(seed: UInt64, rows: Int = 3_000, parts: Int) -> (scores: [Double], labels: [Bool], cuts: [Int]) {
        var g = SeededGenerator(seed: seed)
        var scores: [Double] = [], labels: [Bool] = []
        for _ in 0..<rows {
            let positive = g.nextUnitDouble() < 0.3
            let raw = (positive ? 0.25 : 0.0) + g.nextUnitDouble() * 0.75
            scores.append(g.nextInt(below: 50) == 0 ? (g.nextInt(below: 2) == 0 ? -0.0 : 0.0) : (raw * 100).rounded() / 100)
            labels.append(positive)
        }
        var cuts = (0..<(parts - 1)).map { _ in g.nextInt(below: rows + 1) }.sorted()
        if parts > 2 { cuts[1] = cuts[0] }   // an empty partition
        return (scores, labels, [0] + cuts + [rows])
    }

    static let rules: [OperatingPointRule] = [.targetRecall(0.9), .targetRecall(0.5), .targetRecall(1.0),
                                              .targetPrecision(0.8), .targetPrecision(0.95), .targetFPR(0.05), .targetFPR(0.0)]

    @Test(arguments: [1, 2, 3, 7])
    func mergedCountsGiveTheConcatenationsThreshold(parts: Int) throws {
        let p = Self.pool(seed: UInt64(40 + parts), parts: parts)
        let whole = try ScoredLabels(scores: p.scores, labels: p.labels)
        var counts: [ScoreCounts] = []
        for i in 0..<parts where p.cuts[i] < p.cuts[i + 1] {
            let range = p.cuts[i]..<p.cuts[i + 1]
            counts.append(ScoreCounts(try ScoredLabels(scores: Array(p.scores[range]), labels: Array(p.labels[range]))))
        }
        let merged = ScoreCounts.merged(counts)
        #expect(merged == ScoreCounts(whole))
        #expect(merged.rows == p.scores.count)
        let curve = ThresholdCurve(whole)
        for rule in Self.rules {
            let expected = curve.operatingPoint(rule)
            let got = merged.operatingPoint(rule)
            #expect(got?.threshold.bitPattern == expected?.threshold.bitPattern)
            #expect(got?.truePositives == expected?.truePositives && got?.falsePositives == expected?.falsePositives)
        }
        // Brute force: a threshold with recall ≥ 0.9 and the best precision, ties → higher threshold.
        let distinct = Set(p.scores.map { $0 + 0.0 }).sorted(by: >)
        let positives = p.labels.filter { $0 }.count
        var best: (t: Double, precision: Double)?
        for t in distinct {
            let tp = zip(p.scores, p.labels).filter { $0.0 >= t && $0.1 }.count
            let predicted = p.scores.filter { $0 >= t }.count
            guard Double(tp) / Double(positives) >= 0.9 else { continue }
            let precision = Double(tp) / Double(predicted)
            if best == nil || precision > best!.precision { best = (t, precision) }
        }
        #expect(merged.operatingPoint(.targetRecall(0.9))?.threshold == best?.t)
    }

    @Test func fileRoundTripIsBitExactAndBadFilesNameTheLine() throws {
        let p = Self.pool(seed: 9, rows: 500, parts: 1)
        let counts = ScoreCounts(try ScoredLabels(scores: p.scores.map { $0 * 1.000000001 + 1e-17 }, labels: p.labels))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-counts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("c.csv").path
        try counts.write(to: path)
        let back = try ScoreCounts.read(path: path)
        #expect(back.scores.map(\.bitPattern) == counts.scores.map(\.bitPattern))
        #expect(back == counts)
        for (text, needle) in [("score,negatives,positives\n0.5,1,0\n0.7,0,1\n", ":3:1"),
                               ("score,negatives,positives\n0.5,x,0\n", ":2:2"),
                               ("score,n\n", ":1:"), ("score,negatives,positives\n0.5,0,0\n", ":2:")] {
            let bad = dir.appendingPathComponent("bad.csv").path
            try text.write(toFile: bad, atomically: true, encoding: .utf8)
            do { _ = try ScoreCounts.read(path: bad); Issue.record("accepted \(text)") } catch let e as InvalidInput {
                #expect(e.message.contains(needle), "\(e.message)")
                #expect(e.kind == .dataError)
            }
        }
    }

    /// Mining each partition with the global threshold (or top-k), then a stable sort of the
    /// concatenation (partition order) by hardness, re-ranked and cut to k, is one pass on the pool.
    @Test(arguments: [1, 2, 3, 7])
    func partitionedMiningMergesExactly(parts: Int) throws {
        let p = Self.pool(seed: UInt64(70 + parts), parts: parts)
        let threshold = ScoreCounts(try ScoredLabels(scores: p.scores, labels: p.labels)).operatingPoint(.targetRecall(0.8))!.threshold
        let strategies: [(any HardExampleStrategy, Int?)] = [(FalsePositiveStrategy(threshold: threshold), nil),
                                                              (try TopKStrategy(k: 25), 25),
                                                              (try MarginStrategy(threshold: threshold, margin: 0.05), nil)]
        for (strategy, k) in strategies {
            func run(_ range: Range<Int>) -> [MinedExample<Void>] {
                var c = HardExampleCollector<Void>(strategy: strategy, sides: .both)
                for r in range { c.add(row: r, score: p.scores[r], side: p.labels[r] ? .positive : .negative, payload: ()) }
                return c.finish().examples
            }
            let whole = run(0..<p.scores.count)
            var merged: [MinedExample<Void>] = []
            for side in MiningSide.allCases {
                let pieces = (0..<parts).flatMap { run(p.cuts[$0]..<p.cuts[$0 + 1]).filter { $0.side == side } }
                // Swift's sort is not stable: sort by (hardness, concatenation position).
                let hardness: (MinedExample<Void>) -> Double = { side == .negative ? $0.score : -$0.score }
                let ordered = pieces.enumerated().sorted { a, b in
                    hardness(a.element) > hardness(b.element) || (hardness(a.element) == hardness(b.element) && a.offset < b.offset)
                }.map(\.element).prefix(k ?? .max)
                merged += ordered.enumerated().map { MinedExample(row: $1.row, score: $1.score, side: side, rank: $0 + 1, payload: ()) }
            }
            #expect(merged.map(\.row) == whole.map(\.row))
            #expect(merged.map(\.rank) == whole.map(\.rank))
        }
    }
}
