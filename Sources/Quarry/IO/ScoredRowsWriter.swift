/// Writing a scored copy of a table: every input column unchanged plus the model's score,
/// as CSV or JSON Lines, atomically (never a half file).
public enum ScoredRowsWriter {
    /// Copies every record of `reader` byte for byte and appends its score as a last field.
    /// - Complexity: O(bytes read).
    package static func writeCSV(reader: CSVReader, scores: [Double], column scoreColumn: String, options: CSVOptions,
                                to output: String) throws {
        let writer = try CSVWriter(path: output, options: options)
        try writer.writeRaw(reader.headerBytes)
        try writer.finishRow(appending: [scoreColumn])
        var record = CSVRecord()
        var row = 0
        while try reader.next(into: &record) {
            try writer.writeRaw(reader.recordBytes(record))
            try writer.finishRow(appending: [CSVWriter.format(scores[row])])
            row += 1
        }
        try writer.commit()
    }

    /// One object per row: the columns (numbers as numbers, missing as null) and the score.
    /// One object per row of `table` (numbers as numbers, missing as null), then the score.
    /// - Complexity: O(rows × columns).
    public static func writeJSONLines(table: Table, scores: [Double], column scoreColumn: String, to output: String) throws {
        let writer = try JSONLinesWriter(path: output)
        for row in 0..<table.rowCount {
            var members: [(String, JSONValue)] = []
            members.reserveCapacity(table.names.count + 1)
            for (name, column) in zip(table.names, table.columns) {
                switch column {
                case .numeric(let values): members.append((name, .optional(values[row])))
                case .text(let values): members.append((name, .string(values[row])))
                }
            }
            members.append((scoreColumn, .number(scores[row])))
            try writer.write(.object(members))
        }
        try writer.commit()
    }
}
