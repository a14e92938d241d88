#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `quarry report` was given, recognised from the path and, for JSON, from its keys.
public enum ReportInput: Sendable {
    /// A scored, labelled table (CSV): needs the label and score columns.
    case scoredFile(path: String)
    /// A loop run folder (holds `manifest.json`).
    case loopRun(path: String)
    /// An explain result (JSON with `beyond_score`).
    case explain(path: String, json: JSONValue)
    /// A retrieval mining summary (JSON with `command: mine-retrieval` or `retrieval-select`).
    case retrieval(path: String, json: JSONValue)

    /// The kind's name as `quarry report` prints it.
    public var kindName: String {
        switch self {
        case .scoredFile: "scored file"
        case .loopRun: "loop run"
        case .explain: "explain result"
        case .retrieval: "retrieval mining summary"
        }
    }

    /// Recognises `path`: a folder is a loop run; a file whose content starts with `{` is a
    /// JSON result (explain or retrieval); anything else is a scored table.
    /// - Throws: ``IOFailure`` (no input) when the path does not exist; ``JSONParseError``
    ///   for broken JSON; ``InvalidInput`` (data error) for a folder without a manifest or
    ///   JSON that is neither result.
    public static func recognise(_ path: String) throws -> ReportInput {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw IOFailure(kind: .noInput, path: path, reason: "no such file or folder")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            guard access(path + "/manifest.json", F_OK) == 0 else {
                throw InvalidInput("\(path): a folder, but not a loop run (no manifest.json)", kind: .dataError)
            }
            return .loopRun(path: path)
        }
        let mapped = try MappedFile(path: path)
        let parsed: JSONValue? = try withExtendedLifetime(mapped) {
            let firstNonSpace = mapped.bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            guard firstNonSpace == UInt8(ascii: "{") else { return nil }
            do {
                return try JSONValue.parse(mapped.bytes)
            } catch var error as JSONParseError {
                error.path = path
                throw error
            }
        }
        guard let json = parsed else { return .scoredFile(path: path) }
        if json["beyond_score"] != nil { return .explain(path: path, json: json) }
        if let command = json["command"]?.stringValue, RetrievalMiningSummary.commands.contains(command) {
            return .retrieval(path: path, json: json)
        }
        throw InvalidInput("\(path): JSON, but neither an explain result (key 'beyond_score') nor a retrieval mining summary (key 'command': \"mine-retrieval\"); for a loop run pass its folder", kind: .dataError)
    }
}

extension ReportInput {
    /// Reads and parses the JSON file at `path` (errors name the file, line and column).
    /// - Throws: ``IOFailure`` when it cannot be read, ``JSONParseError`` when it is not JSON.
    public static func readJSON(_ path: String) throws -> JSONValue {
        try LoopRunDirectory.readJSON(path)
    }
}
