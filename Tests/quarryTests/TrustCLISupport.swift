import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Small inputs and helpers shared by the trust suites (output safety, option bounds,
/// hostile inputs, kill/resume, reproducibility).
enum TrustFixture {
    /// A scored, labelled CSV: id, label, score and two features, `rows` rows from a seeded LCG.
    static func scoredCSV(rows: Int = 40, seed: UInt64 = 7) -> String {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var text = "id,label,score,f1,f2\n"
        for i in 0..<rows {
            let label = i % 3 == 0 ? 1 : 0
            let score = min(0.999, max(0.001, 0.35 * Double(label) + 0.65 * next()))
            let f1 = Double(label) + next(), f2 = next() * 3
            text += "r\(i),\(label),\(String(format: "%.4f", score)),\(String(format: "%.4f", f1)),\(String(format: "%.4f", f2))\n"
        }
        return text
    }

    /// Writes `text` to `name` in `dir`; returns its path.
    @discardableResult
    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A directory with scored.csv, train.csv, pool.csv, validation.csv, test.csv, model.json
    /// and the retrieval files of ``RetrievalCLIFixture``.
    static func make(in dir: URL) throws {
        try write(scoredCSV(), "scored.csv", in: dir)
        for (name, seed) in [("train.csv", 1), ("pool.csv", 2), ("validation.csv", 3), ("test.csv", 4)] {
            try write(scoredCSV(rows: 60, seed: UInt64(seed)), name, in: dir)
        }
        let trained = try CLI.run(["train", "scored.csv", "--label", "label", "--features", "f1,f2", "-o", "model.json"], in: dir)
        #expect(trained.status == 0, "\(trained.stderr)")
        try RetrievalCLIFixture.make(in: dir)
    }

    /// ``make(in:)`` plus part.bin, a one-shard partial candidate file for merge.
    static func makeWithPart(in dir: URL) throws {
        try make(in: dir)
        let shard = try CLI.run(["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl",
                                 "--corpus-shard", "0/1", "-o", "part.bin", "--quiet"], in: dir)
        #expect(shard.status == 0, "\(shard.stderr)")
    }

    /// The bytes of every regular file under `dir` (relative path → contents).
    static func snapshot(_ dir: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        let root = dir.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return files }
        for case let relative as String in walker {
            var info = stat()
            let path = root + "/" + relative
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            files[relative] = FileManager.default.contents(atPath: path)
        }
        return files
    }

    /// The hidden temporary files (`.NAME.quarry-XXXXXX`) under `dir`.
    static func temporaries(in dir: URL) -> [String] {
        var found: [String] = []
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return found }
        for name in names {
            if name.hasPrefix("."), name.contains(".quarry-") { found.append(name) }
            var isDirectory: ObjCBool = false
            let path = dir.appendingPathComponent(name)
            if dir.path != "/dev", FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory), isDirectory.boolValue {
                found += temporaries(in: path).map { name + "/" + $0 }
            }
        }
        return found
    }

    /// Runs `quarry args…` with stdout sent to `stdoutPath` (e.g. `/dev/full`), and stderr
    /// to `stderrPath` when given (then the returned stderr is empty).
    static func run(_ args: [String], in dir: URL, stdoutPath: String, stderrPath: String? = nil) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = args
        process.currentDirectoryURL = dir
        guard let out = FileHandle(forWritingAtPath: stdoutPath) else { throw CocoaError(.fileNoSuchFile) }
        process.standardOutput = out
        let err = Pipe()
        if let stderrPath {
            guard let file = FileHandle(forWritingAtPath: stderrPath) else { throw CocoaError(.fileNoSuchFile) }
            process.standardError = file
        } else {
            process.standardError = err
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if stderrPath != nil { try err.fileHandleForWriting.close() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errData, as: UTF8.self))
    }
}
