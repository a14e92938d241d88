/// A streaming RFC 4180 reader: the header, then one record at a time as byte ranges into
/// the (memory-mapped) file.
///
/// Fields may be quoted with `"` and then contain the delimiter, line breaks and doubled
/// quotes (`""`); records end with LF or CRLF; completely blank lines are skipped (as
/// pandas does); an empty field is a missing value. A quote inside an unquoted field is
/// kept as text. Nothing is copied until asked for, so a pass that selects rows and copies
/// them with ``recordBytes(_:)`` uses memory bounded by its output.
///
/// ```swift
/// let reader = try CSVReader(path: "scored.csv")
/// let score = reader.header.firstIndex(of: "score")!
/// var record = CSVRecord()
/// while try reader.next(into: &record) {
///     let value = reader.double(record.fields[score])   // nil when not a number
///     if value ?? 0 > 0.9 { try out.write(reader.recordBytes(record)) }
/// }
/// ```
/// - Complexity: O(n) in the file size over a whole pass; O(fields) extra memory.
package final class CSVReader {
    /// The file's bytes.
    public let file: MappedFile
    /// The options (delimiter).
    public let options: CSVOptions
    /// The header's field names, in order.
    public private(set) var header: [String] = []
    /// The byte offset where the data records start.
    public private(set) var dataStart = 0

    private var position = 0
    private var line = 1
    private var recordsRead = 0
    /// Where the pages of the file were last released (see ``next(into:)``).
    private var releasedUpTo = 0
    /// How far the reader moves between releases of the pages behind it.
    static let releaseStride = 64 << 20

    /// The file's path, for messages.
    public var path: String { file.path }

    /// Opens `path` (`-` for standard input) and reads its header.
    /// - Throws: ``IOFailure`` when it cannot be read; ``CSVError`` for an empty file or a
    ///   malformed header.
    public convenience init(path: String, options: CSVOptions = CSVOptions()) throws {
        try self.init(file: MappedFile(path: path), options: options)
    }

    /// Reads the header of an already opened file.
    public init(file: MappedFile, options: CSVOptions = CSVOptions()) throws {
        self.file = file
        self.options = options
        guard file.bytes.count > 0 else { throw CSVError(path: file.path, line: 1, problem: .emptyFile) }
        var record = CSVRecord()
        // A UTF-8 byte order mark (as spreadsheet programs write) is not part of the first name.
        let bytes = file.bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        // The header is the first line, even if blank lines would be skipped elsewhere.
        guard position < bytes.count else { throw CSVError(path: file.path, line: 1, problem: .emptyFile) }
        if bytes[position] == 0x0A || (bytes.count > position + 1 && bytes[position] == 0x0D && bytes[position + 1] == 0x0A) {
            throw CSVError(path: file.path, line: 1, problem: .emptyHeader)
        }
        guard try readRecord(into: &record) else { throw CSVError(path: file.path, line: 1, problem: .emptyFile) }
        header = record.fields.map { string($0) }
        var firstColumn: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if let first = firstColumn[name] {
                throw CSVError(path: file.path, line: 1, column: index + 1, columnName: name,
                               problem: .duplicateColumn(name: name, firstColumn: first))
            }
            firstColumn[name] = index + 1
        }
        dataStart = position
        recordsRead = 0
    }

    /// Reads the next data record into `record` (reusing its storage).
    /// - Returns: `false` at the end of the file.
    /// - Throws: ``CSVError`` for a ragged row, an unterminated quote or text after a
    ///   closing quote, with the physical line and field number.
    ///
    /// Memory stays bounded on a file of any size: every 64 MiB, the pages of a mapped file
    /// before the current record are released (``MappedFile/releasePages(before:)``); fields
    /// of earlier records stay readable, from the file.
    public func next(into record: inout CSVRecord) throws -> Bool {
        if position - releasedUpTo >= Self.releaseStride {
            file.releasePages(before: position)
            releasedUpTo = position
        }
        guard try readRecord(into: &record) else { return false }
        if record.fields.count != header.count {
            throw CSVError(path: path, line: record.line, problem: .raggedRow(expected: header.count, found: record.fields.count))
        }
        return true
    }

    /// Reads every remaining record.
    public func readAll() throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        var record = CSVRecord()
        while try next(into: &record) { records.append(record) }
        return records
    }

    private func readRecord(into record: inout CSVRecord) throws -> Bool {
        let bytes = file.bytes
        let end = bytes.count
        guard let p = bytes.baseAddress else { return false }
        // Skip blank lines.
        while position < end {
            if p[position] == 0x0A {
                position += 1
                line += 1
            } else if p[position] == 0x0D, position + 1 < end, p[position + 1] == 0x0A {
                position += 2
                line += 1
            } else {
                break
            }
        }
        guard position < end else { return false }
        recordsRead += 1
        record.fields.removeAll(keepingCapacity: true)
        record.line = line
        record.number = recordsRead
        let recordStart = position
        var i = position
        while true {
            let fieldStart = i
            if i < end, p[i] == UInt8(ascii: "\"") {
                let opening = i
                let openingLine = line
                i += 1
                var escaped = false
                while true {
                    guard i < end else {
                        throw CSVError(path: path, line: openingLine, column: record.fields.count + 1,
                                       columnName: columnName(record.fields.count), problem: .unterminatedQuote)
                    }
                    let byte = p[i]
                    if byte == UInt8(ascii: "\"") {
                        if i + 1 < end, p[i + 1] == UInt8(ascii: "\"") {
                            escaped = true
                            i += 2
                            continue
                        }
                        break
                    }
                    if byte == 0x0A { line += 1 }
                    i += 1
                }
                record.fields.append(CSVField(range: (opening + 1)..<i, isQuoted: true, hasEscapedQuotes: escaped))
                i += 1 // closing quote
                if i < end, p[i] != options.delimiter, p[i] != 0x0A, !(p[i] == 0x0D && i + 1 < end && p[i + 1] == 0x0A) {
                    throw CSVError(path: path, line: line, column: record.fields.count,
                                   columnName: columnName(record.fields.count - 1),
                                   problem: .textAfterClosingQuote(found: Self.describe(p[i])))
                }
            } else {
                while i < end, p[i] != options.delimiter, p[i] != 0x0A { i += 1 }
                var contentEnd = i
                if i < end, p[i] == 0x0A, contentEnd > fieldStart, p[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                record.fields.append(CSVField(range: fieldStart..<contentEnd, isQuoted: false, hasEscapedQuotes: false))
            }
            if i >= end {
                record.span = recordStart..<i
                position = i
                return true
            }
            if p[i] == options.delimiter {
                i += 1
                continue
            }
            // End of record: CRLF or LF.
            var spanEnd = i
            if p[i] == 0x0D { i += 1 } else if spanEnd > recordStart, p[spanEnd - 1] == 0x0D { spanEnd -= 1 }
            record.span = recordStart..<spanEnd
            position = i + 1
            line += 1
            return true
        }
    }

    func columnName(_ index: Int) -> String? {
        index < header.count ? header[index] : nil
    }

    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x21...0x7E: "'\(Character(Unicode.Scalar(byte)))'"
        case 0x20: "a space"
        case 0x09: "a tab"
        case 0x0D: "a carriage return"
        default: String(format16: byte)
        }
    }

    // MARK: Field access

    /// The field's text: quotes removed and `""` turned into `"`; invalid UTF-8 is repaired
    /// with U+FFFD.
    public func string(_ field: CSVField) -> String {
        let raw = UnsafeBufferPointer(rebasing: file.bytes[field.range])
        guard field.hasEscapedQuotes else { return String(decoding: raw, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            unescaped.append(raw[i])
            i += raw[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// The field as a number (see ``FastDoubleParser``); `nil` when empty or not a number.
    public func double(_ field: CSVField) -> Double? {
        guard !field.hasEscapedQuotes, !field.range.isEmpty else { return nil }
        return FastDoubleParser.parseField(file.bytes.baseAddress!, from: field.range.lowerBound, to: field.range.upperBound)
    }

    /// The record's original bytes, without its line terminator: quoting and delimiters as
    /// in the file, ready to be copied to an output unchanged.
    public func recordBytes(_ record: CSVRecord) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(file.bytes)[record.span])
    }

    /// The header line's original bytes, without its terminator.
    public var headerBytes: UnsafeRawBufferPointer {
        var stop = dataStart
        while stop > 0, file.bytes[stop - 1] == 0x0A || file.bytes[stop - 1] == 0x0D { stop -= 1 }
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(file.bytes)[0..<stop])
    }
}

/// One field of a record: where its content lies in the file.
package struct CSVField: Sendable, Equatable {
    /// The content's byte range (inside the quotes for a quoted field).
    public var range: Range<Int>
    /// Whether the field was quoted in the file.
    public var isQuoted: Bool
    /// Whether the content holds doubled quotes (`""`) that ``CSVReader/string(_:)`` unescapes.
    public var hasEscapedQuotes: Bool

    /// Whether the field is empty (a missing value).
    public var isEmpty: Bool { range.isEmpty }
}

/// One data record: its fields, where it lies in the file and where it starts.
package struct CSVRecord: Sendable, Equatable {
    /// The fields, one per header column once ``CSVReader/next(into:)`` returned.
    public internal(set) var fields: [CSVField] = []
    /// The record's bytes in the file, without its line terminator.
    public internal(set) var span: Range<Int> = 0..<0
    /// The 1-based physical line where the record starts.
    public internal(set) var line = 0
    /// The 1-based record number (data rows only; the header is not counted).
    public internal(set) var number = 0

    public init() {}
}
