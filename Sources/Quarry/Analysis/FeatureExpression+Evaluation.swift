#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FeatureExpression {
    /// Evaluates the expression for every row of `features`.
    ///
    /// NaN (missing) propagates; division by zero and any other non-finite result give NaN.
    /// - Throws: ``InvalidInput`` naming a column the matrix does not have.
    /// - Complexity: O(rows × nodes).
    public func evaluate(on features: FeatureMatrix) throws -> [Double] {
        try evaluate(rowCount: features.rowCount) { name in
            guard let c = features.names.firstIndex(of: name) else {
                throw InvalidInput("derived feature uses unknown column '\(name)'; the columns are: \(Table.list(features.names))")
            }
            return Array(features.column(c))
        }
    }

    /// Evaluates the expression for every row of `table` (numeric columns only).
    /// - Throws: ``InvalidInput`` naming an unknown or non-numeric column.
    public func evaluate(on table: Table) throws -> [Double] {
        try evaluate(rowCount: table.rowCount) { name in try table.numeric(named: name) }
    }

    /// Evaluates with columns supplied by `lookup`, each column read once.
    func evaluate(rowCount: Int, lookup: (String) throws -> [Double]) throws -> [Double] {
        var cache: [String: [Double]] = [:]
        for name in columnNames { cache[name] = try lookup(name) }
        return values(rowCount: rowCount, columns: cache).map { $0.isFinite ? $0 : .nan }
    }

    private func values(rowCount: Int, columns: [String: [Double]]) -> [Double] {
        switch self {
        case .column(let name):
            return columns[name]!
        case .number(let value):
            return Array(repeating: value, count: rowCount)
        case .negate(let inner):
            return inner.values(rowCount: rowCount, columns: columns).map { -$0 }
        case .binary(let op, let left, let right):
            let a = left.values(rowCount: rowCount, columns: columns)
            let b = right.values(rowCount: rowCount, columns: columns)
            switch op {
            case .add: return zip(a, b).map { $0 + $1 }
            case .subtract: return zip(a, b).map { $0 - $1 }
            case .multiply: return zip(a, b).map { $0 * $1 }
            case .divide: return zip(a, b).map { $1 == 0 ? .nan : $0 / $1 }
            }
        case .call(let function, let arguments):
            let args = arguments.map { $0.values(rowCount: rowCount, columns: columns) }
            switch function {
            case .log: return args[0].map(naturalLog)
            case .log1p: return args[0].map(naturalLogOnePlus)
            case .abs: return args[0].map { Swift.abs($0) }
            case .sqrt: return args[0].map { $0.squareRoot() }
            case .min, .max:
                // NaN-propagating, unlike Swift.min/max which may drop a NaN operand.
                var out = args[0]
                for next in args.dropFirst() {
                    for i in 0..<rowCount {
                        let x = out[i], y = next[i]
                        out[i] = x.isNaN || y.isNaN ? .nan : (function == .min ? Swift.min(x, y) : Swift.max(x, y))
                    }
                }
                return out
            }
        }
    }
}

extension DerivedFeature {
    /// `features` with this feature appended as a new last column.
    /// - Throws: ``InvalidInput`` for an unknown column or a name that already exists.
    public func appended(to features: FeatureMatrix) throws -> FeatureMatrix {
        guard !features.names.contains(name) else {
            throw InvalidInput("derived feature '\(name)' already exists as a column")
        }
        let column = try expression.evaluate(on: features)
        return FeatureMatrix(names: features.names + [name], rowCount: features.rowCount, values: features.values + column)
    }
}

/// `log(x)` from the C library (kept out of the enum's scope, whose cases share the names).
private func naturalLog(_ x: Double) -> Double { log(x) }
/// `log1p(x)` from the C library.
private func naturalLogOnePlus(_ x: Double) -> Double { log1p(x) }
