import Foundation
import Testing

/// Progress lines: drawn on a terminal, absent from pipes, silenced by `--quiet`.
///
/// The terminal is a pseudo-terminal from util-linux `script`, whose own output is exactly what
/// the child wrote to it; the child's stdout goes to a file, so the terminal carries stderr only.
@Suite(.serialized) struct ProgressCLITests {
    /// Runs `quarry args…` with stderr on a pseudo-terminal and stdout in `stdout.txt`.
    /// `CI` is removed from the environment, since progress is off under CI.
    static func onTerminal(_ args: [String], in directory: URL) throws -> (status: Int32, terminal: String) {
        let command = ([CLI.binary.path] + args).map(shellQuoted).joined(separator: " ") + " > stdout.txt"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", command, "/dev/null"]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CI")
        environment["TERM"] = "dumb"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Trains boosted trees on the bundled spam data: long enough in a debug build to draw the line.
    static let train = ["train", "spam.csv", "--label", "label", "--id", "id", "--model", "gbdt",
                        "--num-trees", "40", "-o", "model.json"]

    static func workspace() throws -> URL {
        let directory = try CLI.temporaryDirectory()
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Examples/data/spam.csv"),
                                         to: directory.appendingPathComponent("spam.csv"))
        return directory
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func terminalShowsOneLineWithRateAndETA() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, terminal) = try Self.onTerminal(Self.train, in: directory)
        #expect(status == 0)
        // Redrawn in place (carriage returns, no newlines) with a count, rate and ETA, then cleared.
        #expect(terminal.contains("\rboosting: "))
        #expect(terminal.range(of: #"boosting: \d+/40 trees \(\d+%\), [0-9.]+k? trees/s, ETA [0-9.]+s"#, options: .regularExpression) != nil)
        #expect(terminal.hasSuffix("\r\u{1B}[K"))
        #expect(!terminal.contains("\n"))
        let stdout = try String(contentsOf: directory.appendingPathComponent("stdout.txt"), encoding: .utf8)
        #expect(stdout.hasPrefix("trained a gbdt model on 4601 rows"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func quietSilencesTheTerminal() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, terminal) = try Self.onTerminal(Self.train + ["--quiet"], in: directory)
        #expect(status == 0)
        #expect(terminal.isEmpty, "stderr on a terminal with --quiet: \(terminal.debugDescription)")
    }

    @Test func pipeGetsNothingExtra() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(Self.train, in: directory)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "stderr in a pipe: \(result.stderr.debugDescription)")
        #expect(result.stdout.hasPrefix("trained a gbdt model on 4601 rows"))
    }

    /// A progress line on the terminal: `stage: done/total unit (p%), rate unit/s, ETA …`, redrawn
    /// in place and cleared at the end, and nothing else (no newline) on stderr.
    static func expectProgressLine(_ terminal: String, stage: String, unit: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(terminal.contains("\r\(stage): "), "no \(stage) line: \(terminal.debugDescription)", sourceLocation: sourceLocation)
        let pattern = stage + #": [0-9.]+/[0-9.]+ "# + unit + #" \(\d+%\), [0-9.]+[kM]? "# + unit + #"/s, ETA [0-9.ms]+"#
        #expect(terminal.range(of: pattern, options: .regularExpression) != nil,
                "no count, rate and ETA: \(terminal.debugDescription)", sourceLocation: sourceLocation)
        #expect(terminal.hasSuffix("\r\u{1B}[K"), "line not cleared", sourceLocation: sourceLocation)
        #expect(!terminal.contains("\n"), sourceLocation: sourceLocation)
    }

    /// `evaluate`'s bootstrap replicates.
    static let evaluate = ["evaluate", "spam_scored.csv", "--label", "label", "--score", "score", "--target-recall", "0.9",
                           "--bootstrap", "6000", "--json"]

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func evaluateShowsTheBootstrap() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Examples/data/spam_scored.csv"),
                                         to: directory.appendingPathComponent("spam_scored.csv"))
        let (status, terminal) = try Self.onTerminal(Self.evaluate, in: directory)
        #expect(status == 0)
        Self.expectProgressLine(terminal, stage: "bootstrap", unit: "replicates")
        let quiet = try Self.onTerminal(Self.evaluate + ["--quiet"], in: directory)
        #expect(quiet.status == 0 && quiet.terminal.isEmpty, "\(quiet.terminal.debugDescription)")
        let piped = try CLI.run(Self.evaluate, in: directory)
        #expect(piped.status == 0 && piped.stderr.isEmpty, "stderr in a pipe: \(piped.stderr.debugDescription)")
        // The meter never changes the result.
        let onTerminal = try String(contentsOf: directory.appendingPathComponent("stdout.txt"), encoding: .utf8)
        #expect(onTerminal == piped.stdout)
    }

    /// A pool of `queries` × 40 candidates and its scores, row numbers as ids (the shape
    /// `retrieval-pool` writes and a cross-encoder would score).
    static func writeRescoringInputs(queries: Int, in directory: URL) throws {
        let corpus = 500, window = 40
        var pairs = "", pool = "", scores = ""
        for q in 0..<queries {
            let positive = (q * 7) % corpus
            pairs += "{\"query_id\": \(q), \"positive_id\": \(positive)}\n"
            for rank in 0..<window {
                let row = (positive + rank * 3) % corpus
                let dense = 0.9 - Double(rank) * 0.01
                pool += "{\"query_id\": \(q), \"rank\": \(rank), \"corpus_id\": \(row), \"dense_score\": \(dense), \"is_positive\": \(rank == 0)}\n"
                scores += "{\"query_id\": \(q), \"corpus_id\": \(row), \"score\": \(Double((q * 31 + rank * 17) % 97) / 97)}\n"
            }
        }
        for (name, text) in [("pairs.jsonl", pairs), ("pool.jsonl", pool), ("scores.jsonl", scores)] {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    static let select = ["retrieval-select", "--pool", "pool.jsonl", "--scores", "scores.jsonl", "--pairs", "pairs.jsonl",
                         "--num-negatives", "3", "-o", "negatives.jsonl"]

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func retrievalSelectShowsReading() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.writeRescoringInputs(queries: 4000, in: directory)
        let (status, terminal) = try Self.onTerminal(Self.select, in: directory)
        #expect(status == 0)
        Self.expectProgressLine(terminal, stage: "reading", unit: "MB")
        let quiet = try Self.onTerminal(Self.select + ["--quiet"], in: directory)
        #expect(quiet.status == 0 && quiet.terminal.isEmpty, "\(quiet.terminal.debugDescription)")
        let piped = try CLI.run(Self.select, in: directory)
        #expect(piped.status == 0 && !piped.stderr.contains("\r") && !piped.stderr.contains("reading"),
                "stderr in a pipe: \(piped.stderr.debugDescription)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func mergeShowsQueries() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 1,000 queries near their positive among 1,000 corpus rows of dimension 4, two shards searched 101 deep.
        var state: UInt64 = 99
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(state >> 40) % 2001 - 1000) / 1000
        }
        let n = 1000, d = 4
        let corpus = (0..<(n * d)).map { _ in next() }
        let queries = corpus.map { $0 * 0.8 + next() * 0.2 }
        try RetrievalCLIFixture.writeNPY(queries, rows: n, columns: d, to: directory.appendingPathComponent("queries.npy"))
        try RetrievalCLIFixture.writeNPY(corpus, rows: n, columns: d, to: directory.appendingPathComponent("corpus.npy"))
        try (0..<n).map { "{\"query_id\": \($0), \"positive_id\": \($0)}\n" }.joined()
            .write(to: directory.appendingPathComponent("pairs.jsonl"), atomically: true, encoding: .utf8)
        let selection = ["--pairs", "pairs.jsonl", "--num-negatives", "5", "--range-max", "100", "--quiet"]
        for i in 0..<2 {
            let part = try CLI.run(["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy", "--corpus-shard", "\(i)/2",
                                    "-o", "part\(i).bin"] + selection, in: directory)
            try #require(part.status == 0, "\(part.stderr)")
        }
        let merge = ["merge", "part0.bin", "part1.bin", "--pairs", "pairs.jsonl", "--num-negatives", "5", "--range-max", "100",
                     "-o", "merged.jsonl"]
        let (status, terminal) = try Self.onTerminal(merge, in: directory)
        #expect(status == 0)
        Self.expectProgressLine(terminal, stage: "merge", unit: "queries")
        let quiet = try Self.onTerminal(merge + ["--quiet"], in: directory)
        #expect(quiet.status == 0 && quiet.terminal.isEmpty, "\(quiet.terminal.debugDescription)")
        let piped = try CLI.run(merge, in: directory)
        #expect(piped.status == 0 && !piped.stderr.contains("\r") && !piped.stderr.contains("merge:"),
                "stderr in a pipe: \(piped.stderr.debugDescription)")
    }

    /// Every command that can run long accepts `--quiet`.
    @Test(arguments: ["evaluate", "mine", "explain", "train", "score", "loop", "mine-retrieval", "retrieval-pool", "retrieval-select", "merge", "demo"])
    func longCommandsAcceptQuiet(command: String) throws {
        let help = try CLI.run([command, "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--quiet"), "\(command) --help does not list --quiet")
    }
}
