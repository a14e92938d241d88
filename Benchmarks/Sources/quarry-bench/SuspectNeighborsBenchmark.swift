import Foundation
import Quarry

/// `quarry-bench suspect-knn [--rows N] [--columns D] [--queries H] [--k K] [--repeats R]`
///
/// Times the exact k-nearest-neighbour search that label suspects run (standardize, then
/// H queries against N rows in D dimensions), then runs `bench/peers/knn_peers.py` on the
/// same data — scikit-learn `NearestNeighbors(algorithm="brute")` and faiss `IndexFlatL2` —
/// and prints the ratios and how often the neighbour lists agree.
enum SuspectNeighborsBenchmark {
    static func run(_ args: ArraySlice<String>) throws {
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let i = args.firstIndex(of: name), i + 1 < args.endIndex, let v = Int(args[i + 1]) else { return fallback }
            return v
        }
        let rows = option("--rows", 10_000), columns = option("--columns", 57)
        let queryCount = option("--queries", 1_000), k = option("--k", 10), repeats = option("--repeats", 5)
        var g = SeededGenerator(seed: 7)
        // Spam-like columns: mostly zeros with heavy-tailed positive values.
        var columnMajor = [Double](repeating: 0, count: rows * columns)
        for i in columnMajor.indices where g.nextUnitDouble() < 0.3 {
            columnMajor[i] = -log(1 - g.nextUnitDouble()) * Double(1 + i / rows % 5)
        }
        let features = FeatureMatrix(names: (0..<columns).map { "f\($0)" }, rowCount: rows, values: columnMajor)
        let queries = (0..<queryCount).map { $0 * rows / queryCount }
        let (seconds, neighbours) = Stopwatch.best(of: repeats) {
            StandardizedNeighbors(features).nearest(to: queries, k: k)
        }

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-bench-suspect-knn").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var rowMajor = [Double](repeating: 0, count: rows * columns)
        for c in 0..<columns { for r in 0..<rows { rowMajor[r * columns + c] = columnMajor[c * rows + r] } }
        try NPYArray(rows: rows, columns: columns, doubles: rowMajor).write(to: dir + "/features.npy")
        try NPYArray(rows: queryCount, columns: 1, doubles: queries.map(Double.init)).write(to: dir + "/queries.npy")
        try NPYArray(rows: queryCount, columns: k, doubles: neighbours.flatMap { $0.map(Double.init) }).write(to: dir + "/quarry_neighbors.npy")

        print("suspect-knn: \(queryCount) queries × \(rows) rows × \(columns) features, k = \(k), best of \(repeats)")
        print(String(format: "  quarry StandardizedNeighbors  %.4f s", seconds))
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("bench/peers/knn_peers.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, dir, String(k), String(repeats)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let peers = try JSONSerialization.jsonObject(with: output) as? [String: Double]
        else { print("  peers: not run (python3 with scikit-learn and faiss needed)"); return }
        for (name, key) in [("scikit-learn brute", "sklearn_seconds"), ("faiss IndexFlatL2", "faiss_seconds")] {
            if let t = peers[key] {
                print(String(format: "  %-29@ %.4f s   quarry/peer time ratio %.2f", name as NSString, t, seconds / t))
            }
        }
        if let agreement = peers["agreement_sklearn"] {
            print(String(format: "  neighbour lists equal to scikit-learn's (as sets): %.1f%%", agreement * 100))
        }
    }
}
