import Foundation
import Quarry

/// `quarry-bench gbdt`: fit and predict time and test ROC AUC of Quarry's GBDT against LightGBM.
///
/// Reads the seeded problem written by `bench/peers/gen_gbdt_data.py` (1,000,000 × 50
/// train, 200,000 × 50 test), runs the LightGBM peer (`bench/peers/gbdt_lightgbm.py`) on the
/// same files in the same run, then Quarry with the same parameters, and prints both with
/// ratios. Options: `--data DIR` (default bench/out/gbdt), `--repeats N` (best of N, default 3),
/// `--rounds N` (default 100), `--no-peer`.
enum GBDTBenchmark {
    static func run(_ args: ArraySlice<String>) throws {
        var dataDir = "bench/out/gbdt"
        var repeats = 3
        var rounds = 100
        var runPeer = true
        var i = args.startIndex
        while i < args.endIndex {
            switch args[i] {
            case "--data": i += 1; dataDir = args[i]
            case "--repeats": i += 1; repeats = Int(args[i])!
            case "--rounds": i += 1; rounds = Int(args[i])!
            case "--no-peer": runPeer = false
            default: throw InvalidInput("unknown option \(args[i])")
            }
            i += 1
        }
        let load = { (name: String) throws -> (rows: Int, columns: Int, values: [Float]) in
            try NPYFloat32.read(URL(fileURLWithPath: dataDir).appendingPathComponent(name))
        }
        let trainX = try load("train_x.npy"), trainY = try load("train_y.npy")
        let testX = try load("test_x.npy"), testY = try load("test_y.npy")
        let names = (0..<trainX.columns).map { "f\($0)" }
        let train = try LabeledData(features: NPYFloat32.columnMajor(trainX, names: names), labels: trainY.values.map { $0 == 1 })
        let test = try LabeledData(features: NPYFloat32.columnMajor(testX, names: names), labels: testY.values.map { $0 == 1 })
        print("gbdt: train \(train.labels.count) × \(names.count), test \(test.labels.count); rounds \(rounds), best of \(repeats); "
            + "load average \(loadAverage())")

        var peer: [String: Any]? = nil
        if runPeer {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "bench/peers/gbdt_lightgbm.py", "--data", dataDir, "--repeats", String(repeats),
                                 "--rounds", String(rounds), "--threads", String(ProcessInfo.processInfo.activeProcessorCount)]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            peer = try JSONSerialization.jsonObject(with: output) as? [String: Any]
        }

        var config = GradientBoostedTrees.Configuration()
        config.treeCount = rounds
        var fitCPU = Double.infinity
        let fit = try Stopwatch.best(of: repeats) {
            let cpuStart = processCPUSeconds()
            defer { fitCPU = min(fitCPU, processCPUSeconds() - cpuStart) }
            return try GradientBoostedTrees.fit(train, configuration: config)
        }
        let model = fit.result.model
        let predict = try Stopwatch.best(of: repeats) { try model.score(test.features) }
        let auc = rocAUC(scores: predict.result, labels: test.labels)

        func row(_ name: String, _ fitSeconds: Double, _ predictSeconds: Double, _ auc: Double) -> String {
            "\(name.padding(toLength: 16, withPad: " ", startingAt: 0))  fit \(String(format: "%7.2f", fitSeconds)) s"
                + "  predict \(String(format: "%6.3f", predictSeconds)) s  test AUC \(String(format: "%.5f", auc))"
        }
        print(row("quarry", fit.seconds, predict.seconds, auc) + "  fit CPU \(String(format: "%.1f", fitCPU)) s" + "  (\(model.trees.count) trees; binning \(String(format: "%.2f", fit.result.report.binningSeconds)) s of the fit)")
        if let peer, let pf = peer["fit_seconds"] as? Double, let pp = peer["predict_seconds"] as? Double,
           let pa = peer["test_roc_auc"] as? Double {
            print(row(peer["peer"] as? String ?? "lightgbm", pf, pp, pa)
                + "  fit CPU \(String(format: "%.1f", peer["fit_cpu_seconds"] as? Double ?? .nan)) s" + "  (\(peer["trees"] ?? "?") trees)")
            print("ratio quarry/lightgbm: fit \(String(format: "%.2f", fit.seconds / pf))×, "
                + "predict \(String(format: "%.2f", predict.seconds / pp))×, AUC difference \(String(format: "%+.5f", auc - pa))")
        }
        print("load average after: \(loadAverage())")
    }

    /// ROC AUC with ties counted half (sort-based).
    static func rocAUC(scores: [Double], labels: [Bool]) -> Double {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var tp = 0.0, fp = 0.0, area = 0.0
        var i = 0
        while i < order.count {
            var j = i, dtp = 0.0, dfp = 0.0
            while j < order.count, scores[order[j]] == scores[order[i]] {
                if labels[order[j]] { dtp += 1 } else { dfp += 1 }
                j += 1
            }
            area += dfp * (tp + dtp / 2)
            tp += dtp
            fp += dfp
            i = j
        }
        return area / (tp * fp)
    }

    /// User + system CPU time of this process so far, in seconds.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }
}

/// A minimal reader for the benchmark's own `.npy` files: little-endian float32, C order, 1-D or 2-D.
enum NPYFloat32 {
    static func read(_ url: URL) throws -> (rows: Int, columns: Int, values: [Float]) {
        let data = try Data(contentsOf: url)
        guard data.count > 10, data.prefix(6) == Data([0x93]) + Data("NUMPY".utf8) else {
            throw InvalidInput("\(url.path): not an .npy file", kind: .dataError)
        }
        let major = data[6]
        let headerLength = major == 1 ? Int(data[8]) | Int(data[9]) << 8
            : Int(data[8]) | Int(data[9]) << 8 | Int(data[10]) << 16 | Int(data[11]) << 24
        let start = major == 1 ? 10 : 12
        let header = String(decoding: data[start..<(start + headerLength)], as: UTF8.self)
        guard header.contains("'<f4'"), header.contains("'fortran_order': False") else {
            throw InvalidInput("\(url.path): expected little-endian float32 in C order; header \(header)", kind: .dataError)
        }
        let shapeText = header.components(separatedBy: "'shape': (")[1].components(separatedBy: ")")[0]
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let rows = shape[0], columns = shape.count > 1 ? shape[1] : 1
        var values = [Float](repeating: 0, count: rows * columns)
        values.withUnsafeMutableBytes { out in
            data.withUnsafeBytes { raw in
                out.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[(start + headerLength)...]))
            }
        }
        return (rows, columns, values)
    }

    /// Transposes row-major float32 into a column-major Double ``FeatureMatrix``.
    static func columnMajor(_ m: (rows: Int, columns: Int, values: [Float]), names: [String]) -> FeatureMatrix {
        var out = [Double](repeating: 0, count: m.rows * m.columns)
        for r in 0..<m.rows {
            for c in 0..<m.columns { out[c * m.rows + r] = Double(m.values[r * m.columns + c]) }
        }
        return FeatureMatrix(names: names, rowCount: m.rows, values: out)
    }
}
