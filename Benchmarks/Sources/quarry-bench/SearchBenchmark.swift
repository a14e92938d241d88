import Foundation
import Quarry
import Synchronization

/// `quarry-bench search DIR [--k 50] [--repeats 3] [--threads 0] [--no-peers] [--peer-repeats R]`
///
/// Times `InnerProductSearch.topK` on DIR/queries.npy × DIR/corpus.npy (memory-mapped, as
/// written by bench/make_search_data.py), then runs bench/peers/search_faiss.py on the same
/// files in the same run and prints a table of wall time, GFLOP/s (2·n·m·d / s), peak
/// memory and the ratio of Quarry's throughput to each peer's, plus agreement with faiss.
enum SearchBenchmark {
    static func run(_ arguments: ArraySlice<String>) throws {
        var args = Array(arguments)
        func option(_ name: String, _ fallback: String) -> String {
            guard let i = args.firstIndex(of: name), i + 1 < args.count else { return fallback }
            defer { args.removeSubrange(i...(i + 1)) }
            return args[i + 1]
        }
        let k = Int(option("--k", "50"))!
        let repeats = Int(option("--repeats", "3"))!
        let threads = Int(option("--threads", "0"))!
        let peerRepeats = option("--peer-repeats", String(repeats))
        let peerSkip = option("--peer-skip", "")
        let runPeers = !args.contains("--no-peers")
        args.removeAll { $0 == "--no-peers" }
        guard let dir = args.first else {
            say("usage: quarry-bench search DIR [--k 50] [--repeats 3] [--threads 0] [--no-peers] [--peer-repeats R] [--peer-skip faiss,numpy,sgemm]")
            exit(64)
        }
        let queries = try MappedNPY(path: dir + "/queries.npy")
        let corpus = try MappedNPY(path: dir + "/corpus.npy")
        precondition(queries.columns == corpus.columns, "dimension mismatch")
        let (n, m, d) = (queries.rows, corpus.rows, queries.columns)
        let flops = 2.0 * Double(n) * Double(m) * Double(d)
        say("search \(n) × \(m) × \(d), k = \(k), threads = \(threads == 0 ? "all (\(ProcessInfo.processInfo.activeProcessorCount))" : String(threads))")
        say("load average before: \(loadAverage())")

        // Anonymous memory (heaps, packed panels), sampled during the search; the mapped
        // corpus pages are file-backed and counted separately in peak RSS.
        let anonPeak = Mutex(residentKiB("RssAnon:"))
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var result: TopKResult? = nil
        for _ in 0..<max(1, repeats) {
            let cpuStart = cpuSeconds()
            let nextSample = Mutex(0)
            let start = DispatchTime.now().uptimeNanoseconds
            result = try InnerProductSearch.topK(queries: queries.floats, corpus: corpus.floats, dimension: d, k: k,
                                                 threads: threads) { rows in
                let due = nextSample.withLock { next -> Bool in
                    guard rows >= next else { return false }
                    next = rows + max(1, m / 50)
                    return true
                }
                if due { let now = residentKiB("RssAnon:"); anonPeak.withLock { $0 = max($0, now) } }
            }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            cpuTimes.append(cpuSeconds() - cpuStart)
        }
        let best = times.min()!
        let bestCPU = cpuTimes[times.firstIndex(of: best)!]
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let quarryRSS = Double(usage.ru_maxrss) / 1024
        let quarryGflops = flops / best / 1e9
        say("quarry wall times: " + times.map { String(format: "%.3f", $0) }.joined(separator: ", ") + " s; CPU: "
              + cpuTimes.map { String(format: "%.3f", $0) }.joined(separator: ", ") + " s")
        say("load average after: \(loadAverage())")

        var rows: [(String, Double, Double, Double, String)] = [
            ("Quarry InnerProductSearch.topK", best, quarryGflops, bestCPU,
             String(format: "%.0f MiB (anon %.0f MiB)", quarryRSS, Double(anonPeak.withLock { $0 }) / 1024)),
        ]
        var agreement = ""
        if runPeers {
            // One process per peer, so each peak RSS is that peer's own.
            let allPeers = ["faiss", "numpy", "sgemm"]
            let skipped = Set(peerSkip.split(separator: ",").map(String.init))
            for peer in allPeers where !skipped.contains(peer) {
                let others = allPeers.filter { $0 != peer }.joined(separator: ",")
                let peers = try runPeerScript(dir: dir, k: k, repeats: peerRepeats, skip: others)
                for (name, entry) in peers.results.sorted(by: { $0.key < $1.key }) {
                    rows.append((name, entry["seconds"]!, entry["gflops"]!, entry["cpu_seconds"]!,
                                 String(format: "%.0f MiB", entry["peak_rss_mib"]!)))
                }
                say("peer \(peer) BLAS: \(peers.blas)")
            }
            if let faiss = try? MappedNPY(path: dir + "/faiss-k\(k).npy"), let result {
                agreement = compare(result, faiss.int64s, k: k)
            }
        }
        say("")
        // GFLOP per CPU-second (all threads) is less sensitive to other processes on the cores.
        say("| run | wall time (s) | GFLOP/s | Quarry speed-up | CPU time (s) | GFLOP per CPU-s | Quarry speed-up per CPU-s | peak memory |")
        say("|---|---:|---:|---:|---:|---:|---:|---|")
        let quarryPerCPU = flops / bestCPU / 1e9
        for (name, seconds, gflops, cpu, memory) in rows {
            let perCPU = flops / cpu / 1e9
            say(String(format: "| %@ | %.3f | %.1f | %.2f× | %.2f | %.1f | %.2f× | %@ |", name, seconds, gflops,
                         quarryGflops / gflops, cpu, perCPU, quarryPerCPU / perCPU, memory))
        }
        if !agreement.isEmpty { say("\nagreement with faiss: \(agreement)") }
    }

    /// Rows whose index lists are identical, and mean overlap of the index sets (recall@k).
    static func compare(_ result: TopKResult, _ faiss: UnsafeBufferPointer<Int64>, k: Int) -> String {
        var identical = 0
        var overlap = 0
        for q in 0..<result.queryCount {
            let ours = Array(result.indices(ofQuery: q))
            let theirs = faiss[(q * k)..<((q + 1) * k)].map { Int($0) }
            if ours == theirs { identical += 1 }
            overlap += Set(ours).intersection(theirs).count
        }
        return String(format: "%d of %d queries identical lists; recall@%d %.6f", identical, result.queryCount, k,
                      Double(overlap) / Double(result.queryCount * k))
    }

    struct PeerResults { let results: [String: [String: Double]]; let blas: String }

    static func runPeerScript(dir: String, k: Int, repeats: String, skip: String) throws -> PeerResults {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("bench/peers/search_faiss.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["-u", "OPENBLAS_CORETYPE", "-u", "OPENBLAS_L2_SIZE", "python3", script.path, dir,
                             "--k", String(k), "--repeats", repeats, "--skip", skip, "--json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let peers = json["peers"] as? [String: [String: Double]] else {
            throw MappedNPY.Failure(description: "peer script failed (status \(process.terminationStatus))")
        }
        let blas = (try? JSONSerialization.data(withJSONObject: json["blas"] ?? [], options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "?"
        return PeerResults(results: peers, blas: blas)
    }

    static func residentKiB(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0
    }

    /// Prints and flushes at once, so long runs redirected to a file show progress.
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
            .split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }
}
