/// The outcome classes a failure maps to, with the sysexits code the CLI exits with.
///
/// Every public error type of the library conforms to ``QuarryFailure`` and names one of
/// these, so the CLI can turn any failure into one line on stderr and a documented code.
public enum FailureKind: Int32, Sendable, Equatable {
    /// Wrong use of an API or a command-line option (`EX_USAGE`).
    case usage = 64
    /// The input was read but its content is wrong: ragged rows, unparsable numbers,
    /// non-binary labels, NaN scores, empty data (`EX_DATAERR`).
    case dataError = 65
    /// An input file does not exist or cannot be opened (`EX_NOINPUT`).
    case noInput = 66
    /// An output file cannot be created (`EX_CANTCREAT`).
    case cannotCreate = 73
    /// Reading or writing failed part-way (`EX_IOERR`).
    case ioError = 74
}

/// A failure that can be reported to a person in one line.
///
/// Conforming types carry *where* (file, line, column, key) and *what* was expected and
/// found; ``message`` renders that as a single line without a trailing newline.
public protocol QuarryFailure: Error, CustomStringConvertible, Sendable {
    /// The outcome class, which decides the CLI's exit code.
    var kind: FailureKind { get }
    /// One line: where, what was expected, what was found.
    var message: String { get }
}

extension QuarryFailure {
    public var description: String { message }
}

/// A usage or data failure that does not belong to a more specific error type.
public struct InvalidInput: QuarryFailure {
    public let kind: FailureKind
    public let message: String

    public init(_ message: String, kind: FailureKind = .usage) {
        self.kind = kind
        self.message = message
    }
}
