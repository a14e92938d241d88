/// What `quarry evaluate` computes beyond the global metrics: one validated configuration value.
///
/// ```swift
/// var options = EvaluationOptions(operatingPoint: .targetRecall(0.9))
/// options.bandHalfWidth = 0.05
/// options.bootstrapReplicates = 1000
/// ```
public struct EvaluationOptions: Sendable, Equatable {
    /// How the operating threshold is chosen; `nil` reports no operating point, band or
    /// operating-point intervals.
    public var operatingPoint: OperatingPointRule?
    /// The band's half-width W ≥ 0 around the threshold; `nil` reports no band.
    public var bandHalfWidth: Double?
    /// The false-positive rate in (0, 1] up to which the partial AUC is measured; `nil` reports none.
    public var maxFPR: Double?
    /// Bootstrap replicates (0 = no intervals).
    public var bootstrapReplicates: Int
    /// The most bootstrap replicates accepted: far past where the intervals stop moving
    /// (a few thousand), and small enough that the replicate statistics fit in memory.
    public static let maximumBootstrapReplicates = 1_000_000
    /// The bootstrap seed.
    public var seed: UInt64
    /// Equal-width bins for the band's ECE, ≥ 1.
    public var calibrationBins: Int
    /// Threads for the sort and the bootstrap; `nil` uses every core. Results do not depend on it.
    public var threads: Int?

    public init(operatingPoint: OperatingPointRule? = nil, bandHalfWidth: Double? = nil, maxFPR: Double? = nil,
                bootstrapReplicates: Int = 0, seed: UInt64 = 0, calibrationBins: Int = 10, threads: Int? = nil) {
        self.operatingPoint = operatingPoint
        self.bandHalfWidth = bandHalfWidth
        self.maxFPR = maxFPR
        self.bootstrapReplicates = bootstrapReplicates
        self.seed = seed
        self.calibrationBins = calibrationBins
        self.threads = threads
    }

    /// Checks every option's range.
    /// - Throws: ``MetricsInputError/invalidOption(key:expected:found:)`` naming the option.
    public func validate() throws {
        try operatingPoint?.validate()
        if let w = bandHalfWidth, !(w >= 0 && w.isFinite) {
            throw MetricsInputError.invalidOption(key: "band", expected: "a finite half-width ≥ 0", found: "\(w)")
        }
        if let f = maxFPR, !(f > 0 && f <= 1) {
            throw MetricsInputError.invalidOption(key: "max_fpr", expected: "a rate in (0, 1]", found: "\(f)")
        }
        if bootstrapReplicates < 0 || bootstrapReplicates > Self.maximumBootstrapReplicates {
            throw MetricsInputError.invalidOption(key: "bootstrap", expected: "a replicate count in 0...\(Self.maximumBootstrapReplicates)", found: "\(bootstrapReplicates)")
        }
        if calibrationBins < 1 {
            throw MetricsInputError.invalidOption(key: "calibration_bins", expected: "a bin count ≥ 1", found: "\(calibrationBins)")
        }
        if let t = threads, t < 1 {
            throw MetricsInputError.invalidOption(key: "threads", expected: "a thread count ≥ 1", found: "\(t)")
        }
    }
}
