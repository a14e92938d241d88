/// A retrieval-mining input or option that cannot be used, with where it was found.
///
/// Every case names the file (and line or key when known), what was expected and what was
/// found, so the CLI can print one line that a person can act on.
public struct RetrievalMiningFailure: QuarryFailure {
    public let kind: FailureKind
    public let message: String

    /// A failure of `kind` whose one-line explanation is `message`.
    public init(_ message: String, kind: FailureKind) {
        self.kind = kind
        self.message = message
    }

    /// An option value outside its bounds (exit 64).
    static func option(_ message: String) -> RetrievalMiningFailure {
        RetrievalMiningFailure(message, kind: .usage)
    }

    /// Wrong content in an input file (exit 65), located by file and optional line/key.
    static func data(_ file: String, line: Int? = nil, key: String? = nil, _ message: String) -> RetrievalMiningFailure {
        var place = file
        if let line { place += ":\(line)" }
        if let key { place += " key '\(key)'" }
        return RetrievalMiningFailure("\(place): \(message)", kind: .dataError)
    }

    /// Wrong content in a column of a whitespace-separated input line (exit 65).
    static func data(_ file: String, line: Int, column: Int, named name: String, _ message: String) -> RetrievalMiningFailure {
        RetrievalMiningFailure("\(file):\(line) column \(column) (\(name)): \(message)", kind: .dataError)
    }
}
