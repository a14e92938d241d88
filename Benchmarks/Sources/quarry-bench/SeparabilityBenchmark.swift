import Foundation
import Quarry

/// `quarry-bench explain-separability [--repeats R]`
///
/// Times explain's separability test (5 folds × (1 + 5 permutations) small GBDT fits, plus
/// the full fit for interactions) on the bundled spam data at threshold 0.5, then runs
/// `bench/peers/separability_lightgbm.py` — the same protocol with LightGBM and scikit-learn's
/// StratifiedKFold on the same rows — and prints the ratio and both AUCs.
enum SeparabilityBenchmark {
    static func run(_ args: ArraySlice<String>) throws {
        let repeats = args.firstIndex(of: "--repeats").flatMap { i in i + 1 < args.endIndex ? Int(args[i + 1]) : nil } ?? 3
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Examples/data/spam_scored.csv").path
        let loaded = try CSVTable(path: path)
        let labels = try loaded.binaryLabels(column: "label")
        let scores = try loaded.finiteNumbers(column: "score")
        let names = LabeledData.numericColumns(of: loaded.table, excluding: ["id", "label", "score"])
        let features = try FeatureMatrix(table: loaded.table, features: names)
        let groups = try ExplainGroups(scores: scores, labels: labels, threshold: 0.5)
        let (seconds, test) = try Stopwatch.best(of: repeats) { try SeparabilityTest(features: features, groups: groups) }

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-bench-separability").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let rows = groups.hardNegatives + groups.positives
        let subset = features.selecting(rows: rows)
        var rowMajor = [Double](repeating: 0, count: rows.count * names.count)
        for c in 0..<names.count { for r in 0..<rows.count { rowMajor[r * names.count + c] = subset[r, c] } }
        try NPYArray(rows: rows.count, columns: names.count, doubles: rowMajor).write(to: dir + "/x.npy")
        try NPYArray(rows: rows.count, columns: 1, doubles: groups.hardNegatives.map { _ in 1.0 } + groups.positives.map { _ in 0.0 })
            .write(to: dir + "/y.npy")

        print("explain-separability: spam, \(groups.hardNegatives.count) hard negatives vs \(groups.positives.count) positives, \(names.count) features, 5 folds × 6 labelings + 1 fit, best of \(repeats)")
        print(String(format: "  quarry SeparabilityTest   %.3f s   AUC %.3f, baseline %.3f ± %.3f", seconds,
                     test.crossValidatedAUC ?? .nan, test.baselineMean ?? .nan, test.baselineSD ?? .nan))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("bench/peers/separability_lightgbm.py").path, dir, String(repeats)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let peer = try JSONSerialization.jsonObject(with: output) as? [String: Double],
              let t = peer["seconds"]
        else { print("  peer: not run (python3 with lightgbm and scikit-learn needed)"); return }
        print(String(format: "  LightGBM + StratifiedKFold %.3f s   AUC %.3f, baseline %.3f ± %.3f   quarry/peer time ratio %.2f",
                     t, peer["auc"] ?? .nan, peer["baseline_mean"] ?? .nan, peer["baseline_sd"] ?? .nan, seconds / t))
    }
}
