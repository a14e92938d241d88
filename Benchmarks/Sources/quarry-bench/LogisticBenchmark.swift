import Foundation
import Quarry

/// `quarry-bench logistic [--dataset spam|1m|all] [--repeats N] [--c C] [--tol T] [--no-peer]`
///
/// Fit (standardization included) and predict time of Quarry's logistic regression against
/// scikit-learn's (bench/peers/logistic_sklearn.py, run here on the same data), with the
/// ratio peer / Quarry (> 1 means Quarry is faster) and both log-losses as a sanity check.
/// The 1m set comes from `python3 bench/peers/make_logistic_data.py` (bench/out/).
enum LogisticBenchmark {
    static func run(_ arguments: ArraySlice<String>) throws {
        var options: [String: String] = [:]
        var flags = Set<String>()
        var i = arguments.startIndex
        while i < arguments.endIndex {
            let key = arguments[i]
            if key == "--no-peer" { flags.insert(key); i += 1; continue }
            guard i + 1 < arguments.endIndex else { throw InvalidInput("\(key) needs a value") }
            options[key] = arguments[i + 1]
            i += 2
        }
        let datasets = (options["--dataset"] ?? "all") == "all" ? ["spam", "1m"] : [options["--dataset"]!]
        let repeats = Int(options["--repeats"] ?? "3") ?? 3
        let c = Double(options["--c"] ?? "1") ?? 1
        let tol = Double(options["--tol"] ?? "1e-6") ?? 1e-6
        let loadAverage = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
        print("logistic regression, C=\(c), tol=\(tol), best of \(repeats), \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(loadAverage) at start")
        print("| data | rows × cols | Quarry fit s | peer fit s | fit ratio | Quarry predict s | peer predict s | predict ratio | iterations (Q / peer) | Q evaluations | fit CPU s, mean (Q / peer) | log-loss (Q / peer) |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for dataset in datasets {
            let data = try load(dataset)
            let options = LogisticRegression.TrainingOptions(c: c, maxIterations: 10_000, tolerance: tol)
            let cpuBefore = cpuSeconds()
            let fit = try Stopwatch.best(of: repeats) { try LogisticRegression.fitWithReport(data, options: options) }
            let fitCPU = (cpuSeconds() - cpuBefore) / Double(repeats)
            let predict = try Stopwatch.best(of: repeats) { try fit.result.model.score(data.features) }
            var logLoss = 0.0
            for (p, y) in zip(predict.result, data.labels) { logLoss -= Foundation.log(max(y ? p : 1 - p, 1e-300)) }
            logLoss /= Double(data.labels.count)
            var peer: JSONValue = [:]
            if !flags.contains("--no-peer") {
                peer = try runPeer(["bench/peers/logistic_sklearn.py", "--dataset", dataset, "--c", "\(c)", "--tol", "\(tol)", "--repeats", "\(repeats)"])
            }
            func cell(_ x: Double?, _ digits: Int = 3) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "–" }
            let peerFit = peer["fit_seconds"]?.doubleValue, peerPredict = peer["predict_seconds"]?.doubleValue
            print("| \(dataset) | \(data.features.rowCount) × \(data.features.columnCount) | \(cell(fit.seconds)) | \(cell(peerFit)) | \(cell(peerFit.map { $0 / fit.seconds }, 2))× | \(cell(predict.seconds, 4)) | \(cell(peerPredict, 4)) | \(cell(peerPredict.map { $0 / predict.seconds }, 2))× | \(fit.result.report.iterations) / \(peer["iterations"]?.intValue.map(String.init) ?? "–") | \(fit.result.report.evaluations) | \(cell(fitCPU)) / \(cell(peer["fit_cpu_seconds"]?.doubleValue)) | \(cell(logLoss, 7)) / \(cell(peer["log_loss"]?.doubleValue, 7)) |")
        }
    }

    static func load(_ dataset: String) throws -> LabeledData {
        if dataset == "spam" {
            let table = try CSVTable(path: "Examples/data/spam.csv").table
            let names = table.names.filter { $0 != "id" && $0 != "label" }
            return try LabeledData(table: table, label: "label", features: names)
        }
        let x = try NPYArray(contentsOf: "bench/out/logistic_\(dataset)_x.npy")
        let y = try NPYArray(contentsOf: "bench/out/logistic_\(dataset)_y.npy").doubles()
        let rowMajor = x.doubles()
        var columnMajor = [Double](repeating: 0, count: rowMajor.count)
        for r in 0..<x.rows { for c in 0..<x.columns { columnMajor[c * x.rows + r] = rowMajor[r * x.columns + c] } }
        let features = FeatureMatrix(names: (0..<x.columns).map { "x\($0)" }, rowCount: x.rows, values: columnMajor)
        return try LabeledData(features: features, labels: y.map { $0 == 1 })
    }

    /// User + system CPU seconds of this process so far (all threads).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Runs a peer script with python3 and parses the JSON object it prints.
    static func runPeer(_ arguments: [String]) throws -> JSONValue {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw InvalidInput("peer \(arguments[0]) failed") }
        return try JSONValue.parse([UInt8](data))
    }
}
