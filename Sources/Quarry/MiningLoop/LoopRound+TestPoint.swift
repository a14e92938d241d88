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
    /// The rates of ``testReport``'s operating point.
    public var testPoint: TestPoint? {
        guard let point = testReport?.operatingPoint else { return nil }
        return TestPoint(precision: point.precision, recall: point.recall, fpr: point.falsePositiveRate)
    }
}
