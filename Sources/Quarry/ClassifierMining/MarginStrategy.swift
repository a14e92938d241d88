/// Mines the examples that are not yet *safely* on their side of the threshold: negatives
/// scored at or above `threshold − band`, positives scored below `threshold + band`.
///
/// This is the hard-example criterion of data mining for detector training (Felzenszwalb,
/// Girshick, McAllester, Ramanan, "Object Detection with Discriminatively Trained Part-Based
/// Models", PAMI 2010, §4.1: keep examples inside the margin, drop the easy ones beyond it),
/// with the margin expressed as a band in score units around the operating threshold.
public struct MarginStrategy: HardExampleStrategy {
    /// The operating threshold.
    public let threshold: Double
    /// The half-width of the margin, in score units (≥ 0).
    public let band: Double

    /// - Throws: ``InvalidInput`` when `band` is negative or not finite.
    public init(threshold: Double, band: Double) throws {
        guard band.isFinite, band >= 0 else {
            throw InvalidInput(parameter: "band", "must be a finite number ≥ 0; got \(band)")
        }
        self.threshold = threshold
        self.band = band
    }

    public var name: String { "margin" }

    public func qualifies(score: Double, side: MiningSide) -> Bool {
        switch side {
        case .negative: score >= threshold - band
        case .positive: score < threshold + band
        }
    }

    public var parametersJSON: JSONValue {
        ["strategy": .string(name), "threshold": .number(threshold), "band": .number(band)]
    }
}
