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

    /// Every command that can run long accepts `--quiet`.
    @Test(arguments: ["evaluate", "mine", "explain", "train", "score", "loop", "mine-retrieval", "retrieval-pool", "retrieval-select", "merge", "demo"])
    func longCommandsAcceptQuiet(command: String) throws {
        let help = try CLI.run([command, "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--quiet"), "\(command) --help does not list --quiet")
    }
}
