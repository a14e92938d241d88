import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Outputs never destroy an input, follow links, keep modes, stream to `-` and devices,
/// and report failed writes (issue 12).
@Suite struct OutputSafetyCLITests {
    /// Every command with an output, as (arguments before `-o`, the input `-o` will name).
    static let commands: [(name: String, args: [String], input: String)] = [
        ("mine", ["mine", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5"], "scored.csv"),
        ("score", ["score", "scored.csv", "--model", "model.json"], "model.json"),
        ("evaluate", ["evaluate", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5"], "scored.csv"),
        ("train", ["train", "scored.csv", "--label", "label", "--features", "f1,f2"], "scored.csv"),
        ("explain", ["explain", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "--permutations", "20"], "scored.csv"),
        ("loop", ["loop", "--train", "train.csv", "--pool", "pool.csv", "--validation", "validation.csv", "--test", "test.csv",
                  "--label", "label", "--features", "f1,f2", "--rounds", "1"], "pool.csv"),
        ("mine-retrieval", ["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl"], "pairs.jsonl"),
        ("merge", ["merge", "part.bin", "--pairs", "pairs.jsonl"], "part.bin"),
        ("retrieval-pool", ["retrieval-pool", "--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl"], "corpus.npy"),
        ("retrieval-select", ["retrieval-select", "--pool", "pool.jsonl", "--scores", "scores.jsonl", "--pairs", "pairs.jsonl"], "pairs.jsonl"),
    ]

    /// How the output path reaches the input.
    enum Alias: String, CaseIterable { case samePath, dotSlash, symbolicLink, hardLink }

    static let cases: [(String, Alias)] = commands.flatMap { c in Alias.allCases.map { (c.name, $0) } }

    @Test(arguments: cases)
    func outputThatIsAnInputIsRefused(command: String, alias: Alias) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.makeWithPart(in: dir)
        let entry = Self.commands.first { $0.name == command }!
        let output: String
        switch alias {
        case .samePath: output = entry.input
        case .dotSlash: output = "./" + entry.input
        case .symbolicLink:
            output = "alias-link"
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(output).path, withDestinationPath: entry.input)
        case .hardLink:
            output = "alias-hard"
            try FileManager.default.linkItem(at: dir.appendingPathComponent(entry.input), to: dir.appendingPathComponent(output))
        }
        let before = TrustFixture.snapshot(dir)
        let result = try CLI.run(entry.args + ["-o", output], in: dir)
        #expect(result.status == 73, "\(command) \(alias): \(result.stderr)")
        #expect(result.stderr.contains("is the same file as the input"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(TrustFixture.snapshot(dir) == before)
        #expect(TrustFixture.temporaries(in: dir).isEmpty)
    }

    @Test func symbolicLinkIsWrittenThroughAndModeKept() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        let target = try TrustFixture.write("old\n", "target.csv", in: dir)
        chmod(target, 0o600)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path, withDestinationPath: "target.csv")
        let result = try CLI.run(["mine", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "-o", "link.csv"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path)
        #expect(link == "target.csv")
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written.hasPrefix("id,label,score,f1,f2,quarry_score"))
        var info = stat()
        #expect(stat(target, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(TrustFixture.temporaries(in: dir).isEmpty)
    }

    @Test func dashIsStandardOutput() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        let mined = try CLI.run(["mine", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "-o", "-"], in: dir)
        #expect(mined.status == 0, "\(mined.stderr)")
        #expect(mined.stdout.hasPrefix("id,label,score,f1,f2,quarry_score,quarry_rank,quarry_side\n"))
        #expect(mined.stderr.contains("Mined with strategy"))  // the summary moves to stderr
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("-").path))
        let scored = try CLI.run(["score", "scored.csv", "--model", "model.json", "-o", "-"], in: dir)
        #expect(scored.status == 0 && scored.stdout.split(separator: "\n").count == 41, "\(scored.stderr)")
    }

    /// A character device is written as a stream: never renamed over (the test runs as any
    /// user, and as root a rename would replace /dev/null), no extension needed.
    @Test(arguments: [
        ["mine", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "-o", "/dev/null"],
        ["score", "scored.csv", "--model", "model.json", "-o", "/dev/null"],
        ["evaluate", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "-o", "/dev/null"],
        ["train", "scored.csv", "--label", "label", "--features", "f1,f2", "-o", "/dev/null"],
    ])
    func deviceIsWrittenAsAStream(args: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        let result = try CLI.run(args, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        #expect(TrustFixture.temporaries(in: URL(fileURLWithPath: "/dev")).isEmpty)
    }

    @Test(arguments: [
        ["evaluate", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5"],
        ["mine", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "--json"],
        ["mine", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "-o", "-"],
        ["score", "scored.csv", "--model", "model.json", "-o", "-"],
    ])
    func failedWriteToStandardOutputExits74(args: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        let result = try TrustFixture.run(args, in: dir, stdoutPath: "/dev/full")
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
    }

    /// The summary goes to stderr with `-o -`: a failed write there exits 74 too.
    @Test func failedWriteToStandardErrorExits74() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        let data = try TrustFixture.write("", "stdout.csv", in: dir)
        let result = try TrustFixture.run(["mine", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "-o", "-"],
                                          in: dir, stdoutPath: data, stderrPath: "/dev/full")
        #expect(result.status == 74)
        #expect(try String(contentsOfFile: data, encoding: .utf8).hasPrefix("id,label,score"))
    }

    /// A FIFO (as process substitution gives) is read once: never a hang, never empty.
    @Test(arguments: [
        (["mine", "FIFO", "--label", "label", "--score", "score", "--target-recall", "0.5", "-o", "out.csv"], "out.csv"),
        (["mine", "FIFO", "--label", "label", "--score", "score", "--threshold", "0.5", "--exclude-suspects", "-o", "out.csv"], "out.csv"),
        (["train", "FIFO", "--label", "label", "-o", "out.json"], "out.json"),
        (["evaluate", "FIFO", "--label", "label", "--score", "score", "--target-recall", "0.5", "-o", "out.json"], "out.json"),
        (["loop", "--train", "FIFO", "--pool", "pool.csv", "--validation", "validation.csv", "--test", "test.csv",
          "--label", "label", "--features", "f1,f2", "--rounds", "1", "-o", "run"], "run/manifest.json"),
    ])
    func fifoInputIsReadOnce(args: [String], output: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        let fifo = dir.appendingPathComponent("input.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "cat scored.csv > input.fifo"]
        writer.currentDirectoryURL = dir
        try writer.run()
        let result = try CLI.run(args.map { $0 == "FIFO" ? "input.fifo" : $0 }, in: dir)
        writer.waitUntilExit()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(output).path))
    }

    @Test func mergeSaysAPipeIsNotAPartialFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        #expect(mkfifo(dir.appendingPathComponent("part.fifo").path, 0o600) == 0)
        let result = try CLI.run(["merge", "part.fifo", "--pairs", "pairs.jsonl", "-o", "out.jsonl"], in: dir)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("is not a regular file"))
    }

    @Test(arguments: ["mine", "evaluate", "explain"])
    func labelEqualToScoreIsRefused(command: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        let result = try CLI.run([command, "scored.csv", "--label", "label", "--score", "label", "--threshold", "0.5"], in: dir)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--label and --score name the same column 'label'"), "\(result.stderr)")
    }

    /// An infinite feature is a located error; `nan` and empty are missing values.
    @Test(arguments: [
        ("1e400", 65), ("inf", 65), ("-Infinity", 65), ("nan", 0), ("", 0), ("-0", 0),
    ])
    func nonFiniteFeatureValues(value: String, status: Int32) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        var lines = TrustFixture.scoredCSV().split(separator: "\n").map(String.init)
        var fields = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[4] = value
        lines[3] = fields.joined(separator: ",")
        try TrustFixture.write(lines.joined(separator: "\n") + "\n", "odd.csv", in: dir)
        for args in [["train", "odd.csv", "--label", "label", "-o", "m.json"],
                     ["score", "odd.csv", "--model", "model.json", "-o", "s.csv"],
                     ["explain", "odd.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "--permutations", "20"]] {
            let result = try CLI.run(args, in: dir)
            #expect(result.status == status, "\(args[0]) \(value): \(result.stderr)")
            if status != 0 {
                #expect(result.stderr == "quarry: error: odd.csv: line 4, column 5 ('f2'): expected a finite number, found '\(value)'\n")
            }
        }
    }

    /// A feature column numeric but for some cells names the first bad cell (the column is never dropped).
    @Test(arguments: ["train", "explain", "mine"])
    func mostlyNumericColumnNamesTheBadCell(command: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        var lines = TrustFixture.scoredCSV().split(separator: "\n").map(String.init)
        var fields = lines[6].split(separator: ",").map(String.init)
        fields[4] = "n/a"
        lines[6] = fields.joined(separator: ",")
        try TrustFixture.write(lines.joined(separator: "\n") + "\n", "mixed.csv", in: dir)
        let args: [String]
        switch command {
        case "train": args = ["train", "mixed.csv", "--label", "label", "-o", "m.json"]
        case "explain": args = ["explain", "mixed.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "--permutations", "20"]
        default: args = ["mine", "mixed.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "--exclude-suspects", "-o", "o.csv"]
        }
        let result = try CLI.run(args, in: dir)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr == "quarry: error: mixed.csv: line 7, column 5 ('f2'): expected a number, found 'n/a'\n")
        #expect(TrustFixture.temporaries(in: dir).isEmpty)
    }

    /// SIGINT and SIGTERM during a write remove the temporary file and end the process by the signal.
    @Test(arguments: [SIGTERM, SIGINT])
    func signalRemovesTemporaryFiles(signal: Int32) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        // Large enough that writing the scored copy takes a while in a debug build.
        var big = "id,label,score,f1,f2\n"
        for i in 0..<300_000 { big += "r\(i),\(i % 2),0.\(i % 997),\(i % 13).5,\(i % 7).25\n" }
        try TrustFixture.write(big, "big.csv", in: dir)
        for attempt in 0..<3 {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["score", "big.csv", "--model", "model.json", "-o", "out\(attempt).csv"]
            process.currentDirectoryURL = dir
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            var seen = false
            while process.isRunning, !seen {
                seen = !TrustFixture.temporaries(in: dir).isEmpty
                if !seen { usleep(500) }
            }
            guard seen else { process.waitUntilExit(); continue }  // finished before we looked: try again  // finished before we looked: try again
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            guard process.terminationReason == .uncaughtSignal else { continue }  // committed first
            #expect(process.terminationStatus == signal)
            #expect(TrustFixture.temporaries(in: dir).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out\(attempt).csv").path))
            return
        }
        Issue.record("the write was never caught in progress")
    }
}
