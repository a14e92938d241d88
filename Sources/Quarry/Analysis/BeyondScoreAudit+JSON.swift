extension BeyondScoreAudit {
    /// The audit as JSON: `verdict`, `statistic`, `p_value`, `permutations`, `rows`, `power`,
    /// `features` and `interactions` (the contract explain's `beyond_score` key keeps), with
    /// the null, the effect size and the parameters; `null_statistics` lists the permuted
    /// statistics `T_b` in permutation order (what `quarry report` draws the null from).
    public var json: JSONValue {
        let null = nullStatistics
        let mean = null.isEmpty ? nil : null.reduce(0, +) / Double(null.count)
        let sd = mean.flatMap { m in null.count < 2 ? nil : (null.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(null.count - 1)).squareRoot() }
        let relative = statistic.flatMap { t in offsetLogLoss.map { t / $0 } }
        return [
            "verdict": .string(verdict.rawValue),
            "reason": reason.map { .string($0) } ?? .null,
            "advice": .string(advice),
            "statistic": .optional(statistic),
            "statistic_meaning": "out-of-fold log-loss reduction per row (nats) of a GBDT boosted from the cross-fitted isotonic recalibration of the score",
            "p_value": .optional(pValue),
            "permutations": .number(Double(options.permutations)),
            "rows": .number(Double(rows.count)),
            "positives": .number(Double(positives)),
            "negatives": .number(Double(negatives)),
            "power": .optional(power),
            "effect": [
                "offset_log_loss": .optional(offsetLogLoss),
                "auditor_log_loss": .optional(auditorLogLoss),
                "relative_reduction": .optional(relative),
                "minimum_effect": .number(options.minimumEffect),
            ],
            "null": [
                "kind": "labels permuted within score-quantile bins",
                "mean": .optional(mean),
                "sd": .optional(sd),
                "critical_value": .optional(criticalValue),
            ],
            "null_statistics": .array(null.map { .optional($0) }),
            "features": .array(features.map(\.json)),
            "interactions": .array(interactions.map(\.json)),
            "named_features": .array(namedFeatures.map { .string($0) }),
            "parameters": options.json,
        ]
    }
}
