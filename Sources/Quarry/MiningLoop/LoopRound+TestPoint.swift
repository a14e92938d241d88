extension LoopRound {
    /// The test set measured at the validation threshold: what a caller compares arms by.
    public struct TestPoint: Sendable, Equatable {
        /// Precision on test (`nil` when nothing scores at or above the threshold).
        public var precision: Double?
        /// Recall on test.
        public var recall: Double?
        /// False-positive rate on test.
        public var fpr: Double?
    }

    /// Precision, recall and FPR on test at the validation threshold; `nil` when no threshold
    /// met the target on validation.
    ///
    /// The round keeps the full test report as the JSON its `metrics.json` holds (a resumed
    /// run reads it back from there); this is the typed view of its operating point.
    public var testPoint: TestPoint? {
        guard let point = testReport["operating_point"], point != .null else { return nil }
        return TestPoint(precision: point["precision"]?.doubleValue, recall: point["recall"]?.doubleValue,
                         fpr: point["fpr"]?.doubleValue)
    }
}
