/// A CSV input that cannot be read as a table: the file, the physical line, the column
/// (1-based field number and header name) and what was expected and found.
///
/// ```
/// scores.csv: line 12, column 3 ('score'): expected a number, found 'abc'
/// ```
public struct CSVError: QuarryFailure {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// The file has no bytes at all, so no header.
        case emptyFile
        /// The header line is empty.
        case emptyHeader
        /// Two header fields have the same name.
        case duplicateColumn(name: String, firstColumn: Int)
        /// A record has a different number of fields from the header.
        case raggedRow(expected: Int, found: Int)
        /// A quoted field runs to the end of the file.
        case unterminatedQuote
        /// A closing quote is followed by something other than a delimiter or line end.
        case textAfterClosingQuote(found: String)
        /// A field of a column that must be numeric does not parse as a number.
        case notANumber(found: String)
        /// A number column that must be finite holds NaN, an infinity or nothing.
        case notFinite(found: String)
        /// A label that is neither class.
        case notABinaryLabel(found: String, accepted: String)
    }

    public var kind: FailureKind { .dataError }
    /// The file.
    public let path: String
    /// The 1-based physical line (it counts line breaks inside quoted fields).
    public let line: Int
    /// The 1-based field number, when the problem is in one field.
    public let column: Int?
    /// The header name of ``column``, when known.
    public let columnName: String?
    /// What is wrong.
    public let problem: Problem

    public init(path: String, line: Int, column: Int? = nil, columnName: String? = nil, problem: Problem) {
        self.path = path
        self.line = line
        self.column = column
        self.columnName = columnName
        self.problem = problem
    }

    public var message: String {
        var place = "\(path): line \(line)"
        if let column {
            place += ", column \(column)"
            if let columnName { place += " ('\(columnName)')" }
        }
        let what: String
        switch problem {
        case .emptyFile: what = "expected a header row, found an empty file"
        case .emptyHeader: what = "expected a header row, found an empty line"
        case .duplicateColumn(let name, let first):
            what = "expected unique column names, found '\(name)' again (first in column \(first))"
        case .raggedRow(let expected, let found):
            what = "expected \(expected) fields as in the header, found \(found)"
        case .unterminatedQuote: what = "expected a closing '\"' for the quoted field starting here, found the end of the file"
        case .textAfterClosingQuote(let found):
            what = "expected a delimiter or the end of the line after a closing '\"', found \(found)"
        case .notANumber(let found): what = "expected a number, found '\(Self.shown(found))'"
        case .notFinite(let found): what = "expected a finite number, found \(found.isEmpty ? "an empty field" : "'\(Self.shown(found))'")"
        case .notABinaryLabel(let found, let accepted):
            what = "expected a binary label (\(accepted)), found \(found.isEmpty ? "an empty field" : "'\(Self.shown(found))'")"
        }
        // Column names quoted from the header may hold line breaks too: keep the message one line.
        return "\(place): \(what)".escapingControlCharacters
    }

    /// A field's text as a message shows it: on one line (line breaks and other control
    /// characters escaped) and at most 60 characters, with the full length when cut.
    static func shown(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 60 {
                out += "… (\(text.utf8.count) bytes)"
                break
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return out
    }
}

/// Options shared by the CSV reader, table loader and writer.
public struct CSVOptions: Sendable, Equatable {
    /// The field delimiter byte (`,` by default).
    public var delimiter: UInt8

    /// Comma-separated.
    public init() { delimiter = UInt8(ascii: ",") }

    /// Uses `delimiter`: one ASCII character, or `\t` / `tab` for a tab.
    /// - Throws: ``InvalidInput`` (usage) for anything else, or for `"`, CR and LF.
    public init(delimiter: String) throws {
        let resolved = delimiter == "\\t" || delimiter.lowercased() == "tab" ? "\t" : delimiter
        let bytes = Array(resolved.utf8)
        guard bytes.count == 1, bytes[0] < 0x80, bytes[0] != UInt8(ascii: "\""), bytes[0] != 0x0A, bytes[0] != 0x0D else {
            throw InvalidInput(parameter: "delimiter", "must be one ASCII character other than '\"' and a line break (or 'tab'), found '\(delimiter)'")
        }
        self.delimiter = bytes[0]
    }
}
