/// The result of ``Evaluator/evaluate(_:)``: typed values, their JSON form (``json``) and a
/// text rendering (``text``) for people.
///
/// Every optional value is `nil` because it was not requested (partial AUC without
/// `maxFPR`, band without a half-width, intervals without replicates) or because it is
/// undefined — then ``warnings`` says why.
public struct EvaluationReport: Sendable, Equatable {
    /// The options it ran with.
    public let options: EvaluationOptions
    /// Rows evaluated.
    public let rows: Int
    /// Rows labelled 1.
    public let positives: Int
    /// Rows labelled 0.
    public let negatives: Int
    /// ROC AUC; `nil` with one class.
    public let rocAUC: Double?
    /// Average precision; `nil` without positives.
    public let averagePrecision: Double?
    /// McClish-standardized partial AUC up to ``EvaluationOptions/maxFPR``.
    public let partialAUC: Double?
    /// Log loss; `nil` unless scores are probabilities.
    public let logLoss: Double?
    /// Brier score; `nil` unless scores are probabilities.
    public let brier: Double?
    /// The operating point; `nil` when not requested or when no threshold meets the target.
    public let operatingPoint: OperatingPoint?
    /// The band around the operating threshold.
    public let band: ThresholdBand?
    /// Bootstrap intervals.
    public let intervals: BootstrapIntervals?
    /// Why values are `null`, in the order they were found.
    public let warnings: [EvaluationWarning]
}
