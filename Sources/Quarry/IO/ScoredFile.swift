/// A scored, labelled CSV file loaded for a classifier-side operation (evaluate, mine, explain, report).
public struct ScoredFile {
    /// The parsed table (every column), with line lookup for messages.
    public let csv: CSVTable
    /// The score column, every value finite.
    public let scores: [Double]
    /// The label column as classes.
    public let labels: [Bool]
    /// The columns it was read with.
    public let columns: Columns

    /// The table itself.
    public var table: Table { csv.table }

    /// Which columns hold the label, the score and the id, and which label value is positive.
    public struct Columns: Sendable, Equatable {
        /// The label column: 0/1, true/false, or `positive`.
        public var label: String
        /// The score column, higher = more positive.
        public var score: String
        /// The id column, when there is one.
        public var id: String?
        /// The label value that marks a positive (every other value is negative).
        public var positive: String?

        public init(label: String, score: String, id: String? = nil, positive: String? = nil) {
            self.label = label
            self.score = score
            self.id = id
            self.positive = positive
        }

        /// The label, score and id column names.
        public var named: [String] { [label, score] + (id.map { [$0] } ?? []) }
    }

    /// Loads `path` with its score and label columns checked: a NaN, infinite or missing
    /// score, a label that is not binary, an unknown column — each a data or usage error
    /// naming the file, line and column.
    public static func load(path: String, columns: Columns, csv: CSVOptions = CSVOptions(), threads: Int? = nil,
                            progress: ProgressReporter = .silent) throws -> ScoredFile {
        try checked(CSVTable(path: path, options: .init(csv: csv, numericColumns: [columns.score], threads: threads),
                             progress: progress), path: path, columns: columns)
    }

    /// Loads an already opened file (read once, so a FIFO works); see ``load(path:columns:csv:threads:progress:)``.
    package static func load(file bytes: MappedFile, columns: Columns, csv: CSVOptions = CSVOptions(),
                            progress: ProgressReporter = .silent) throws -> ScoredFile {
        try checked(CSVTable(file: bytes, options: .init(csv: csv, numericColumns: [columns.score]), progress: progress),
                    path: bytes.path, columns: columns)
    }

    /// The feature columns for analysis: `named` when given, else every numeric column
    /// but the label, score and id (a column numeric but for some cells is an error), none
    /// holding an infinite value.
    public func featureColumns(named: [String]?) throws -> [String] {
        let names = try csv.featureColumns(named: named, excluding: columns.named)
        try csv.requireNoInfinities(in: names)
        return names
    }

    /// The analysis features: ``featureColumns(named:)`` followed by `derived`, each computed
    /// on the table's columns.
    /// - Throws: usage or data errors for unknown or non-numeric columns, an expression that
    ///   fails on the data, or no feature at all.
    /// - Complexity: O(rows × features).
    public func featureMatrix(named: [String]?, derived: [DerivedFeature] = []) throws -> FeatureMatrix {
        var table = csv.table
        var names = try featureColumns(named: named)
        for feature in derived {
            let values = try feature.expression.evaluate(on: table)
            try table.append(name: feature.name, column: .numeric(values))
            names.append(feature.name)
        }
        guard !names.isEmpty else {
            throw InvalidInput("\(csv.path): no numeric feature columns besides the label and score", kind: .dataError)
        }
        return try FeatureMatrix(table: table, features: names)
    }

    private static func checked(_ csv: CSVTable, path: String, columns: Columns) throws -> ScoredFile {
        for name in columns.named where csv.table.index(of: name) == nil {
            throw InvalidInput("\(path): no column '\(name)'; the columns are: \(Table.list(csv.table.names))")
        }
        let scores = try csv.finiteNumbers(column: columns.score)
        let labels = try csv.binaryLabels(column: columns.label, positive: columns.positive)
        guard !scores.isEmpty else {
            throw InvalidInput("\(path): the file has a header but no data rows", kind: .dataError)
        }
        return ScoredFile(csv: csv, scores: scores, labels: labels, columns: columns)
    }

    /// The input parameters as they appear in JSON results.
    public static func parametersJSON(file: String, columns: Columns) -> [(String, JSONValue)] {
        [("file", .string(file)), ("label", .string(columns.label)), ("score", .string(columns.score)),
         ("id", columns.id.map { .string($0) } ?? .null)]
    }
}
