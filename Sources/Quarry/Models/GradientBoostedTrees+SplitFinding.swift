/// Sums of gradient and hessian, the payload of one histogram bin: `(g, h)`.
///
/// Bins carry no row count: as in LightGBM, a candidate child's row count is estimated
/// from its hessian share, `count × H_child / H` (exact for constant hessians), which halves
/// the histogram's size and memory traffic. Leaves know their exact counts from the partition.
typealias GradientSums = SIMD2<Double>

/// The best way found to split one leaf.
struct SplitCandidate: Sendable, Equatable {
    /// Gain of the split over keeping the leaf: `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)`.
    var gain: Double = -.infinity
    /// The feature split on; −1 when no split is allowed.
    var feature: Int = -1
    /// Value bins `≤ thresholdBin` go left.
    var thresholdBin: Int = 0
    /// Whether missing values go left.
    var defaultLeft: Bool = false
    /// The left child's sums.
    var left: GradientSums = .zero
    /// The left child's estimated row count.
    var leftCount: Double = 0

    var isValid: Bool { feature >= 0 }
}

/// Scores every threshold of every feature in a leaf's histogram and keeps the best.
struct SplitFinder: Sendable {
    let mappers: [BinMapper]
    let histogramOffsets: [Int]
    let l2: Double
    let maxDeltaStep: Double
    let minChildSamples: Double
    let minSumHessian: Double
    let minSplitGain: Double

    init(data: BinnedFeatures, configuration: GradientBoostedTrees.Configuration) {
        mappers = data.mappers
        histogramOffsets = data.histogramOffsets
        l2 = configuration.l2Regularization
        maxDeltaStep = configuration.maxDeltaStep
        minChildSamples = Double(configuration.minChildSamples)
        minSumHessian = configuration.minSumHessian
        minSplitGain = configuration.minSplitGain
    }

    /// `G² / (H + λ)`: twice the loss reduction of a leaf with these sums at its optimal value.
    /// With a `maxDeltaStep` that binds, the reduction at the clamped output w instead:
    /// `−(2·G·w + (H + λ)·w²)`, which equals `G² / (H + λ)` when w is not clamped.
    @inline(__always)
    func leafGain(_ s: GradientSums) -> Double {
        guard maxDeltaStep > 0 else { return s[0] * s[0] / (s[1] + l2) }
        let w = leafOutput(s)
        return -(2 * s[0] * w + (s[1] + l2) * w * w)
    }

    /// The leaf's optimal output before shrinkage, `−G / (H + λ)`, clamped to
    /// `±maxDeltaStep` when that is set (LightGBM's `max_delta_step`).
    @inline(__always)
    func leafOutput(_ s: GradientSums) -> Double {
        let w = -s[0] / (s[1] + l2)
        guard maxDeltaStep > 0 else { return w }
        return min(max(w, -maxDeltaStep), maxDeltaStep)
    }

    /// The best split of a leaf with sums `total` and `count` rows over `features`.
    ///
    /// For every feature, each value-bin threshold is tried with missing values on the right
    /// and, when the leaf has missing values of that feature, on the left; the first best
    /// (feature, threshold, right-before-left) in that order wins ties. A feature without
    /// missing values in the leaf sends them to the side with more rows. Child row counts
    /// for `minChildSamples` are estimated from hessians, as LightGBM does.
    /// - Complexity: O(Σ bins of `features`).
    func best(histogram: UnsafePointer<GradientSums>, total: GradientSums, count: Int, features: [Int]) -> SplitCandidate {
        var best = SplitCandidate()
        let parentGain = leafGain(total)
        let countFactor = Double(count) / total[1]
        for f in features {
            let valueBins = mappers[f].valueBinCount
            guard valueBins >= 2 else { continue }
            let bins = histogram + histogramOffsets[f]
            let missing = bins[valueBins]
            let hasMissing = missing[1] > 0 || missing[0] != 0
            var acc = GradientSums.zero
            for t in 0..<(valueBins - 1) {
                acc += bins[t]
                consider(left: acc, total: total, count: count, countFactor: countFactor, parentGain: parentGain, feature: f, threshold: t,
                         missingLeft: hasMissing ? false : nil, into: &best)
                if hasMissing {
                    consider(left: acc + missing, total: total, count: count, countFactor: countFactor, parentGain: parentGain, feature: f, threshold: t,
                             missingLeft: true, into: &best)
                }
            }
        }
        return best
    }

    @inline(__always)
    private func consider(left: GradientSums, total: GradientSums, count: Int, countFactor: Double, parentGain: Double,
                          feature: Int, threshold: Int, missingLeft: Bool?, into best: inout SplitCandidate) {
        let right = total - left
        let leftCount = (left[1] * countFactor).rounded()
        let rightCount = Double(count) - leftCount
        guard leftCount >= minChildSamples, rightCount >= minChildSamples,
              left[1] >= minSumHessian, right[1] >= minSumHessian else { return }
        let gain = leafGain(left) + leafGain(right) - parentGain
        guard gain > minSplitGain, gain > best.gain else { return }
        best = SplitCandidate(gain: gain, feature: feature, thresholdBin: threshold,
                              defaultLeft: missingLeft ?? (leftCount >= rightCount), left: left, leftCount: leftCount)
    }
}
