/// Numeric features in column-major order, the input of every model.
///
/// `values[column * rowCount + row]`; a missing value is `.nan`. Column-major keeps each
/// feature contiguous, which is what histogram binning, standardization and per-feature
/// analysis read.
public struct FeatureMatrix: Sendable, Equatable {
    /// Feature names, one per column.
    public let names: [String]
    /// The number of rows.
    public let rowCount: Int
    /// All values, column after column.
    public var values: [Double]

    /// The number of feature columns.
    public var columnCount: Int { names.count }

    /// Wraps column-major `values`; its count must be `names.count * rowCount`.
    public init(names: [String], rowCount: Int, values: [Double]) {
        precondition(values.count == names.count * rowCount, "values must hold names.count × rowCount numbers")
        self.names = names
        self.rowCount = rowCount
        self.values = values
    }

    /// Takes the named numeric columns of `table`, in the order given.
    /// - Throws: ``InvalidInput`` naming an unknown or non-numeric column.
    public init(table: Table, features: [String]) throws {
        var values: [Double] = []
        values.reserveCapacity(features.count * table.rowCount)
        for name in features { values += try table.numeric(named: name) }
        self.init(names: features, rowCount: table.rowCount, values: values)
    }

    /// The values of column `c`.
    public func column(_ c: Int) -> ArraySlice<Double> {
        values[(c * rowCount)..<((c + 1) * rowCount)]
    }

    /// The value at `row`, `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        values[column * rowCount + row]
    }

    /// A new matrix with only the rows at `rows`, in that order.
    public func selecting(rows: [Int]) -> FeatureMatrix {
        var out: [Double] = []
        out.reserveCapacity(rows.count * columnCount)
        for c in 0..<columnCount {
            let base = c * rowCount
            for r in rows { out.append(values[base + r]) }
        }
        return FeatureMatrix(names: names, rowCount: rows.count, values: out)
    }
}
