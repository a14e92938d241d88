/// An in-memory table: named columns, each numeric or text, all of the same length.
///
/// Numeric columns hold `Double` with `.nan` for a missing value (an empty CSV field).
/// A column is numeric when every non-empty field parses as a number; otherwise it is kept
/// as text (ids, categorical values). Column order is the file's order.
public struct Table: Sendable, Equatable {
    /// One column's values.
    public enum Column: Sendable, Equatable {
        /// Numbers, `.nan` where the field was empty.
        case numeric([Double])
        /// Raw field text, `""` where the field was empty.
        case text([String])

        /// The number of values.
        public var count: Int {
            switch self {
            case .numeric(let values): values.count
            case .text(let values): values.count
            }
        }
    }

    /// Column names, in order; unique.
    public private(set) var names: [String]
    /// Column values, parallel to ``names``.
    public private(set) var columns: [Column]
    /// The number of rows.
    public private(set) var rowCount: Int

    /// Creates a table; every column must have `rowCount` values and names must be unique.
    public init(names: [String], columns: [Column]) throws {
        guard names.count == columns.count else {
            throw InvalidInput("table has \(names.count) names but \(columns.count) columns")
        }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw InvalidInput("duplicate column name '\(name)'", kind: .dataError)
        }
        let rows = columns.first?.count ?? 0
        for (name, column) in zip(names, columns) where column.count != rows {
            throw InvalidInput("column '\(name)' has \(column.count) values, expected \(rows)", kind: .dataError)
        }
        self.names = names
        self.columns = columns
        self.rowCount = rows
    }

    /// The index of the column called `name`, or `nil`.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The column called `name`, or a usage error naming the columns that exist.
    public func column(named name: String) throws -> Column {
        guard let i = index(of: name) else {
            throw InvalidInput("unknown column '\(name)'; the columns are: \(Self.list(names))")
        }
        return columns[i]
    }

    /// The numeric values of column `name`; a data error if it holds text.
    public func numeric(named name: String) throws -> [Double] {
        switch try column(named: name) {
        case .numeric(let values): return values
        case .text(let values):
            let bad = values.firstIndex { Double($0) == nil && !$0.isEmpty } ?? 0
            throw InvalidInput("column '\(name)' is not numeric: row \(bad + 1) holds '\(values[bad])'", kind: .dataError)
        }
    }

    /// The values of column `name` rendered as text (numbers in their shortest round-trip form).
    public func text(named name: String) throws -> [String] {
        switch try column(named: name) {
        case .text(let values): return values
        case .numeric(let values): return values.map { $0.isNaN ? "" : Self.format($0) }
        }
    }

    /// Appends a column at the end.
    public mutating func append(name: String, column: Column) throws {
        guard index(of: name) == nil else {
            throw InvalidInput("duplicate column name '\(name)'", kind: .dataError)
        }
        guard names.isEmpty || column.count == rowCount else {
            throw InvalidInput("column '\(name)' has \(column.count) values, expected \(rowCount)", kind: .dataError)
        }
        if names.isEmpty { rowCount = column.count }
        names.append(name)
        columns.append(column)
    }

    /// A new table with only the rows at `rows`, in that order.
    public func selecting(rows: [Int]) -> Table {
        let picked: [Column] = columns.map { column in
            switch column {
            case .numeric(let v): .numeric(rows.map { v[$0] })
            case .text(let v): .text(rows.map { v[$0] })
            }
        }
        // Names are unchanged and valid, so this cannot fail.
        return try! Table(names: names, columns: picked)
    }

    /// Integral doubles print without a fraction ("3"), others in shortest round-trip form.
    public static func format(_ value: Double) -> String { NumberFormat.shortest(value) }

    /// Names quoted and comma-separated for messages, cut after `limit` with the total.
    public static func list(_ names: [String], limit: Int = 12) -> String {
        let shown = names.prefix(limit).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > limit ? shown + ", … (\(names.count) in all)" : shown
    }
}
