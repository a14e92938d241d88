/// A row kept by a streaming mining pass: where it was, its id, and the caller's copy of it.
public struct StreamedRow<Data> {
    /// The physical line it starts on.
    public var line: Int
    /// The id column's value, when an id column was named.
    public var id: String?
    /// What the caller copied (the raw record bytes, or its fields).
    public var data: Data
}

extension StreamedRow: Sendable where Data: Sendable {}

/// One pass over a scored CSV file that offers every row to a ``HardExampleCollector``,
/// copying only the rows it keeps.
///
/// Scores must be finite numbers and labels binary: the first bad row stops the pass with
/// the file, line and column. Memory is bounded by the kept rows plus one `Double` per row.
///
/// - Complexity: O(n log k) for n rows and k kept per side (the collector's heaps), one read of the file.
public struct StreamingMiningPass {
    let reader: CSVReader
    let labelColumn: Int
    let scoreColumn: Int
    let idColumn: Int?
    let labelParser: BinaryLabelParser
    let progress: ProgressReporter
    /// Rows (0-based data rows) counted but never mined: suspected label errors.
    public let skipping: Set<Int>

    /// The file's column names.
    public var header: [String] { reader.header }
    /// The header line's bytes as read (without the line break).
    public var headerBytes: [UInt8] { Array(reader.headerBytes) }

    /// Opens `path`; see ``init(file:csvOptions:label:score:id:positive:progress:skipping:)``.
    public init(path: String, csvOptions: CSVOptions, label: String, score: String, id: String? = nil,
                positive: String?, progress: ProgressReporter = .silent, skipping: Set<Int> = []) throws {
        try self.init(file: MappedFile(path: path), csvOptions: csvOptions, label: label, score: score, id: id,
                      positive: positive, progress: progress, skipping: skipping)
    }

    /// Prepares a pass over an opened file (read once, so a FIFO works).
    /// - Throws: ``InvalidInput`` naming the file and the columns when a named column is missing.
    package init(file: MappedFile, csvOptions: CSVOptions, label: String, score: String, id: String? = nil,
                positive: String?, progress: ProgressReporter = .silent, skipping: Set<Int> = []) throws {
        let path = file.path
        let reader = try CSVReader(file: file, options: csvOptions)
        let header = reader.header
        func column(_ name: String) throws -> Int {
            guard let c = header.firstIndex(of: name) else {
                throw InvalidInput("\(path): no column '\(name)'; the columns are: \(Table.list(header))")
            }
            return c
        }
        self.reader = reader
        labelColumn = try column(label)
        scoreColumn = try column(score)
        idColumn = try id.map(column)
        labelParser = BinaryLabelParser(positive: positive)
        self.progress = progress
        self.skipping = skipping
    }

    /// Streams the file once.
    /// - Parameter copy: what to keep of a selected row (called only for rows kept).
    /// - Throws: ``CSVError`` (file, line, column) for a score that is not a finite number or a
    ///   label that is not binary; ``InvalidInput`` for a file without data rows.
    package func run<Data>(strategy: any HardExampleStrategy, sides: MiningSides,
                   copy: (CSVReader, CSVRecord) -> Data) throws -> MiningResult<StreamedRow<Data>> {
        var collector = HardExampleCollector<StreamedRow<Data>>(strategy: strategy, sides: sides)
        var record = CSVRecord()
        var row = 0
        let meter = progress.start("reading", unit: "rows", total: nil)
        while try reader.next(into: &record) {
            let scoreField = record.fields[scoreColumn]
            let value = reader.double(scoreField)
            guard let score = value, score.isFinite else {
                let found = reader.string(scoreField)
                throw CSVError(path: reader.path, line: record.line, column: scoreColumn + 1, columnName: header[scoreColumn],
                               problem: value == nil ? .notANumber(found: found) : .notFinite(found: found))
            }
            let labelText = reader.string(record.fields[labelColumn])
            guard let positive = labelParser.label(labelText) else {
                throw CSVError(path: reader.path, line: record.line, column: labelColumn + 1, columnName: header[labelColumn],
                               problem: .notABinaryLabel(found: labelText, accepted: labelParser.accepted))
            }
            collector.add(row: row, score: score, side: positive ? .positive : .negative, eligible: !skipping.contains(row),
                              payload: StreamedRow(line: record.line, id: idColumn.map { reader.string(record.fields[$0]) },
                                                   data: copy(reader, record)))
            row += 1
            if row & 0xFFFF == 0 { meter.advance(to: row) }
        }
        meter.finish()
        guard row > 0 else {
            throw InvalidInput("\(reader.path): the file has a header but no data rows", kind: .dataError)
        }
        return collector.finish()
    }
}
