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
        73 cannot create output, 74 I/O error.
        """,
        version: Quarry.version,
        subcommands: QuarryCommand.allSubcommands
    )

    /// Runs the command, turning any library failure into one line on stderr and its exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as QuarryFailure {
            Terminal.error(failure.message)
            Self.exit(withError: ExitCode(failure.kind.rawValue))
        } catch {
            Self.exit(withError: error)
        }
    }
}
