import Foundation

/// Reads the small JSONL inputs of retrieval mining (pairs, id files, text files) line by line.
///
/// Blank lines are skipped; each other line must be one JSON value. Errors name the file
/// and the 1-based line.
enum RetrievalJSONLines {
    /// One scalar id as written in a file: a row number or a string.
    enum Identifier: Hashable {
        case int(Int)
        case string(String)

        var display: String {
            switch self {
            case .int(let i): "\(i)"
            case .string(let s): "\"\(s)\""
            }
        }
    }

    /// Calls `body(lineNumber, value)` for every non-blank line of `path`.
    static func forEachValue(in path: String, _ body: (Int, Any) throws -> Void) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw RetrievalMiningFailure("cannot read '\(path)': No such file or directory", kind: .noInput)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RetrievalMiningFailure("cannot read '\(path)': permission denied or not a file", kind: .noInput)
        }
        var lineNumber = 0
        var sawValue = false
        var start = data.startIndex
        while start < data.endIndex {
            lineNumber += 1
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            let line = data[start..<end]
            start = end < data.endIndex ? data.index(after: end) : end
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let value: Any
            do {
                value = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
            } catch {
                throw RetrievalMiningFailure.data(path, line: lineNumber, "not valid JSON")
            }
            sawValue = true
            try body(lineNumber, value)
        }
        guard sawValue else { throw RetrievalMiningFailure.data(path, "empty file; expected one JSON value per line") }
    }

    /// The id in `value` (an integer or a string), or nil for anything else.
    static func identifier(_ value: Any?) -> Identifier? {
        if let s = value as? String { return .string(s) }
        if let n = value as? NSNumber {
            // Booleans are NSNumbers too; they are not ids.
            if String(cString: n.objCType) == "c" { return nil }
            let d = n.doubleValue
            if d == d.rounded(), abs(d) < 0x1p53 { return .int(Int(d)) }
        }
        return nil
    }
}
