extension LoopSummary {
    /// Two runs' final test precision at their validation thresholds, and what the difference says.
    public struct PrecisionVerdict: Sendable, Equatable {
        /// This run's final test precision.
        public var precision: Double
        /// The baseline run's final test precision.
        public var baseline: Double
        /// `helps` (more than 0.005 higher), `hurts` (more than 0.005 lower) or `makes no real difference`.
        public var words: String
    }

    /// Did this run end with a better test precision than `baseline` (same data, another strategy)?
    ///
    /// A difference within ±0.005 is read as none; this is a one-split reading, not a test —
    /// ``comparison`` holds the paired bootstrap against the control.
    /// - Returns: `nil` when either run's last round has no test operating point.
    public func finalPrecision(against baseline: LoopSummary) -> PrecisionVerdict? {
        guard let a = rounds.last?.testPoint?.precision, let b = baseline.rounds.last?.testPoint?.precision else { return nil }
        let words = a > b + 0.005 ? "helps" : a < b - 0.005 ? "hurts" : "makes no real difference"
        return PrecisionVerdict(precision: a, baseline: b, words: words)
    }
}
