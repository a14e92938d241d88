/// Choosing and checking the feature columns of a loaded CSV file.
///
/// The missing-value rule, as LightGBM has it for NaN: an empty field and `nan` (any case)
/// are missing values, which the models impute or route; an infinite value (`inf`,
/// `-inf`, or a number too large for a double such as `1e400`) is an error naming its
/// line and column, since no model can learn from it.
extension CSVTable {
    /// The feature columns: `named` when given, else every numeric column not in `excluding`.
    ///
    /// Without `named`, a text column most of whose non-empty fields are numbers is taken
    /// for a numeric column with bad cells: that is an error naming the first field that is
    /// not a number, never a column silently left out of the model.
    /// - Throws: ``CSVError`` `.notANumber` at the first bad cell of such a column.
    public func featureColumns(named: [String]?, excluding: [String]) throws -> [String] {
        if let named { return named }
        var names: [String] = []
        for (c, (name, column)) in zip(table.names, table.columns).enumerated() where !excluding.contains(name) {
            switch column {
            case .numeric: names.append(name)
            case .text(let values):
                var numbers = 0, texts = 0
                var firstText: Int?
                for (row, value) in values.enumerated() where !value.isEmpty {
                    if FastDoubleParser.parse(value) != nil {
                        numbers += 1
                    } else {
                        texts += 1
                        if firstText == nil { firstText = row }
                    }
                }
                if numbers > texts, let bad = firstText {
                    throw CSVError(path: path, line: try line(ofRow: bad), column: c + 1, columnName: name,
                                   problem: .notANumber(found: values[bad]))
                }
            }
        }
        return names
    }

    /// Checks that the numeric columns `names` hold no infinite value (empty and `nan` are
    /// missing values and allowed).
    /// - Throws: ``CSVError`` `.notFinite` at the first infinite value, in file order.
    public func requireNoInfinities(in names: [String]) throws {
        var first: (row: Int, column: Int)?
        for name in names {
            guard let c = table.index(of: name), case .numeric(let values) = table.columns[c],
                  let row = values.firstIndex(where: { $0.isInfinite }) else { continue }
            if first.map({ row < $0.row || (row == $0.row && c < $0.column) }) ?? true { first = (row, c) }
        }
        guard let (row, c) = first else { return }
        throw CSVError(path: path, line: try line(ofRow: row), column: c + 1, columnName: table.names[c],
                       problem: .notFinite(found: try rawText(row: row, column: c)))
    }
}
