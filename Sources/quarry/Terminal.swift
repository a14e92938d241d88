#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Quarry

/// Writing to stdout and stderr, and knowing whether stderr is a terminal.
///
/// Every write is checked: a failed write to stdout or stderr (a closed pipe, `> /dev/full`)
/// is remembered and ``finish()`` turns it into exit 74.
enum Terminal {
    /// Whether stderr is an interactive terminal (progress is shown only then, and not under CI).
    static let stderrIsInteractive: Bool = {
        isatty(2) != 0 && getenv("CI") == nil
    }()

    /// Set when an output is `-` (stdout): results and summaries then go to stderr so the
    /// data on stdout stays clean.
    nonisolated(unsafe) static var stdoutIsData = false

    /// The first failed write to stdout or stderr: the stream's name and what the system said.
    nonisolated(unsafe) private(set) static var writeFailure: (stream: String, reason: String)?

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
        writeAll(text, to: 2, name: "standard error")
    }

    /// Writes all of `text` to `fd`, remembering the first failure.
    private static func writeAll(_ text: String, to fd: Int32, name: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    if writeFailure == nil { writeFailure = (name, String(cString: strerror(errno))) }
                    return
                }
                offset += n
            }
        }
    }

    /// Writes `text` and a newline to stdout (to stderr when stdout carries an output's data).
    static func print(_ text: String) {
        if stdoutIsData {
            writeStderr(text + "\n")
            return
        }
        writeAll(text + "\n", to: 1, name: "standard output")
    }

    /// Reports whether every write to stdout and stderr succeeded.
    /// - Returns: the failure to report (exit 74), or `nil`.
    static func finish() -> IOFailure? {
        guard let writeFailure else { return nil }
        return IOFailure(kind: .ioError, path: writeFailure.stream, reason: writeFailure.reason)
    }
}

/// The outputs of a command, checked before any work.
enum Outputs {
    /// Refuses an output that is the same file as an input (exit 73) and, when an output is
    /// `-`, sends the command's own printing to stderr.
    static func claim(_ outputs: [String?], inputs: [String?]) throws {
        let outputs = outputs.compactMap { $0 }
        try FileIdentity.requireDistinct(outputs: outputs, inputs: inputs.compactMap { $0 })
        if outputs.contains("-") { Terminal.stdoutIsData = true }
    }
}
