extension EvaluationReport {
    /// The report as JSON. Its key names are a contract (see `docs/metrics.md`):
    /// `quarry_version`, `parameters`, `rows`, `positives`, `negatives`, `roc_auc`,
    /// `average_precision`, `partial_auc {max_fpr, value}`, `log_loss`, `brier`,
    /// `operating_point {threshold, tp, fp, tn, fn, precision, recall, f1, fpr}`,
    /// `band {low, high, rows, positives, negatives, error_rate, ece}`,
    /// `intervals {precision, recall, fpr, average_precision: {low, high}}`,
    /// `warnings [{key, reason}]`. Missing values are `null`.
    public var json: JSONValue { json() }

    /// The report as JSON, with `parameters` starting with `leadingParameters` (the CLI puts
    /// the file and column names there).
    public func json(leadingParameters: [(String, JSONValue)] = []) -> JSONValue {
        let rule = options.operatingPoint
        func ruleValue(_ key: String) -> JSONValue {
            rule?.key == key ? .optional(rule?.value) : .null
        }
        let parameters: [(String, JSONValue)] = leadingParameters + [
            ("threshold", ruleValue("threshold")),
            ("target_recall", ruleValue("target_recall")),
            ("target_precision", ruleValue("target_precision")),
            ("target_fpr", ruleValue("target_fpr")),
            ("band", .optional(options.bandHalfWidth)),
            ("max_fpr", .optional(options.maxFPR)),
            ("bootstrap", .number(Double(options.bootstrapReplicates))),
            ("seed", .number(Double(options.seed))),
            ("calibration_bins", .number(Double(options.calibrationBins))),
        ]
        let partial: JSONValue = options.maxFPR.map {
            .object([("max_fpr", .number($0)), ("value", .optional(partialAUC))])
        } ?? .null
        let point: JSONValue = operatingPoint.map { p in
            .object([
                ("threshold", .number(p.threshold)),
                ("tp", .number(Double(p.truePositives))),
                ("fp", .number(Double(p.falsePositives))),
                ("tn", .number(Double(p.trueNegatives))),
                ("fn", .number(Double(p.falseNegatives))),
                ("precision", .optional(p.precision)),
                ("recall", .optional(p.recall)),
                ("f1", .optional(p.f1)),
                ("fpr", .optional(p.falsePositiveRate)),
            ])
        } ?? .null
        let bandJSON: JSONValue = band.map { b in
            .object([
                ("low", .number(b.low)),
                ("high", .number(b.high)),
                ("rows", .number(Double(b.rows))),
                ("positives", .number(Double(b.positives))),
                ("negatives", .number(Double(b.negatives))),
                ("error_rate", .optional(b.errorRate)),
                ("ece", .optional(b.ece)),
            ])
        } ?? .null
        func interval(_ i: ConfidenceInterval?) -> JSONValue {
            i.map { .object([("low", .number($0.low)), ("high", .number($0.high))]) } ?? .null
        }
        let intervalsJSON: JSONValue = intervals.map { b in
            .object([
                ("precision", interval(b.precision)),
                ("recall", interval(b.recall)),
                ("fpr", interval(b.falsePositiveRate)),
                ("average_precision", interval(b.averagePrecision)),
            ])
        } ?? .null
        return .object([
            ("quarry_version", .string(Quarry.version)),
            ("parameters", .object(parameters)),
            ("rows", .number(Double(rows))),
            ("positives", .number(Double(positives))),
            ("negatives", .number(Double(negatives))),
            ("roc_auc", .optional(rocAUC)),
            ("average_precision", .optional(averagePrecision)),
            ("partial_auc", partial),
            ("log_loss", .optional(logLoss)),
            ("brier", .optional(brier)),
            ("operating_point", point),
            ("band", bandJSON),
            ("intervals", intervalsJSON),
            ("warnings", .array(warnings.map { .object([("key", .string($0.key)), ("reason", .string($0.reason))]) })),
        ])
    }
}
