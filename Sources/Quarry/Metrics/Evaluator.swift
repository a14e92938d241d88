/// Measures a classifier in its threshold region: global ranking metrics, the operating
/// point, the band around it and bootstrap intervals, gathered in an ``EvaluationReport``.
///
/// ```swift
/// let data = try ScoredLabels(scores: scores, labels: labels)
/// let evaluator = try Evaluator(options: .init(operatingPoint: .targetRecall(0.9), bandHalfWidth: 0.05))
/// let report = evaluator.evaluate(data)
/// print(report.json.serialized(pretty: true))
/// ```
///
/// Options are validated once, here; the data once, by ``ScoredLabels``. Undefined values
/// (one class only, nothing predicted positive, an empty band, an unreachable target) are
/// `nil` in the report with an ``EvaluationWarning``.
public struct Evaluator: Sendable {
    /// The validated options.
    public let options: EvaluationOptions

    /// - Throws: ``MetricsInputError/invalidOption(key:expected:found:)`` for an option out of range.
    public init(options: EvaluationOptions) throws {
        try options.validate()
        self.options = options
    }

    /// Evaluates `data`.
    /// - Parameter progress: told how far the bootstrap is (stage `bootstrap`, unit `replicates`).
    /// - Complexity: O(n) for the sort and metrics, plus O(replicates · n) for the bootstrap.
    public func evaluate(_ data: ScoredLabels, progress: ProgressReporter = .silent) -> EvaluationReport {
        let curve = ThresholdCurve(data, threads: options.threads)
        var warnings: [EvaluationWarning] = []
        let oneClass = data.positives == 0 ? "no positive rows" : "no negative rows"

        let rocAUC = curve.rocAUC
        if rocAUC == nil {
            warnings.append(.init(key: "roc_auc", reason: "undefined with only one class present (\(oneClass))"))
        }
        let averagePrecision = curve.averagePrecision
        if averagePrecision == nil {
            warnings.append(.init(key: "average_precision", reason: "undefined without positive rows"))
        }
        var partialAUC: Double? = nil
        if let maxFPR = options.maxFPR {
            partialAUC = curve.partialAUC(maxFPR: maxFPR)
            if partialAUC == nil {
                warnings.append(.init(key: "partial_auc", reason: "undefined with only one class present (\(oneClass))"))
            }
        }
        let logLoss = data.logLoss
        let brier = data.brier
        if !data.areProbabilities {
            let reason = "scores are not all in [0, 1], so they are not probabilities"
            warnings.append(.init(key: "log_loss", reason: reason))
            warnings.append(.init(key: "brier", reason: reason))
        }

        var point: OperatingPoint? = nil
        if let rule = options.operatingPoint {
            point = curve.operatingPoint(rule)
            if let point {
                if point.precision == nil {
                    warnings.append(.init(key: "operating_point.precision",
                                          reason: "no row is scored at or above the threshold \(point.threshold)"))
                }
                if point.recall == nil {
                    warnings.append(.init(key: "operating_point.recall", reason: "undefined without positive rows"))
                }
                if point.falsePositiveRate == nil {
                    warnings.append(.init(key: "operating_point.fpr", reason: "undefined without negative rows"))
                }
                if point.f1 == nil {
                    warnings.append(.init(key: "operating_point.f1", reason: "no positives and no predicted positives"))
                }
            } else {
                warnings.append(.init(key: "operating_point", reason: Self.unmetTargetReason(rule, data: data)))
            }
        }

        var band: ThresholdBand? = nil
        if let halfWidth = options.bandHalfWidth {
            if let point {
                let b = curve.band(around: point.threshold, halfWidth: halfWidth,
                                   probabilities: data.areProbabilities, bins: options.calibrationBins)
                band = b
                if b.rows == 0 {
                    warnings.append(.init(key: "band", reason: "no row is scored in [\(b.low), \(b.high)]"))
                } else if b.ece == nil {
                    warnings.append(.init(key: "band.ece", reason: "scores are not all in [0, 1], so they are not probabilities"))
                }
            } else {
                warnings.append(.init(key: "band", reason: "no operating point to center the band on"))
            }
        }

        var intervals: BootstrapIntervals? = nil
        if options.bootstrapReplicates > 0 {
            let b = curve.bootstrapIntervals(threshold: point?.threshold, replicates: options.bootstrapReplicates,
                                             seed: options.seed, threads: options.threads, progress: progress)
            intervals = b
            let names = ["precision", "recall", "fpr", "average_precision"]
            for (k, name) in names.enumerated() where b.definedReplicates[k] < b.replicates {
                if k < 3 && point == nil {
                    warnings.append(.init(key: "intervals.\(name)", reason: "no operating point"))
                } else if b.definedReplicates[k] == 0 {
                    warnings.append(.init(key: "intervals.\(name)", reason: "undefined in every bootstrap replicate"))
                } else {
                    warnings.append(.init(key: "intervals.\(name)",
                                          reason: "undefined in \(b.replicates - b.definedReplicates[k]) of \(b.replicates) replicates, which were left out"))
                }
            }
        }

        return EvaluationReport(
            options: options, rows: data.count, positives: data.positives, negatives: data.negatives,
            rocAUC: rocAUC, averagePrecision: averagePrecision, partialAUC: partialAUC, logLoss: logLoss, brier: brier,
            operatingPoint: point, band: band, intervals: intervals, warnings: warnings)
    }

    static func unmetTargetReason(_ rule: OperatingPointRule, data: ScoredLabels) -> String {
        switch rule {
        case .threshold:
            return "no operating point"
        case .targetRecall(let r):
            return data.positives == 0 ? "recall is undefined without positive rows"
                : "no score threshold reaches recall ≥ \(r)"
        case .targetPrecision(let p):
            return data.positives == 0 ? "precision targets need positive rows"
                : "no score threshold reaches precision ≥ \(p)"
        case .targetFPR(let f):
            return data.negatives == 0 ? "the false-positive rate is undefined without negative rows"
                : "no score threshold keeps the false-positive rate ≤ \(f)"
        }
    }
}
