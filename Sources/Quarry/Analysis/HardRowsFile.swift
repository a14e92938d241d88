/// A CSV of already mined hard negatives, read as rows of the scored file they came from.
public enum HardRowsFile {
    /// The rows `path` names: by its id column when the scored file has ids and `path` has
    /// that column, else by a `row` column (0-based data rows).
    ///
    /// - Parameters:
    ///   - idColumn: the scored file's id column, when it has one.
    ///   - ids: its values, one per data row.
    ///   - dataFile: the scored file's path, for messages.
    ///   - rowCount: its number of data rows.
    /// - Throws: ``InvalidInput`` (data error, with the line) for an unknown id, a row outside
    ///   the data, or a file with neither column.
    /// - Complexity: O(n + m) for n data rows and m named rows.
    public static func rows(path: String, idColumn: String?, ids: [String]?, dataFile: String, rowCount: Int) throws -> [Int] {
        let hardTable = try CSVTable(path: path).table
        if let idColumn, hardTable.index(of: idColumn) != nil, let ids {
            var rowOfId: [String: Int] = [:]
            for (row, id) in ids.enumerated() where rowOfId[id] == nil { rowOfId[id] = row }
            return try hardTable.text(named: idColumn).enumerated().map { line, id in
                guard let row = rowOfId[id] else {
                    throw InvalidInput("\(path): line \(line + 2): id '\(id)' is not in \(dataFile)", kind: .dataError)
                }
                return row
            }
        }
        guard hardTable.index(of: "row") != nil else {
            throw InvalidInput("\(path): expected a 'row' column\(idColumn.map { " or the id column '\($0)'" } ?? ""); the columns are: \(hardTable.names.joined(separator: ", "))", kind: .dataError)
        }
        return try hardTable.numeric(named: "row").enumerated().map { line, value in
            guard value.isFinite, value == value.rounded(), value >= 0, Int(value) < rowCount else {
                throw InvalidInput("\(path): line \(line + 2): row \(NumberFormat.shortest(value)) is not a data row of \(dataFile) (0..<\(rowCount))", kind: .dataError)
            }
            return Int(value)
        }
    }
}
