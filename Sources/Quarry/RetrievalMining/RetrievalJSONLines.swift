/// Reads the small JSONL inputs of retrieval mining (pairs, id files, text files) through the
/// library's ``JSONLinesReader``, reporting problems as ``RetrievalMiningFailure``.
///
/// Blank lines are skipped; each other line must be one JSON value. Errors name the file
/// and the 1-based line.
enum RetrievalJSONLines {
    /// One scalar id as written in a file: a row number or a string.
    enum Identifier: Hashable {
        case int(Int)
        case string(String)

        /// The id as the text it is looked up by (a number in decimal).
        var text: String {
            switch self {
            case .int(let i): String(i)
            case .string(let s): s
            }
        }

        var display: String {
            switch self {
            case .int(let i): "\(i)"
            case .string(let s): "\"\(s)\""
            }
        }
    }

    /// Calls `body(lineNumber, value)` for every non-blank line of `path`.
    /// - Parameter progress: told how many bytes are parsed (stage `reading`, unit `bytes`).
    static func forEachValue(in path: String, progress: ProgressReporter = .silent,
                             _ body: (Int, JSONValue) throws -> Void) throws {
        let reader: JSONLinesReader
        do {
            reader = try JSONLinesReader(path: path)
        } catch let failure as IOFailure {
            throw RetrievalMiningFailure("cannot read '\(path)': \(failure.reason)", kind: .noInput)
        }
        var sawValue = false
        let meter = progress.isSilent ? nil : progress.start("reading", unit: "bytes", total: reader.file.bytes.count)
        defer { meter?.finish() }
        while true {
            let next: (value: JSONValue, line: Int)?
            do {
                next = try reader.next()
            } catch let error as JSONParseError {
                throw RetrievalMiningFailure(error.message, kind: .dataError)
            }
            guard let (value, line) = next else { break }
            if let meter, line & 0x3FF == 0 { meter.advance(to: reader.bytesRead) }
            sawValue = true
            try body(line, value)
        }
        guard sawValue else { throw RetrievalMiningFailure.data(path, "empty file; expected one JSON value per line") }
    }

    /// The id in `value` (an integer or a string), or nil for anything else.
    static func identifier(_ value: JSONValue?) -> Identifier? {
        switch value {
        case .string(let s)?: return .string(s)
        case .number(let d)? where d == d.rounded() && abs(d) < 0x1p53: return .int(Int(d))
        default: return nil
        }
    }
}
