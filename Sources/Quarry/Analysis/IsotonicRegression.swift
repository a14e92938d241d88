/// A non-decreasing step-and-ramp fit of `y` on `x` by pool-adjacent-violators (PAV).
///
/// The fit is scikit-learn's `IsotonicRegression(increasing=True, out_of_bounds="clip")`:
/// rows with equal `x` are first merged into their weighted mean, PAV (Ayer et al., "An
/// empirical distribution function for sampling with incomplete information", Ann. Math.
/// Statist. 1955; Best & Chakravarti, Math. Programming 1990) pools adjacent blocks that
/// violate monotonicity into their weighted mean, and predictions interpolate linearly
/// between the fitted points, clipped to the first and last value outside them.
///
/// The beyond-score audit uses it to recalibrate the model's score on labelled rows
/// (Zadrozny & Elkan, KDD 2002).
///
/// ```swift
/// let fit = IsotonicRegression(x: scores, y: labels.map { $0 ? 1 : 0 })
/// let calibrated = fit.predict(0.73)
/// ```
public struct IsotonicRegression: Sendable, Equatable {
    /// The distinct training `x` values, ascending.
    public let knots: [Double]
    /// The fitted, non-decreasing value at each knot.
    public let values: [Double]

    /// Fits `y` on `x` with optional non-negative `weights` (all ones when `nil`).
    ///
    /// `x` must be non-empty and NaN-free, and the weights must sum to more than 0
    /// (programmer errors: the audit checks its inputs first).
    /// - Complexity: O(n log n) for the sort, O(n) for PAV.
    public init(x: [Double], y: [Double], weights: [Double]? = nil) {
        precondition(!x.isEmpty && x.count == y.count && (weights?.count ?? x.count) == x.count)
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        // Merge equal x into their weighted mean.
        var knots: [Double] = [], sums: [Double] = [], mass: [Double] = []
        for i in order {
            let w = weights?[i] ?? 1
            if let last = knots.last, last == x[i] {
                sums[sums.count - 1] += w * y[i]
                mass[mass.count - 1] += w
            } else {
                knots.append(x[i]); sums.append(w * y[i]); mass.append(w)
            }
        }
        self.knots = knots
        self.values = Self.pooledValues(sums: sums, mass: mass)
    }

    /// Pool-adjacent-violators on knots with weighted sums `sums` and weights `mass`: the
    /// fitted, non-decreasing value of each knot.
    /// - Complexity: O(knots).
    static func pooledValues(sums: [Double], mass: [Double]) -> [Double] {
        let knotCount = sums.count
        // PAV over blocks: each block holds its weighted sum and weight and the knots it spans.
        var blockSum: [Double] = [], blockMass: [Double] = [], blockEnd: [Int] = []
        for k in 0..<knotCount {
            var s = sums[k], m = mass[k]
            while let lastMass = blockMass.last,
                  blockSum[blockSum.count - 1] * m >= s * lastMass  // previous mean ≥ this mean
            {
                s += blockSum.removeLast()
                m += blockMass.removeLast()
                blockEnd.removeLast()
            }
            blockSum.append(s); blockMass.append(m); blockEnd.append(k)
        }
        var values = [Double](repeating: 0, count: knotCount)
        var start = 0
        for b in blockSum.indices {
            let mean = blockMass[b] > 0 ? blockSum[b] / blockMass[b] : 0
            for k in start...blockEnd[b] { values[k] = mean }
            start = blockEnd[b] + 1
        }
        return values
    }

    /// The fitted value at `x`: linear between knots, the end values outside them.
    /// - Complexity: O(log knots).
    public func predict(_ x: Double) -> Double {
        guard x > knots[0] else { return values[0] }
        guard x < knots[knots.count - 1] else { return values[values.count - 1] }
        let hi = QuantileBins.countBelow(knots, x)  // knots[hi − 1] < x ≤ knots[hi]
        if knots[hi] == x { return values[hi] }
        let lo = hi - 1
        let t = (x - knots[lo]) / (knots[hi] - knots[lo])
        return values[lo] + t * (values[hi] - values[lo])
    }
}
