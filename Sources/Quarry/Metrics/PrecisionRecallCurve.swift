/// A precision–recall curve, as scikit-learn's `precision_recall_curve`
/// (`drop_intermediate=False`).
///
/// In scikit-learn's order: thresholds ascending (the distinct scores); `precision` and
/// `recall` have one more element, the final point (precision 1, recall 0) that has no
/// threshold.
public struct PrecisionRecallCurve: Sendable, Equatable {
    /// Precision at each threshold, then 1.
    public let precision: [Double]
    /// Recall at each threshold, then 0 (non-increasing).
    public let recall: [Double]
    /// The distinct scores, ascending.
    public let thresholds: [Double]
}

extension ThresholdCurve {
    /// The precision–recall curve, or `nil` when there are no positives (recall would be
    /// undefined; scikit-learn sets it to 1 and warns).
    /// - Complexity: O(g).
    public var precisionRecallCurve: PrecisionRecallCurve? {
        guard positives > 0 else { return nil }
        let g = thresholds.count
        let p = Double(positives)
        var precision = [Double](unsafeUninitializedCapacity: g + 1) { _, count in count = g + 1 }
        var recall = [Double](unsafeUninitializedCapacity: g + 1) { _, count in count = g + 1 }
        var ascending = [Double](unsafeUninitializedCapacity: g) { _, count in count = g }
        precision.withUnsafeMutableBufferPointer { precision in
            recall.withUnsafeMutableBufferPointer { recall in
                ascending.withUnsafeMutableBufferPointer { ascending in
                    for k in 0..<g {
                        let source = g - 1 - k
                        let tp = truePositives[source]
                        precision[k] = Double(tp) / Double(tp + falsePositives[source])
                        recall[k] = Double(tp) / p
                        ascending[k] = thresholds[source]
                    }
                    precision[g] = 1
                    recall[g] = 0
                }
            }
        }
        return PrecisionRecallCurve(precision: precision, recall: recall, thresholds: ascending)
    }
}
