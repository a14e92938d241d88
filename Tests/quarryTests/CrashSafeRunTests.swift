import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs killed with SIGKILL at seeded points resume to byte-identical results, and a
/// killed run never leaves a partial file where a reader would look (issue 12).
@Suite struct CrashSafeRunTests {
    /// Seeded kill delays (fractions of an uninterrupted run's wall time), from a fixed LCG.
    static func killPoints(count: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// Starts `quarry args…` in `dir`, kills it with SIGKILL after `delay` seconds (if it is
    /// still running) and reports whether the kill landed.
    static func runAndKill(_ args: [String], in dir: URL, after delay: Double) throws -> Bool {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = args
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(useconds_t(delay * 1_000_000))
        let landed = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return landed && process.terminationReason == .uncaughtSignal
    }

    /// Every visible regular file under `dir` (hidden temporaries left by SIGKILL are not
    /// where a reader looks), by relative path.
    static func visibleFiles(_ dir: URL) -> [String: Data] {
        TrustFixture.snapshot(dir).filter { !$0.key.split(separator: "/").contains { $0.hasPrefix(".") } }
    }

    static let loopArgs = ["loop", "--train", "train.csv", "--pool", "pool.csv", "--validation", "validation.csv",
                           "--test", "test.csv", "--label", "label", "--id", "id",
                           "--rounds", "3", "--per-round", "25", "--strategy", "fine-tune", "--seed", "11", "-o", "run"]

    @Test func killedLoopResumesToTheSameFiles() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = root.appendingPathComponent("whole")
        try FileManager.default.createDirectory(at: whole, withIntermediateDirectories: true)
        _ = try LoopCLITests.splitFiles(in: whole)
        let start = Date()
        let reference = try CLI.run(Self.loopArgs, in: whole)
        let duration = Date().timeIntervalSince(start)
        try #require(reference.status == 0, "\(reference.stderr)")
        let expected = Self.visibleFiles(whole.appendingPathComponent("run")).filter { !$0.key.hasSuffix("timings.json") }
        try #require(expected.keys.contains { $0.hasPrefix("round-001/") })

        var landed = 0
        for (k, fraction) in Self.killPoints(count: 5, seed: 2026).enumerated() {
            let dir = root.appendingPathComponent("killed-\(k)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for name in ["train.csv", "pool.csv", "validation.csv", "test.csv"] {
                try FileManager.default.copyItem(at: whole.appendingPathComponent(name), to: dir.appendingPathComponent(name))
            }
            if try Self.runAndKill(Self.loopArgs, in: dir, after: fraction * duration) { landed += 1 }
            // No reader sees a partial file: whatever is visible is complete.
            let run = dir.appendingPathComponent("run")
            for (path, data) in Self.visibleFiles(run) where !path.hasSuffix("timings.json") {
                if path == "manifest.json" {
                    #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "kill \(k): a partial manifest.json")
                } else {
                    #expect(expected[path] == data, "kill \(k): \(path) is partial or differs")
                }
            }
            // Resume when the manifest made it to disk, else start again.
            let hasManifest = FileManager.default.fileExists(atPath: run.appendingPathComponent("manifest.json").path)
            if !hasManifest { try? FileManager.default.removeItem(at: run) }
            let finish = try CLI.run(hasManifest ? ["loop", "--resume", "run"] : Self.loopArgs, in: dir)
            #expect(finish.status == 0, "kill \(k) at \(fraction): \(finish.stderr)")
            let got = Self.visibleFiles(run).filter { !$0.key.hasSuffix("timings.json") }
            #expect(got == expected, "kill \(k) at \(fraction): differs in \(Set(got.keys).symmetricDifference(expected.keys).sorted()) or contents \(expected.keys.filter { got[$0] != nil && got[$0] != expected[$0] }.sorted())")
        }
        #expect(landed >= 1, "no kill landed while the loop ran")
    }

    @Test func killedShardsRerunAndMergeToTheSingleRun() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RetrievalCLIFixture.make(in: dir)
        let common = ["--pairs", "pairs.jsonl", "--num-negatives", "3", "--sampling", "random", "--seed", "5", "--quiet"]
        let single = try CLI.run(["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy"] + common + ["-o", "single.jsonl"], in: dir)
        try #require(single.status == 0, "\(single.stderr)")
        let shardArgs = { (i: Int) in
            ["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy", "--corpus-shard", "\(i)/2"] + common + ["-o", "part\(i).bin"]
        }
        var reference: [Data] = []
        for i in 0..<2 {
            let r = try CLI.run(shardArgs(i), in: dir)
            try #require(r.status == 0, "\(r.stderr)")
            reference.append(try Data(contentsOf: dir.appendingPathComponent("part\(i).bin")))
            try FileManager.default.removeItem(at: dir.appendingPathComponent("part\(i).bin"))
        }
        for (k, fraction) in Self.killPoints(count: 4, seed: 77).enumerated() {
            let i = k % 2
            _ = try Self.runAndKill(shardArgs(i), in: dir, after: fraction * 0.3)
            let part = dir.appendingPathComponent("part\(i).bin")
            if let data = FileManager.default.contents(atPath: part.path) {
                #expect(data == reference[i], "kill \(k): a partial part\(i).bin")
            }
        }
        for i in 0..<2 {
            let r = try CLI.run(shardArgs(i), in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merged = try CLI.run(["merge", "part0.bin", "part1.bin"] + common + ["-o", "merged.jsonl"], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("merged.jsonl")) == Data(contentsOf: dir.appendingPathComponent("single.jsonl")))
    }
}
