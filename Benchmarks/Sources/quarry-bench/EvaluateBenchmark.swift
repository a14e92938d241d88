import Foundation
import Quarry

/// `quarry-bench evaluate-kernel [--repeats N] [--threads T] [--no-peer]`: Quarry's metric kernel
/// (validation, radix sort + tie collapse, ROC AUC, average precision, precision–recall curve)
/// against scikit-learn's `roc_auc_score` + `average_precision_score` + `precision_recall_curve`
/// on the same in-memory 10,000,000 scores, in the same run. Data: `bench/out/*.bin` from
/// `python3 bench/peers/gen_scores.py` (generated on first use). Loading is not timed on either side.
enum EvaluateBenchmark {
    static func runKernel(_ arguments: ArraySlice<String>) throws {
        var repeats = 3
        var threads: Int? = nil
        var peer = true
        var breakdown = false
        var rest = arguments
        while let flag = rest.popFirst() {
            switch flag {
            case "--repeats": repeats = Int(rest.popFirst() ?? "") ?? repeats
            case "--threads": threads = Int(rest.popFirst() ?? "")
            case "--no-peer": peer = false
            case "--breakdown": breakdown = true
            default: throw InvalidInput("evaluate-kernel: unknown option \(flag)")
            }
        }
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let out = root.appendingPathComponent("bench/out")
        let scoresURL = out.appendingPathComponent("scores_f32.bin")
        let labelsURL = out.appendingPathComponent("labels_u8.bin")
        if !FileManager.default.fileExists(atPath: scoresURL.path) {
            try python(root, ["bench/peers/gen_scores.py"])
        }
        let rawScores = try Data(contentsOf: scoresURL)
        let labels = [UInt8](try Data(contentsOf: labelsURL))
        let scores: [Double] = rawScores.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))) }
        }
        print("evaluate-kernel: \(scores.count) rows, \(labels.reduce(0) { $0 + Int($1) }) positives, "
              + "threads \(threads.map(String.init) ?? "all (\(ProcessInfo.processInfo.activeProcessorCount))"), best of \(repeats)")

        if breakdown {
            for _ in 0..<max(1, repeats) {
                var t = DispatchTime.now().uptimeNanoseconds
                var cpu = processCPUSeconds()
                func lap(_ name: String) {
                    let now = DispatchTime.now().uptimeNanoseconds
                    let nowCPU = processCPUSeconds()
                    print("  \(name): wall \(String(format: "%.3f", Double(now - t) / 1e9)) s, cpu \(String(format: "%.3f", nowCPU - cpu)) s")
                    t = now
                    cpu = nowCPU
                }
                let data = try ScoredLabels(scores: scores, labels: labels)
                lap("validate")
                let curve = ThresholdCurve(data, threads: threads)
                lap("sort + collapse ties")
                _ = curve.rocAUC
                lap("roc_auc")
                _ = curve.averagePrecision
                lap("average_precision")
                _ = curve.precisionRecallCurve
                lap("precision_recall_curve")
            }
            return
        }
        var runs: [Double] = []
        var cpuRuns: [Double] = []
        var result: (auc: Double?, ap: Double?, points: Int) = (nil, nil, 0)
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = processCPUSeconds()
            let data = try ScoredLabels(scores: scores, labels: labels)
            let curve = ThresholdCurve(data, threads: threads)
            let auc = curve.rocAUC
            let ap = curve.averagePrecision
            let pr = curve.precisionRecallCurve
            runs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            cpuRuns.append(processCPUSeconds() - cpuStart)
            result = (auc, ap, pr?.precision.count ?? 0)
        }
        let quarry = runs.min()!
        print(String(format: "quarry  best %.3f s (cpu %.3f s)  runs %@  roc_auc %.12f  average_precision %.12f  pr_points %d",
                     quarry, cpuRuns.min()!, runs.map { String(format: "%.3f", $0) }.joined(separator: " "),
                     result.auc ?? .nan, result.ap ?? .nan, result.points))
        guard peer else { return }
        try comparePeer(root, script: "bench/peers/evaluate_sklearn.py", repeats: repeats, quarrySeconds: quarry, quarryCPU: cpuRuns.min()!)
    }

    /// `quarry-bench evaluate-file [--repeats N] [--threads T] [--no-peer]`: end to end from
    /// `bench/out/scores.csv` (10,000,000 rows `label,score`; `gen_scores.py --csv`): CSV load,
    /// label and score checks, sort, ROC AUC, average precision, precision–recall curve —
    /// against pandas.read_csv + the same scikit-learn calls, in the same run.
    static func runFile(_ arguments: ArraySlice<String>) throws {
        var repeats = 3
        var threads: Int? = nil
        var peer = true
        var rest = arguments
        while let flag = rest.popFirst() {
            switch flag {
            case "--repeats": repeats = Int(rest.popFirst() ?? "") ?? repeats
            case "--threads": threads = Int(rest.popFirst() ?? "")
            case "--no-peer": peer = false
            default: throw InvalidInput("evaluate-file: unknown option \(flag)")
            }
        }
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let csv = root.appendingPathComponent("bench/out/scores.csv").path
        if !FileManager.default.fileExists(atPath: csv) {
            try python(root, ["bench/peers/gen_scores.py", "--csv"])
        }
        print("evaluate-file: \(csv), threads \(threads.map(String.init) ?? "all (\(ProcessInfo.processInfo.activeProcessorCount))"), best of \(repeats)")
        var runs: [Double] = []
        var cpuRuns: [Double] = []
        var result: (rows: Int, auc: Double?, ap: Double?, points: Int) = (0, nil, nil, 0)
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = processCPUSeconds()
            let loaded = try CSVTable(path: csv, options: .init(numericColumns: ["label", "score"], threads: threads))
            let data = try ScoredLabels(scores: try loaded.finiteNumbers(column: "score"),
                                        labels: try loaded.binaryLabels(column: "label"))
            let curve = ThresholdCurve(data, threads: threads)
            let auc = curve.rocAUC
            let ap = curve.averagePrecision
            let pr = curve.precisionRecallCurve
            runs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            cpuRuns.append(processCPUSeconds() - cpuStart)
            result = (data.count, auc, ap, pr?.precision.count ?? 0)
        }
        let quarry = runs.min()!
        print(String(format: "quarry  best %.3f s (cpu %.3f s)  runs %@  rows %d  roc_auc %.12f  average_precision %.12f  pr_points %d",
                     quarry, cpuRuns.min()!, runs.map { String(format: "%.3f", $0) }.joined(separator: " "), result.rows,
                     result.auc ?? .nan, result.ap ?? .nan, result.points))
        guard peer else { return }
        try comparePeer(root, script: "bench/peers/evaluate_file_sklearn.py", repeats: repeats, quarrySeconds: quarry, quarryCPU: cpuRuns.min()!)
    }

    /// Runs a peer script, prints its line and the ratio.
    static func comparePeer(_ root: URL, script: String, repeats: Int, quarrySeconds quarry: Double, quarryCPU: Double) throws {
        let line = try python(root, [script, "--repeats", String(repeats)])
        guard let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let sklearn = json["seconds"] as? Double else {
            throw InvalidInput("unreadable peer output: \(line)")
        }
        let peerRuns = (json["runs"] as? [Double] ?? []).map { String(format: "%.3f", $0) }.joined(separator: " ")
        let peerCPU = json["cpu_seconds"] as? Double ?? .nan
        print(String(format: "peer    best %.3f s (cpu %.3f s)  runs %@  roc_auc %.12f  average_precision %.12f  pr_points %d",
                     sklearn, peerCPU, peerRuns, json["roc_auc"] as? Double ?? .nan,
                     json["average_precision"] as? Double ?? .nan, json["pr_points"] as? Int ?? 0))
        print(String(format: "ratio   peer / quarry = %.1f× wall, %.1f× cpu", sklearn / quarry, peerCPU / quarryCPU))
    }

    /// CPU time used by this process so far (all threads), in seconds.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Runs a Python script from the repository root and returns its standard output.
    @discardableResult
    static func python(_ root: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InvalidInput("python3 \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)")
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
