import Foundation
import Quarry

/// `quarry-bench explain-audit [--seeds S] [--rows N] [--permutations B] [--cases a,b] [--first-seed F]
///  [--training-rows T] [--bins K] [--verbose]`
///
/// The many-seed planted-truth suite of the beyond-score audit: for every case of
/// ``PlantedScoredData`` and seeds `F ..< F + S`, draws the data, runs the audit and counts
/// the verdicts. Prints, per case, the rate of each verdict with a 95% Wilson interval: for
/// the not-separable cases the rate of `separable` is the type-I rate at α = 0.05; for the
/// separable cases the rate of `separable` is the power (and how often the carriers were named).
enum AuditSuiteBenchmark {
    static func run(_ args: ArraySlice<String>) throws {
        func value(_ flag: String) -> String? {
            args.firstIndex(of: flag).flatMap { i in i + 1 < args.endIndex ? args[i + 1] : nil }
        }
        let seeds = value("--seeds").flatMap(Int.init) ?? 200
        let firstSeed = value("--first-seed").flatMap(UInt64.init) ?? 1
        let rows = value("--rows").flatMap(Int.init) ?? 4000
        let permutations = value("--permutations").flatMap(Int.init) ?? 199
        let verbose = args.contains("--verbose")
        let trainingRows = value("--training-rows").flatMap(Int.init)
        let bins = value("--bins").flatMap(Int.init) ?? BeyondScoreAudit.Options().scoreBins
        let rate = value("--learning-rate").flatMap(Double.init) ?? BeyondScoreAudit.Options().learningRate
        let patience = value("--patience").flatMap(Int.init) ?? BeyondScoreAudit.Options().patience
        let effect = value("--min-effect").flatMap(Double.init) ?? BeyondScoreAudit.Options().minimumEffect
        let rounds = value("--rounds").flatMap(Int.init) ?? BeyondScoreAudit.Options().rounds
        let cases = value("--cases").map { $0.split(separator: ",").compactMap { PlantedScoredData.Case(rawValue: String($0)) } }
            ?? PlantedScoredData.Case.allCases
        print("explain-audit: \(seeds) seeds from \(firstSeed), \(rows) rows, scorers fitted on \(trainingRows ?? PlantedScoredData.scorerTrainingRows) rows, B = \(permutations), \(bins) score bins, α = 0.05, minimum effect \(effect) nats/row")
        print("case                    expected        separable        not_separable    inconclusive     carriers named   s/seed")
        for planted in cases {
            var counts: [BeyondScoreAudit.Verdict: Int] = [:]
            var named = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for seed in firstSeed..<(firstSeed + UInt64(seeds)) {
                let sample = try PlantedScoredData.make(planted, rows: rows, seed: seed, trainingRows: trainingRows)
                let audit = try BeyondScoreAudit(features: sample.features, labels: sample.labels, scores: sample.scores,
                                                 threshold: sample.threshold,
                                                 options: .init(permutations: permutations, scoreBins: bins, minimumEffect: effect, rounds: rounds, patience: patience,
                                                                learningRate: rate, seed: seed))
                counts[audit.verdict, default: 0] += 1
                if verbose {
                    print(String(format: "  %@ seed %llu: %@ rows %d (%d neg), T %.5f, p %.3f, power %.2f, critical %.5f, named %@",
                                 planted.rawValue, seed, audit.verdict.rawValue, audit.rows.count, audit.negatives,
                                 audit.statistic ?? .nan, audit.pValue ?? .nan, audit.power ?? .nan, audit.criticalValue ?? .nan,
                                 audit.features.prefix(3).map { "\($0.name):\(String(format: "%.1f", $0.statistic))" }.joined(separator: ",")))
                }
                if !planted.carriers.isEmpty, Set(planted.carriers).isSubset(of: Set(audit.namedFeatures)) { named += 1 }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(seeds)
            func cell(_ k: Int) -> String {
                let (lo, hi) = wilson(k, seeds)
                return String(format: "%.3f [%.2f,%.2f]", Double(k) / Double(seeds), lo, hi).padding(toLength: 17, withPad: " ", startingAt: 0)
            }
            let line = planted.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
                + planted.expected.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
                + cell(counts[.separable] ?? 0) + cell(counts[.notSeparable] ?? 0) + cell(counts[.inconclusive] ?? 0)
                + (planted.carriers.isEmpty ? "—".padding(toLength: 17, withPad: " ", startingAt: 0) : cell(named))
                + String(format: "%.2f", seconds)
            print(line)
        }
    }

    /// The 95% Wilson score interval of `k` successes in `n`.
    static func wilson(_ k: Int, _ n: Int) -> (Double, Double) {
        let z = 1.959964, p = Double(k) / Double(n), nn = Double(n)
        let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
        let half = z * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot() / (1 + z * z / nn)
        return (max(0, centre - half), min(1, centre + half))
    }
}
