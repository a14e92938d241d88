import Foundation
import Quarry

/// `quarry-bench csv [--file PATH] [--repeats N]`: CSV ingest into a `Table` against
/// `pandas.read_csv` on the same file in the same run.
///
/// The input is made by `bench/peers/gen_numeric_csv.py` (1,000,000 × 20 numeric,
/// seeded); the peer is `bench/peers/csv_ingest.py`. Both report a checksum (the sum of
/// the parsed values' bit patterns mod 2^64); Quarry's must equal pandas' correctly
/// rounded parse (`float_precision="round_trip"`).
enum CSVBenchmark {
    static func run(_ arguments: ArraySlice<String>) throws {
        var path = "bench/out/numeric_1m_x20.csv"
        var repeats = 5
        var profileOnly = false
        var threadCounts: [Int]? = nil
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--file": path = iterator.next() ?? path
            case "--repeats": repeats = Int(iterator.next() ?? "") ?? repeats
            case "--quarry-only": profileOnly = true
            case "--threads": threadCounts = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }
            default:
                print("usage: quarry-bench csv [--file PATH] [--repeats N] [--threads 1,2] [--quarry-only]")
                exit(64)
            }
        }
        guard FileManager.default.fileExists(atPath: path) else {
            print("missing \(path): run `python3 bench/peers/gen_numeric_csv.py` from the repository root first")
            exit(66)
        }
        let megabytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1e6
        print("CSV ingest: \(path) (\(String(format: "%.1f", megabytes)) MB), best of \(repeats)")

        let cores = ProcessInfo.processInfo.activeProcessorCount
        var results: [(label: String, seconds: Double)] = []
        var cpuByThreads: [(threads: Int, seconds: Double)] = []
        var checksum: UInt64 = 0
        var shape = (rows: 0, columns: 0)
        var quarryCPU = Double.infinity
        for threads in threadCounts ?? Set([1, cores]).sorted() {
            var cpuBest = Double.infinity
            let (seconds, table) = try Stopwatch.best(of: repeats) {
                let before = Self.processCPUSeconds()
                let table = try CSVTable(path: path, options: .init(threads: threads)).table
                cpuBest = min(cpuBest, Self.processCPUSeconds() - before)
                return table
            }
            if threads == 1 { quarryCPU = cpuBest }
            cpuByThreads.append((threads, cpuBest))
            checksum = Self.checksum(table)
            shape = (table.rowCount, table.names.count)
            results.append(("Quarry CSVTable, \(threads) thread\(threads == 1 ? "" : "s")", seconds))
        }

        let cpuSummary = cpuByThreads.map { String(format: "%d thread%@ %.3f s", $0.threads, $0.threads == 1 ? "" : "s", $0.seconds) }
            .joined(separator: ", ")
        if profileOnly {
            for (label, seconds) in results { print(String(format: "%@: %.3f s", label, seconds)) }
            print("Quarry CPU time summed over threads: \(cpuSummary)")
            return
        }
        let peer = try Self.runPeer(path: path, repeats: repeats)
        guard let pandasSeconds = Double(peer["pandas_seconds"] ?? "") else {
            print("peer failed: \(peer)")
            exit(70)
        }
        print("")
        print("| reader | seconds | MB/s | speed-up vs pandas |")
        print("|---|---:|---:|---:|")
        print(String(format: "| pandas.read_csv (default C parser) | %.3f | %.0f | 1.00× |", pandasSeconds, megabytes / pandasSeconds))
        for (label, seconds) in results {
            print(String(format: "| %@ | %.3f | %.0f | %.2f× |", label, seconds, megabytes / seconds, pandasSeconds / seconds))
        }
        if let pandasCPU = Double(peer["pandas_cpu_seconds"] ?? "") {
            print("")
            print(String(format: "CPU time (user+sys, best of %d; robust to other load on the machine): pandas %.3f s, Quarry 1 thread %.3f s → %.2f×",
                         repeats, pandasCPU, quarryCPU, pandasCPU / quarryCPU))
        }
        print("Quarry CPU time summed over threads (the work the split adds): \(cpuSummary)")
        print("")
        print("rows × columns: Quarry \(shape.rows) × \(shape.columns), pandas \(peer["rows"] ?? "?") × \(peer["columns"] ?? "?")")
        let exact = peer["exact_checksum"] ?? "?"
        let pandasDefault = peer["pandas_checksum"] ?? "?"
        print("checksum (sum of value bits mod 2^64): Quarry \(checksum), pandas round_trip \(exact) → \(String(checksum) == exact ? "EQUAL" : "DIFFERENT"); pandas default precision \(pandasDefault) → \(String(checksum) == pandasDefault ? "equal" : "differs (pandas' default parser is not correctly rounded)")")
    }

    /// The sum of every numeric value's bit pattern, wrapping: independent of order.
    static func checksum(_ table: Table) -> UInt64 {
        var sum: UInt64 = 0
        for column in table.columns {
            if case .numeric(let values) = column {
                for value in values { sum &+= value.bitPattern }
            }
        }
        return sum
    }

    /// User plus system CPU time of this process so far.
    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Runs `bench/peers/csv_ingest.py` and returns its `key value` lines.
    static func runPeer(path: String, repeats: Int) throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "bench/peers/csv_ingest.py", path, "--repeats", "\(repeats)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }
}
