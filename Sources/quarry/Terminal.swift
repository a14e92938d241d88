#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to stdout and stderr, and knowing whether stderr is a terminal.
enum Terminal {
    /// Whether stderr is an interactive terminal (progress is shown only then, and not under CI).
    static let stderrIsInteractive: Bool = {
        isatty(2) != 0 && getenv("CI") == nil
    }()

    /// Writes `line` and a newline to stderr, prefixed with `quarry: error: `.
    static func error(_ line: String) {
        writeStderr("quarry: error: \(line)\n")
    }

    /// Writes `line` and a newline to stderr, prefixed with `quarry: warning: `.
    static func warning(_ line: String) {
        writeStderr("quarry: warning: \(line)\n")
    }

    /// Writes raw text to stderr, unbuffered.
    static func writeStderr(_ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    }

    /// Writes `text` to stdout.
    static func print(_ text: String) {
        Swift.print(text)
    }
}
