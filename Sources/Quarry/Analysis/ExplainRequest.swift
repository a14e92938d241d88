/// A request to explain the hard negatives of a scored, labelled CSV file by its features.
///
/// The whole `quarry explain` operation as a value: ``run(progress:)`` loads the file, builds
/// the feature matrix (named columns plus derived features), resolves the operating threshold
/// (a fixed one, the one a target picks on this data, or 0.5), reads an optional file of
/// already mined hard rows, and runs ``ExplainReport/explain(features:labels:scores:threshold:hardRows:ids:options:progress:)``.
///
/// ```swift
/// var request = ExplainRequest(file: "scored.csv", columns: .init(label: "label", score: "score", id: "id"))
/// request.operatingPoint = .targetRecall(0.9)
/// let report = try request.run()
/// print(report.beyondScore.verdict)
/// ```
public struct ExplainRequest: Sendable {
    /// The scored file.
    public var file: String
    /// Its label, score and id columns.
    public var columns: ScoredFile.Columns
    /// How the file is parsed.
    public var csv: CSVOptions = CSVOptions()
    /// The feature columns (`nil`: every numeric column but label, score and id).
    public var features: [String]?
    /// Derived features appended to the named ones.
    public var derived: [DerivedFeature] = []
    /// The operating point (`nil`: threshold 0.5).
    public var operatingPoint: OperatingPointRule?
    /// A CSV of already mined hard negatives (a `row` column, or the id column) instead of
    /// every negative scoring at or above the threshold.
    public var hardRowsFile: String?
    /// The analysis settings.
    public var options: ExplainOptions = ExplainOptions()
    /// Threads for reading the file (`nil`: every core).
    public var threads: Int?

    public init(file: String, columns: ScoredFile.Columns) {
        self.file = file
        self.columns = columns
    }

    /// The threshold used when no operating point is given.
    public static let defaultThreshold = 0.5

    /// Checks the parameters that need no data.
    /// - Throws: ``InvalidInput`` naming the parameter.
    public func validate() throws {
        try options.validate()
        if let features, features.isEmpty { throw InvalidInput(parameter: "features", "names no column") }
    }

    /// Runs the request.
    /// - Returns: the explain report (``ExplainReport/json`` and ``ExplainReport/text`` render it).
    /// - Throws: ``InvalidInput``, ``CSVError`` (file, line, column), feature-expression and I/O failures.
    /// - Complexity: dominated by the beyond-score audit, O(B · n log n) for B permutations of
    ///   the n audited rows (see ``BeyondScoreAudit``).
    public func run(progress: ProgressReporter = .silent) throws -> ExplainReport {
        try validate()
        let loaded = try ScoredFile.load(path: file, columns: columns, csv: csv, threads: threads, progress: progress)
        let ids = try columns.id.map { try loaded.table.text(named: $0) }
        let matrix = try loaded.featureMatrix(named: features, derived: derived)
        let threshold = try operatingPoint?.resolve(scores: loaded.scores, labels: loaded.labels, source: file).threshold
            ?? Self.defaultThreshold
        let hardRows = try hardRowsFile.map {
            try HardRowsFile.rows(path: $0, idColumn: columns.id, ids: ids, dataFile: file, rowCount: loaded.table.rowCount)
        }
        return try ExplainReport.explain(features: matrix, labels: loaded.labels, scores: loaded.scores, threshold: threshold,
                                         hardRows: hardRows, ids: ids, options: options, progress: progress)
    }
}
