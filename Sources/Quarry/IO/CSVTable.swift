import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole CSV file loaded into a ``Table``, remembering its source so that later checks
/// (labels, finite scores) can name the physical line of a bad row.
///
/// A column is numeric when every non-empty field parses as a number (see
/// ``FastDoubleParser``), else text. Columns listed in ``Options/numericColumns`` must be
/// numeric: a field there that is not a number is an error naming its line and column.
///
/// ```swift
/// var options = CSVTable.Options()
/// options.numericColumns = ["label", "score"]
/// let loaded = try CSVTable(path: "scored.csv", options: options)
/// let labels = try loaded.binaryLabels(column: "label")
/// let scores = try loaded.finiteNumbers(column: "score")
/// ```
///
/// The file is memory-mapped (read, for a pipe) and parsed on all cores. One parallel
/// pass counts line feeds and quotes: that splits the data at record boundaries (quote
/// parity tells a record's end from a line break inside a quoted field) and bounds each
/// part's records, so each part writes its values straight into the final column arrays
/// and no value is copied after parsing. Text columns are then read from the remembered
/// record starts, up to the last text field only. Anything unusual in a part (an error, a
/// quote inside an unquoted field) makes the whole file be parsed again on one thread, so
/// results and errors are always those of the sequential reader.
/// - Complexity: O(n) in the file size; memory: the columns (8 bytes per value), plus text.
public struct CSVTable: Sendable {
    /// How to load.
    public struct Options: Sendable, Equatable {
        /// Delimiter and quoting.
        public var csv: CSVOptions
        /// Columns that must be numeric (label, score, features); unknown names are a usage error.
        public var numericColumns: Set<String>
        /// Threads to parse with; `nil` uses every online core.
        public var threads: Int?

        public init(csv: CSVOptions = CSVOptions(), numericColumns: Set<String> = [], threads: Int? = nil) {
            self.csv = csv
            self.numericColumns = numericColumns
            self.threads = threads
        }
    }

    /// The loaded values.
    public let table: Table
    /// The file the table came from.
    package let file: MappedFile
    /// The options it was loaded with.
    public let options: Options
    /// How many parts were parsed concurrently (1 when the file was small, or when a part
    /// found something that needs the sequential pass).
    public let partsParsed: Int

    /// The file's path, for messages.
    public var path: String { file.path }

    /// Loads the CSV file at `path` (`-` for standard input).
    /// - Parameter progress: told how many bytes of the data are parsed (stage `reading`).
    /// - Throws: ``IOFailure`` (missing or unreadable file), ``CSVError`` (bad data, with
    ///   line and column), ``InvalidInput`` (a required column that does not exist).
    public init(path: String, options: Options = Options(), progress: ProgressReporter = .silent) throws {
        try self.init(file: MappedFile(path: path), options: options, progress: progress)
    }

    /// Loads an already opened file.
    package init(file: MappedFile, options: Options = Options(), progress: ProgressReporter = .silent) throws {
        self.file = file
        self.options = options
        let reader = try CSVReader(file: file, options: options.csv)
        let names = reader.header
        for required in options.numericColumns.sorted() where !names.contains(required) {
            throw InvalidInput("\(file.path): unknown column '\(required)'; the columns are: \(Table.list(names))")
        }
        let required = names.map { options.numericColumns.contains($0) }
        let threadCount = max(1, options.threads ?? activeCoreCount())
        var parser = CSVBlockParser(
            bytes: file.bytes, delimiter: options.csv.delimiter, columnCount: names.count, required: required)
        let dataStart = reader.dataStart
        let meter = progress.start("reading", unit: "bytes", total: file.bytes.count - dataStart)
        defer { meter.finish() }
        parser.meter = progress.isSilent ? nil : meter

        let bytesCount = file.bytes.count
        let (boundaries, bounds) = parser.split(from: dataStart, parts: threadCount)
        var firstRows: [Int] = []
        var capacity = 0
        for bound in bounds { firstRows.append(capacity); capacity += bound }

        // Where each record starts, so the text pass can go straight to its fields.
        let recordStarts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(capacity, 1))
        defer { recordStarts.deallocate() }
        var blocks: [CSVBlockParser.Block] = []
        var partsParsed = 1
        let numeric = CSVBlockParser.makeColumns(names.count, capacity: capacity) { columns in
            if boundaries.count > 2 {
                blocks = parser.parseInParallel(
                    boundaries: boundaries, firstRows: firstRows, bounds: bounds, columns: columns,
                    recordStarts: recordStarts.baseAddress!)
                partsParsed = blocks.count
                if !blocks.contains(where: { $0.problem != nil }) {
                    // Close the gaps left where a part had fewer records than line feeds.
                    var row = blocks[0].rows
                    for k in 1..<blocks.count {
                        if firstRows[k] != row {
                            for column in columns {
                                memmove(column + row, column + firstRows[k], blocks[k].rows * MemoryLayout<Double>.stride)
                            }
                            memmove(recordStarts.baseAddress! + row, recordStarts.baseAddress! + firstRows[k],
                                    blocks[k].rows * MemoryLayout<Int>.stride)
                        }
                        row += blocks[k].rows
                    }
                    return row
                }
                partsParsed = 1
                // The sequential pass parses everything again: count it afresh.
                parser.meter = progress.isSilent ? nil : progress.start("reading", unit: "bytes", total: bytesCount - dataStart)
            }
            blocks = [parser.parse(from: dataStart, to: bytesCount, lenientQuotes: true, columns: columns,
                                   recordStarts: recordStarts.baseAddress!, firstRow: 0, rowLimit: capacity)]
            return blocks[0].rows
        }
        self.partsParsed = partsParsed
        if let problem = blocks[0].problem {
            throw parser.error(problem, path: file.path, header: names)
        }

        let rowCount = blocks.reduce(0) { $0 + $1.rows }
        var isText = [Bool](repeating: false, count: names.count)
        for block in blocks {
            for c in 0..<names.count where block.textColumns[c] { isText[c] = true }
        }
        let texts = isText.contains(true)
            ? parser.texts(recordStarts: UnsafeBufferPointer(rebasing: recordStarts[0..<rowCount]), wanted: isText, parts: threadCount)
            : []
        let columns: [Table.Column] = (0..<names.count).map { c in
            isText[c] ? .text(texts[c]) : .numeric(numeric[c])
        }
        table = try Table(names: names, columns: columns)
    }

    // MARK: Row locations

    /// The 1-based physical line of data row `row` (0-based), found by re-reading the file.
    /// - Complexity: O(n) in the file size; meant for error messages.
    public func line(ofRow row: Int) throws -> Int {
        let reader = try CSVReader(file: file, options: options.csv)
        var record = CSVRecord()
        var index = 0
        while try reader.next(into: &record) {
            if index == row { return record.line }
            index += 1
        }
        preconditionFailure("row \(row) is beyond the table")
    }

    /// The raw text of `row` in column `column`, as in the file.
    func rawText(row: Int, column: Int) throws -> String {
        switch table.columns[column] {
        case .text(let values): return values[row]
        case .numeric:
            let reader = try CSVReader(file: file, options: options.csv)
            var record = CSVRecord()
            var index = 0
            while try reader.next(into: &record) {
                if index == row { return reader.string(record.fields[column]) }
                index += 1
            }
            preconditionFailure("row \(row) is beyond the table")
        }
    }

    func columnIndex(_ name: String) throws -> Int {
        guard let c = table.index(of: name) else {
            throw InvalidInput("\(path): unknown column '\(name)'; the columns are: \(Table.list(table.names))")
        }
        return c
    }

    // MARK: Checked columns

    /// The values of a numeric column, every one finite (no NaN, infinity or empty field).
    /// - Throws: ``CSVError`` `.notFinite` or `.notANumber` at the first bad row;
    ///   ``InvalidInput`` for an unknown column.
    public func finiteNumbers(column name: String) throws -> [Double] {
        let c = try columnIndex(name)
        switch table.columns[c] {
        case .numeric(let values):
            guard let bad = values.firstIndex(where: { !$0.isFinite }) else { return values }
            throw CSVError(path: path, line: try line(ofRow: bad), column: c + 1, columnName: name,
                           problem: .notFinite(found: try rawText(row: bad, column: c)))
        case .text(let values):
            let bad = values.firstIndex { !$0.isEmpty && FastDoubleParser.parse($0) == nil } ?? 0
            throw CSVError(path: path, line: try line(ofRow: bad), column: c + 1, columnName: name,
                           problem: .notANumber(found: values[bad]))
        }
    }

    /// The column's values as binary labels.
    ///
    /// Without `positive`: `1`/`0` (any numeric spelling of one and zero) and
    /// `true`/`false` (any case) are accepted, anything else is an error. With `positive`:
    /// a field equal to it (as text, or as a number when both parse) is the positive class
    /// and every other non-empty field the negative class. An empty field is always an error.
    /// - Throws: ``CSVError`` `.notABinaryLabel` with the line and column of the first bad label.
    public func binaryLabels(column name: String, positive: String? = nil) throws -> [Bool] {
        let c = try columnIndex(name)
        let parser = BinaryLabelParser(positive: positive)
        var labels: [Bool] = []
        labels.reserveCapacity(table.rowCount)
        var badRow: Int?
        switch table.columns[c] {
        case .numeric(let values):
            for (row, value) in values.enumerated() {
                guard let label = parser.label(value) else { badRow = row; break }
                labels.append(label)
            }
        case .text(let values):
            for (row, value) in values.enumerated() {
                guard let label = parser.label(value) else { badRow = row; break }
                labels.append(label)
            }
        }
        if let badRow {
            throw CSVError(path: path, line: try line(ofRow: badRow), column: c + 1, columnName: name,
                           problem: .notABinaryLabel(found: try rawText(row: badRow, column: c), accepted: parser.accepted))
        }
        return labels
    }
}

/// Turns label fields into classes: 0/1 and true/false, or "equals `positive`".
public struct BinaryLabelParser: Sendable, Equatable {
    /// The positive class's spelling, when given.
    public let positive: String?
    private let positiveNumber: Double?

    public init(positive: String? = nil) {
        self.positive = positive
        positiveNumber = positive.flatMap { FastDoubleParser.parse($0) }
    }

    /// What is accepted, for messages.
    public var accepted: String {
        if let positive { return "'\(positive)' for the positive class, any other value for the negative" }
        return "0/1 or true/false"
    }

    /// The class of a text field; `nil` when it is not a label.
    public func label(_ text: String) -> Bool? {
        if text.isEmpty { return nil }
        if let positive {
            if text == positive { return true }
            if let positiveNumber, let value = FastDoubleParser.parse(text) { return value == positiveNumber }
            return false
        }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: return FastDoubleParser.parse(text).flatMap(label)
        }
    }

    /// The class of a numeric field; `nil` when it is not a label.
    public func label(_ value: Double) -> Bool? {
        if value.isNaN { return nil }
        if positive != nil {
            // A numeric column was never text, so compare as numbers when the positive is one.
            if let positiveNumber { return value == positiveNumber }
            return false
        }
        if value == 1 { return true }
        if value == 0 { return false }
        return nil
    }
}
