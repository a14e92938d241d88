/// Training rows: features, binary labels and optional sample weights, checked to agree.
///
/// ```swift
/// let data = try LabeledData(table: table, label: "label", features: ["f1", "f2"])
/// let model = try LogisticRegression.fit(data, options: .init(c: 1))
/// ```
public struct LabeledData: Sendable, Equatable {
    /// The features, one row per example.
    public let features: FeatureMatrix
    /// `true` for the positive class, one per row.
    public let labels: [Bool]
    /// Non-negative sample weights, one per row, or `nil` for all ones.
    public let weights: [Double]?

    /// Bundles features, labels and weights.
    /// - Throws: ``InvalidInput`` (`.dataError`) when the counts differ, the data is empty, or
    ///   a weight is negative or not finite.
    public init(features: FeatureMatrix, labels: [Bool], weights: [Double]? = nil) throws {
        guard features.rowCount > 0 else {
            throw InvalidInput("the training data has no rows", kind: .dataError)
        }
        guard labels.count == features.rowCount else {
            throw InvalidInput("\(labels.count) labels for \(features.rowCount) rows of features", kind: .dataError)
        }
        if let weights {
            guard weights.count == features.rowCount else {
                throw InvalidInput("\(weights.count) sample weights for \(features.rowCount) rows", kind: .dataError)
            }
            if let bad = weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw InvalidInput("sample weight at row \(bad + 1) is \(weights[bad]); expected a finite number ≥ 0", kind: .dataError)
            }
        }
        self.features = features
        self.labels = labels
        self.weights = weights
    }

    /// Reads the label, feature and optional weight columns of `table`.
    ///
    /// Labels are 0/1 or true/false; with `positive`, a label equal to that text is positive
    /// and any other value negative.
    /// - Throws: ``InvalidInput`` naming an unknown or non-numeric column, or the first row
    ///   whose label is missing or not binary.
    public init(table: Table, label: String, features: [String], weight: String? = nil, positive: String? = nil) throws {
        let labels = try Self.binaryLabels(table.column(named: label), name: label, positive: positive)
        let matrix = try FeatureMatrix(table: table, features: features)
        let weights = try weight.map { try table.numeric(named: $0) }
        try self.init(features: matrix, labels: labels, weights: weights)
    }

    /// The numeric columns of `table` in file order, except those in `excluding`.
    public static func numericColumns(of table: Table, excluding: [String]) -> [String] {
        zip(table.names, table.columns).compactMap { name, column in
            guard !excluding.contains(name), case .numeric = column else { return nil }
            return name
        }
    }

    /// Parses a label column: 0/1, true/false, or `positive` against everything else
    /// (the rules of ``BinaryLabelParser``).
    /// - Throws: ``InvalidInput`` (`.dataError`) naming the column, the row and the value.
    public static func binaryLabels(_ column: Table.Column, name: String, positive: String? = nil) throws -> [Bool] {
        let parser = BinaryLabelParser(positive: positive)
        // The words of a CSV file's bad label (CSVError `.notABinaryLabel`), placed by row instead of line.
        func fail(_ row: Int, _ found: String) -> InvalidInput {
            InvalidInput("label column '\(name)', row \(row + 1): expected a binary label (\(parser.accepted)), found \(found)", kind: .dataError)
        }
        switch column {
        case .numeric(let values):
            return try values.enumerated().map { row, value in
                guard let label = parser.label(value) else {
                    throw fail(row, value.isNaN ? "a missing value" : "'\(Table.format(value))'")
                }
                return label
            }
        case .text(let values):
            return try values.enumerated().map { row, value in
                guard let label = parser.label(value) else { throw fail(row, value.isEmpty ? "an empty field" : "'\(value)'") }
                return label
            }
        }
    }

    /// A new set with only the rows at `rows`, in that order.
    public func selecting(rows: [Int]) -> LabeledData {
        // The parts were valid together, so the subset is too (rows.count may be 0 only by caller choice).
        LabeledData(unchecked: features.selecting(rows: rows), labels: rows.map { labels[$0] }, weights: weights.map { w in rows.map { w[$0] } })
    }

    /// The sample weights, all ones when none were given.
    public var weightsOrOnes: [Double] { weights ?? Array(repeating: 1, count: labels.count) }

    init(unchecked features: FeatureMatrix, labels: [Bool], weights: [Double]?) {
        self.features = features
        self.labels = labels
        self.weights = weights
    }
}
