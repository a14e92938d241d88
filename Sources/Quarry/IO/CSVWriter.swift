/// Writes CSV atomically (temporary file + rename on ``commit()``), quoting a field only
/// when it must be (RFC 4180: it holds the delimiter, a quote or a line break).
///
/// Numbers are written in their shortest round-trip form (integral values without a
/// fraction, `inf`/`-inf` for infinities) and NaN as an empty field, so reading the file
/// back with ``CSVTable`` gives the same values.
///
/// ```swift
/// let out = try CSVWriter(path: "mined.csv")
/// try out.writeRow(["id", "quarry_score"])
/// try out.writeRow(["a,1", CSVWriter.format(0.93)])
/// try out.commit()
/// ```
public final class CSVWriter {
    private let file: AtomicFile
    /// The options (delimiter).
    public let options: CSVOptions
    private var buffer: [UInt8] = []

    /// Starts writing `path` through a temporary file beside it.
    /// - Throws: ``IOFailure`` with `.cannotCreate`.
    public init(path: String, options: CSVOptions = CSVOptions()) throws {
        file = try AtomicFile(path: path)
        self.options = options
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends one record of fields, quoted as needed, and a line feed.
    public func writeRow(_ fields: [String]) throws {
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.append(options.delimiter) }
            appendField(field)
        }
        buffer.append(0x0A)
        try flushIfFull()
    }

    /// Appends `bytes` unchanged (an original record from ``CSVReader/recordBytes(_:)``,
    /// possibly followed by more fields) without a line feed.
    public func writeRaw(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        try flushIfFull()
    }

    /// Appends `fields`, each preceded by the delimiter, then a line feed: the tail of a
    /// record started with ``writeRaw(_:)``.
    public func finishRow(appending fields: [String]) throws {
        for field in fields {
            buffer.append(options.delimiter)
            appendField(field)
        }
        buffer.append(0x0A)
        try flushIfFull()
    }

    /// Writes the buffered rows and renames the file into place.
    public func commit() throws {
        try flush()
        try file.commit()
    }

    /// Abandons the output; the destination is left as it was.
    public func discard() { file.discard() }

    /// A number's field text: shortest round-trip, integral values without a fraction,
    /// NaN as empty (missing).
    public static func format(_ value: Double) -> String {
        value.isNaN ? "" : Table.format(value)
    }

    /// Writes `table` (header then rows) to `path` atomically.
    public static func write(_ table: Table, to path: String, options: CSVOptions = CSVOptions()) throws {
        let writer = try CSVWriter(path: path, options: options)
        try writer.writeRow(table.names)
        for row in 0..<table.rowCount {
            try writer.writeRow(table.columns.map { column in
                switch column {
                case .numeric(let values): format(values[row])
                case .text(let values): values[row]
                }
            })
        }
        try writer.commit()
    }

    private func appendField(_ field: String) {
        var needsQuotes = false
        for byte in field.utf8 where byte == options.delimiter || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            buffer.append(contentsOf: field.utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            buffer.append(byte)
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private func flushIfFull() throws {
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try file.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
