extension ThresholdCurve {
    /// Area under the ROC curve (trapezoidal, ties count half), as scikit-learn's `roc_auc_score`.
    ///
    /// Computed exactly in integers — Σ Δfp · (tp + tp_prev) over the distinct thresholds —
    /// then divided once by 2 · positives · negatives.
    /// - Returns: `nil` when only one class is present (the AUC is undefined).
    /// - Complexity: O(g) for g distinct scores.
    public var rocAUC: Double? {
        guard positives > 0, negatives > 0 else { return nil }
        var twiceArea = 0
        var previousTP = 0
        var previousFP = 0
        for g in thresholds.indices {
            let tp = truePositives[g]
            let fp = falsePositives[g]
            twiceArea += (fp - previousFP) * (tp + previousTP)
            previousTP = tp
            previousFP = fp
        }
        return Double(twiceArea) / (2 * Double(positives) * Double(negatives))
    }

    /// Average precision, scikit-learn's `average_precision_score`: Σₙ (Rₙ − Rₙ₋₁) · Pₙ over
    /// the distinct thresholds, with no interpolation.
    /// - Returns: `nil` when there are no positives (scikit-learn warns and returns 0).
    /// - Complexity: O(g).
    public var averagePrecision: Double? {
        guard positives > 0 else { return nil }
        var sum = 0.0
        var previousTP = 0
        for g in thresholds.indices {
            let tp = truePositives[g]
            if tp != previousTP {
                let precision = Double(tp) / Double(tp + falsePositives[g])
                sum += Double(tp - previousTP) * precision
                previousTP = tp
            }
        }
        return max(0, sum / Double(positives))
    }

    /// The McClish-standardized partial ROC AUC up to `maxFPR`, as scikit-learn's
    /// `roc_auc_score(max_fpr:)`.
    ///
    /// The ROC curve is cut at `maxFPR` with a point linearly interpolated between its
    /// neighbours, the area A under that part is measured by trapezoids, and the result is
    /// ½ · (1 + (A − min) / (max − min)) with min = ½ · maxFPR² (the chance diagonal) and
    /// max = maxFPR (McClish, "Analyzing a portion of the ROC curve", Med. Decis. Making 1989).
    /// - Parameter maxFPR: in (0, 1]; 1 gives the full ``rocAUC``.
    /// - Returns: `nil` when only one class is present.
    /// - Complexity: O(g).
    public func partialAUC(maxFPR: Double) -> Double? {
        precondition(maxFPR > 0 && maxFPR <= 1, "maxFPR must be in (0, 1]")
        guard positives > 0, negatives > 0 else { return nil }
        if maxFPR == 1 { return rocAUC }
        return Self.partialAUC(truePositives: truePositives, falsePositives: falsePositives,
                               positives: positives, negatives: negatives, maxFPR: maxFPR)
    }

    /// The kernel of ``partialAUC(maxFPR:)`` over cumulative counts at descending distinct
    /// thresholds (shared with the loop's paired bootstrap, which counts resampled rows).
    /// - Precondition: positives, negatives > 0; maxFPR in (0, 1).
    /// - Complexity: O(g).
    static func partialAUC(truePositives: [Int], falsePositives: [Int], positives: Int, negatives: Int, maxFPR: Double) -> Double {
        let p = Double(positives)
        let n = Double(negatives)
        var area = 0.0
        var previousFPR = 0.0
        var previousTPR = 0.0
        for g in truePositives.indices {
            let fpr = Double(falsePositives[g]) / n
            let tpr = Double(truePositives[g]) / p
            if fpr > maxFPR {
                // np.interp between the last point at or below maxFPR and this one.
                let slope = (tpr - previousTPR) / (fpr - previousFPR)
                let tprAtMax = slope * (maxFPR - previousFPR) + previousTPR
                area += (maxFPR - previousFPR) * (tprAtMax + previousTPR) / 2
                break
            }
            area += (fpr - previousFPR) * (tpr + previousTPR) / 2
            previousFPR = fpr
            previousTPR = tpr
        }
        let minArea = 0.5 * maxFPR * maxFPR
        let maxArea = maxFPR
        return 0.5 * (1 + (area - minArea) / (maxArea - minArea))
    }
}
