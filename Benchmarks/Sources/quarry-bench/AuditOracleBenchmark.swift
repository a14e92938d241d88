import Foundation
import Quarry

/// `quarry-bench explain-audit-oracle [--seeds S] [--rows N] [--training-rows T1,T2,…] [--cases a,b]`
///
/// How much information beyond its score a planted case's scorer really leaves, measured
/// against the oracle `P(y | x)` rather than by the audit: on `N` rows (large), the region's
/// calibration `q̂(s)` is a 2-fold cross-fitted isotonic regression of the labels on the
/// score, and the gap is the mean `KL(P(y | x) ‖ q̂(s))` over the region in nats per row —
/// the log-loss per row a model of the features could gain at the same score. The truth as
/// its own scorer (`null_model`) gives the floor of the measure (the isotonic fit's own
/// error). A gap well above that floor and comparable to what the audit detects at the
/// suite's row count means the case's "not separable" label is false as built.
enum AuditOracleBenchmark {
    static func run(_ args: ArraySlice<String>) throws {
        func value(_ flag: String) -> String? {
            args.firstIndex(of: flag).flatMap { i in i + 1 < args.endIndex ? args[i + 1] : nil }
        }
        let seeds = value("--seeds").flatMap(Int.init) ?? 5
        let rows = value("--rows").flatMap(Int.init) ?? 200_000
        let sizes = value("--training-rows").map { $0.split(separator: ",").compactMap { Int($0) } }
            ?? [2000, PlantedScoredData.scorerTrainingRows]
        let cases = value("--cases").map { $0.split(separator: ",").compactMap { PlantedScoredData.Case(rawValue: String($0)) } }
            ?? [.nullModel, .probitTruth, .hiddenCoinLogistic, .hiddenCoinGBDT]
        print("explain-audit-oracle: \(rows) rows, \(seeds) seeds; gap = mean KL(P(y|x) ‖ q̂(s)) over the region, nats/row")
        print("case                    scorer rows   region rows   gap (mean ± sd over seeds)")
        for planted in cases {
            for size in sizes {
                var gaps: [Double] = []
                var regionRows = 0
                for seed in 1...UInt64(seeds) {
                    let sample = try PlantedScoredData.make(planted, rows: rows, seed: seed, trainingRows: size)
                    let region = sample.scores.indices.filter { sample.scores[$0] >= sample.threshold }
                    regionRows = region.count
                    let halves = [region.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
                                  region.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)]
                    var total = 0.0
                    for (fitHalf, evalHalf) in [(halves[0], halves[1]), (halves[1], halves[0])] {
                        let fit = IsotonicRegression(x: fitHalf.map { sample.scores[$0] }, y: fitHalf.map { sample.labels[$0] ? 1 : 0 })
                        for i in evalHalf {
                            let p = sample.truth[i]
                            let q = min(max(fit.predict(sample.scores[i]), 1e-6), 1 - 1e-6)
                            total += (p > 0 ? p * log(p / q) : 0) + (p < 1 ? (1 - p) * log((1 - p) / (1 - q)) : 0)
                        }
                    }
                    gaps.append(total / Double(region.count))
                }
                let mean = gaps.reduce(0, +) / Double(gaps.count)
                let sd = (gaps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, gaps.count - 1))).squareRoot()
                let scorer = [.nullModel, .monotoneTransform, .scoreShift].contains(planted) ? "truth" : String(size)
                print(planted.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
                      + scorer.padding(toLength: 14, withPad: " ", startingAt: 0)
                      + String(regionRows).padding(toLength: 14, withPad: " ", startingAt: 0)
                      + String(format: "%.5f ± %.5f", mean, sd))
                if scorer == "truth" { break }
            }
        }
    }
}
