import ArgumentParser
import Quarry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `quarry` command: hard-negative mining for classifiers and retrievers.
@main
struct QuarryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "Measure a model in its threshold region, mine its hard negatives, and fix it.",
        discussion: """
        Exit codes (sysexits): 0 ok, 64 usage, 65 bad data, 66 missing input, \
        73 cannot create output (or an output is the same file as an input), 74 I/O error \
        (including a failed write to stdout or stderr).
        """,
        version: Quarry.version,
        subcommands: QuarryCommand.allSubcommands
    )

    /// Runs the command, turning any library failure into one line on stderr and its exit code.
    static func main() {
        TemporaryFiles.removeOnSignals()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as QuarryFailure {
            Terminal.error(Flags.render(failure.message))
            _ = Terminal.finish()
            Self.exit(withError: ExitCode(failure.kind.rawValue))
        } catch {
            _ = Terminal.finish()
            // A bad flag reads like every other failure: `quarry: error: …`, then the usage.
            let text = fullMessage(for: error)
            if exitCode(for: error).rawValue == FailureKind.usage.rawValue, text.hasPrefix("Error: ") {
                Terminal.writeStderr("quarry: error: " + Flags.render(String(text.dropFirst("Error: ".count))) + "\n")
                _ = Terminal.finish()
                Self.exit(withError: ExitCode(FailureKind.usage.rawValue))
            }
            Self.exit(withError: error)
        }
        // A result that could not be written (a closed pipe, a full disk) is a failure too.
        if let failure = Terminal.finish() {
            Terminal.error(failure.message)
            Self.exit(withError: ExitCode(failure.kind.rawValue))
        }
    }
}
