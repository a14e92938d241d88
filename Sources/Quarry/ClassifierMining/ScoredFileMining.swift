/// A request to mine the hard examples of a scored, labelled CSV file and write them out.
///
/// The whole `quarry mine` operation as a value: ``run(progress:)`` chooses the threshold
/// (a target needs one pass over the score and label columns), optionally finds suspected
/// label errors to leave out, streams the file once through a ``HardExampleCollector`` and
/// writes the kept rows with ``MinedRowsWriter``.
///
/// ```swift
/// var request = ScoredFileMining(file: "scored.csv", columns: .init(label: "label", score: "score"))
/// request.operatingPoint = .targetRecall(0.9)
/// request.output = "hard.csv"
/// let report = try request.run()
/// print(report.text)
/// ```
public struct ScoredFileMining: Sendable {
    /// How hard examples are picked.
    public enum Strategy: Sendable, Equatable {
        /// Negatives scored ≥ the threshold (positives below it), hardest first.
        case falsePositives
        /// The `k` highest-scoring negatives (lowest-scoring positives) per side.
        case topK(k: Int)
        /// Negatives scored ≥ threshold − `width` (positives below threshold + `width`).
        case margin(width: Double)

        /// The strategy's name on the command line and in results.
        public var name: String {
            switch self {
            case .falsePositives: "false-positives"
            case .topK: "top-k"
            case .margin: "margin"
            }
        }
    }

    /// The scored file.
    public var file: String
    /// Its label, score and id columns.
    public var columns: ScoredFile.Columns
    /// How the file is parsed.
    public var csv: CSVOptions = CSVOptions()
    /// How hard examples are picked.
    public var miningStrategy: Strategy = .falsePositives
    /// The operating point; false-positives and margin need one, top-k uses none.
    public var operatingPoint: OperatingPointRule?
    /// Which sides are mined.
    public var sides: MiningSides = .negatives
    /// Where the mined rows go (`nil`: only the report).
    public var output: String?
    /// The output's format.
    public var format: TableFormat = .csv
    /// Leave out suspected label errors (needs an operating point).
    public var excludeSuspects = false
    /// The feature columns the suspects are judged by (`nil`: every numeric column but label, score and id).
    public var suspectFeatures: [String]?
    /// Exact score counts (``ScoreCounts``, written by `quarry score-counts` and merged by
    /// `merge-score-counts`) to derive the threshold from instead of this file: the whole pool's
    /// threshold when this file is one partition of it. Needs a target, not a fixed threshold.
    public var scoreCounts: String?

    public init(file: String, columns: ScoredFile.Columns) {
        self.file = file
        self.columns = columns
    }

    /// Checks that the parameters fit together.
    /// - Throws: ``InvalidInput`` naming the parameter.
    public func validate() throws {
        switch miningStrategy {
        case .topK(let k):
            guard k > 0 else { throw InvalidInput(parameter: "k", "must be ≥ 1; got \(k)") }
        case .margin(let width):
            _ = try MarginStrategy(threshold: 0, margin: width)
            if operatingPoint == nil {
                throw InvalidInput(parameter: "miningStrategy", "margin needs an operating point: \(InvalidInput.named("threshold")) T or \(Self.targets)")
            }
        case .falsePositives:
            if operatingPoint == nil {
                throw InvalidInput(parameter: "miningStrategy", "false-positives needs an operating point: \(InvalidInput.named("threshold")) T or \(Self.targets)")
            }
        }
        if excludeSuspects, operatingPoint == nil {
            throw InvalidInput(parameter: "excludeSuspects", "needs an operating point: suspects are judged against the threshold")
        }
        if scoreCounts != nil {
            switch operatingPoint {
            case .threshold?, nil:
                throw InvalidInput(parameter: "scoreCounts", "applies to a derived threshold: \(Self.targets)")
            default: break
            }
        }
        if suspectFeatures != nil, !excludeSuspects {
            throw InvalidInput(parameter: "suspectFeatures", "applies only to \(InvalidInput.named("excludeSuspects"))")
        }
    }

    private static let targets = ["targetRecall", "targetPrecision", "targetFPR"].map(InvalidInput.named).joined(separator: "/")

    /// Runs the request: chooses the threshold, finds the suspects, streams the file once and
    /// writes the mined rows (atomically: never a half file).
    /// - Returns: what was mined, as typed values (``ScoredFileMiningReport/json`` and
    ///   ``ScoredFileMiningReport/text`` render it).
    /// - Throws: ``InvalidInput``, ``InvalidInput``, ``CSVError`` (file, line, column) and I/O failures.
    /// - Complexity: O(n log n) with a target (one sort), else O(n log k); memory bounded by the
    ///   output plus 8 bytes per row (plus the whole table with a target or suspects).
    public func run(progress: ProgressReporter = .silent) throws -> ScoredFileMiningReport {
        try validate()
        // A derived threshold needs the whole score distribution first, and suspects every
        // row's features: both read the file into memory once, before the streaming pass.
        var derivedThreshold = operatingPoint != nil && scoreCounts == nil
        if case .threshold? = operatingPoint { derivedThreshold = false }
        // The file is read once (a FIFO or process substitution works) and shared by both passes.
        let bytes = try MappedFile(path: file)
        let loaded = derivedThreshold || excludeSuspects
            ? try ScoredFile.load(file: bytes, columns: columns, csv: csv, progress: progress) : nil
        var threshold: Double?
        var chosenPoint: OperatingPoint?
        if let rule = operatingPoint {
            if case .threshold(let t) = rule {
                threshold = t
            } else if let scoreCounts {
                (threshold, chosenPoint) = try rule.resolve(counts: try ScoreCounts.read(path: scoreCounts), source: scoreCounts)
            } else {
                let data = loaded!
                (threshold, chosenPoint) = try rule.resolve(scores: data.scores, labels: data.labels, source: file)
            }
        }
        let rule: any HardExampleStrategy
        switch miningStrategy {
        case .falsePositives: rule = FalsePositiveStrategy(threshold: threshold!)
        case .topK(let k): rule = try TopKStrategy(k: k)
        case .margin(let width): rule = try MarginStrategy(threshold: threshold!, margin: width)
        }

        var suspects: LabelSuspects?
        if excludeSuspects, let threshold, let data = loaded {
            let names = try data.featureColumns(named: suspectFeatures)
            let matrix = try FeatureMatrix(table: data.table, features: names)
            let hard = data.scores.indices.filter { !data.labels[$0] && data.scores[$0] >= threshold }
            suspects = try LabelSuspects(features: matrix, labels: data.labels, scores: data.scores, threshold: threshold, candidates: hard)
        }
        let pass = try StreamingMiningPass(file: bytes, csvOptions: csv, label: columns.label, score: columns.score,
                                           id: columns.id, positive: columns.positive, progress: progress,
                                           skipping: suspects?.rows ?? [])
        let summary: JSONValue
        let hardest: [ScoredFileMiningReport.Row]
        let sideSummaries: [MiningSide: ScoredFileMiningReport.Side]
        switch format {
        case .csv:
            let result = try pass.run(strategy: rule, sides: sides) { reader, record in Array(reader.recordBytes(record)) }
            if let output { try MinedRowsWriter.writeCSV(result, header: pass.headerBytes, delimiter: csv.delimiter, to: output) }
            (summary, hardest, sideSummaries) = (result.summaryJSON, ScoredFileMiningReport.rows(result), ScoredFileMiningReport.sides(result))
        case .jsonl:
            let result = try pass.run(strategy: rule, sides: sides) { reader, record in record.fields.map { reader.string($0) } }
            if let output { try MinedRowsWriter.writeJSONL(result, header: pass.header, to: output) }
            (summary, hardest, sideSummaries) = (result.summaryJSON, ScoredFileMiningReport.rows(result), ScoredFileMiningReport.sides(result))
        }
        return ScoredFileMiningReport(request: self, threshold: threshold, chosen: chosenPoint, resultJSON: summary,
                                      sides: sideSummaries, hardest: hardest, suspects: suspects)
    }
}
