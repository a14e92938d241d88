extension IsotonicRegression {
    /// Many isotonic fits on the same `x` and prediction points, with different `y`.
    ///
    /// The beyond-score audit recalibrates the same scores under hundreds of permuted labelings;
    /// only the labels change, so the sort, the merging of equal `x` into knots and the search
    /// of each prediction point among the knots are done once here, and each fit is a pass that
    /// sums `y` per knot, PAV, and a lookup per point. Every fit equals
    /// `IsotonicRegression(x: x, y: y).predict(p)` exactly for 0/1 labels (unit weights; the
    /// sums per knot are then exact whatever the order of the rows).
    ///
    /// ```swift
    /// let design = IsotonicRegression.FixedDesign(x: trainScores, at: otherScores)
    /// let calibrated = design.predictions(y: labels)
    /// ```
    struct FixedDesign: Sendable {
        /// Knot of each training row.
        let knotOfRow: [Int32]
        /// Rows per knot.
        let mass: [Double]
        /// Each prediction point as `values[lo] + t · (values[hi] − values[lo])`.
        let lower: [Int32]
        let upper: [Int32]
        let weight: [Double]

        /// Prepares fits of `y` on `x` (non-empty, NaN-free) predicted at `points`.
        /// - Complexity: O(n log n + m log n) for `n` training rows and `m` points.
        init(x: [Double], at points: [Double]) {
            precondition(!x.isEmpty)
            let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
            var knots: [Double] = [], mass: [Double] = []
            var knotOfRow = [Int32](repeating: 0, count: x.count)
            for i in order {
                if let last = knots.last, last == x[i] {
                    mass[mass.count - 1] += 1
                } else {
                    knots.append(x[i]); mass.append(1)
                }
                knotOfRow[i] = Int32(knots.count - 1)
            }
            var lower: [Int32] = [], upper: [Int32] = [], weight: [Double] = []
            lower.reserveCapacity(points.count); upper.reserveCapacity(points.count); weight.reserveCapacity(points.count)
            let last = knots.count - 1
            for p in points {
                // The cases of IsotonicRegression.predict, in its order.
                if !(p > knots[0]) {
                    lower.append(0); upper.append(0); weight.append(0)
                } else if !(p < knots[last]) {
                    lower.append(Int32(last)); upper.append(Int32(last)); weight.append(0)
                } else {
                    let hi = QuantileBins.countBelow(knots, p)
                    if knots[hi] == p {
                        lower.append(Int32(hi)); upper.append(Int32(hi)); weight.append(0)
                    } else {
                        let lo = hi - 1
                        lower.append(Int32(lo)); upper.append(Int32(hi)); weight.append((p - knots[lo]) / (knots[hi] - knots[lo]))
                    }
                }
            }
            self.knotOfRow = knotOfRow
            self.mass = mass
            self.lower = lower
            self.upper = upper
            self.weight = weight
        }

        /// The fit of `y` (one per training row, in the order of `x`) at each prediction point.
        /// - Complexity: O(n + m).
        func predictions(y: [Double]) -> [Double] {
            var sums = [Double](repeating: 0, count: mass.count)
            for (k, v) in zip(knotOfRow, y) { sums[Int(k)] += v }
            let values = IsotonicRegression.pooledValues(sums: sums, mass: mass)
            return lower.indices.map { j in
                let lo = values[Int(lower[j])], hi = values[Int(upper[j])]
                return weight[j] == 0 ? lo : lo + weight[j] * (hi - lo)
            }
        }
    }
}
