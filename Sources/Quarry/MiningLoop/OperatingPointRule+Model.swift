extension OperatingPointRule {
    /// The operating point this rule picks on `validation` for `model`, or `nil` when no
    /// threshold meets it: the one threshold resolution of the loop, its strategies and the demo.
    /// - Throws: what scoring throws (features that do not match the model), ``MetricsInputError``
    ///   for non-finite scores.
    public func resolve<Scorer: Model>(for model: Scorer, on validation: LabeledData) throws -> OperatingPoint? {
        let scores = try model.score(validation.features)
        return ThresholdCurve(try ScoredLabels(scores: scores, labels: validation.labels)).operatingPoint(self)
    }
}
