import Foundation
import Quarry

/// `quarry-bench explain-audit-speed [--rows N] [--permutations B] [--peer-permutations P]`
///
/// Times one beyond-score audit with every one of `N` rows in the region (the hidden-coin law
/// scored by its truth, five features, threshold below every score), B permutations and 20
/// planted signals, then runs `bench/peers/beyond_score_lightgbm.py` — the same procedure with
/// LightGBM (`init_score`, early stopping) and scikit-learn's IsotonicRegression — on the
/// same rows with `P` permutations (the peer is slow; its time per statistic is the
/// comparison), and prints both verdicts and the ratio of seconds per statistic.
enum AuditSpeedBenchmark {
    static func run(_ args: ArraySlice<String>) throws {
        func value(_ flag: String) -> Int? {
            args.firstIndex(of: flag).flatMap { i in i + 1 < args.endIndex ? Int(args[i + 1]) : nil }
        }
        let rows = value("--rows") ?? 100_000
        let permutations = value("--permutations") ?? 199
        let peerPermutations = value("--peer-permutations") ?? 19
        let sample = try PlantedScoredData.make(.nullModel, rows: rows, seed: 1)
        let threshold = sample.scores.min()!
        let start = DispatchTime.now().uptimeNanoseconds
        let audit = try BeyondScoreAudit(features: sample.features, labels: sample.labels, scores: sample.scores,
                                         threshold: threshold, options: .init(permutations: permutations, pairCandidates: 0))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let statistics = Double(1 + permutations + audit.options.powerInjections)
        print("explain-audit-speed: \(audit.rows.count) rows in region, 5 features, B = \(permutations), 20 planted signals, 5 folds")
        print(String(format: "  quarry BeyondScoreAudit   %.2f s (%.3f s per statistic)   %@, T %.5f, p %.3f, power %.2f",
                     seconds, seconds / statistics, audit.verdict.rawValue, audit.statistic ?? .nan, audit.pValue ?? .nan, audit.power ?? .nan))

        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-bench-audit").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let f = sample.features
        var rowMajor = [Double](repeating: 0, count: f.rowCount * f.columnCount)
        for c in 0..<f.columnCount { for r in 0..<f.rowCount { rowMajor[r * f.columnCount + c] = f[r, c] } }
        try NPYArray(rows: f.rowCount, columns: f.columnCount, doubles: rowMajor).write(to: dir + "/x.npy")
        try NPYArray(rows: f.rowCount, columns: 1, doubles: sample.labels.map { $0 ? 1 : 0 }).write(to: dir + "/y.npy")
        try NPYArray(rows: f.rowCount, columns: 1, doubles: sample.scores).write(to: dir + "/s.npy")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("bench/peers/beyond_score_lightgbm.py").path, dir,
                             String(peerPermutations), "20"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let peer = try JSONSerialization.jsonObject(with: output) as? [String: Any],
              let t = peer["seconds"] as? Double, let evaluated = peer["statistics_evaluated"] as? Double
        else { print("  peer: not run (python3 with lightgbm and scikit-learn needed)"); return }
        print(String(format: "  LightGBM + sklearn isotonic %.2f s for %.0f statistics (%.3f s per statistic; B = %d)   %@, T %.5f, p %.3f, power %@",
                     t, evaluated, t / evaluated, peerPermutations, peer["verdict"] as? String ?? "?", peer["statistic"] as? Double ?? .nan,
                     peer["p_value"] as? Double ?? .nan, "\(peer["power"] ?? "null")"))
        print(String(format: "  peer/quarry time per statistic: %.1f×", (t / evaluated) / (seconds / statistics)))
    }
}
