/// Scores sorted in descending order with their ties collapsed into distinct thresholds,
/// each carrying the cumulative true- and false-positive counts at "score ≥ threshold".
///
/// This is the shared core of every ranking metric (the role of scikit-learn's
/// `_binary_clf_curve`): ROC and precision–recall curves, ROC AUC, average precision,
/// partial AUC and operating points all read these arrays. It also keeps the sorted rows,
/// which the threshold band and the bootstrap need.
///
/// ```swift
/// let curve = ThresholdCurve(try ScoredLabels(scores: [0.9, 0.5, 0.5], labels: [true, true, false]))
/// curve.thresholds             // [0.9, 0.5]
/// curve.truePositives          // [1, 2]
/// curve.falsePositives         // [0, 1]
/// ```
public struct ThresholdCurve: Sendable {
    /// The distinct scores, descending.
    public let thresholds: [Double]
    /// Positives scored ≥ `thresholds[g]`.
    public let truePositives: [Int]
    /// Negatives scored ≥ `thresholds[g]`.
    public let falsePositives: [Int]
    /// All rows' scores, descending (stable within ties).
    public let sortedScores: [Double]
    /// The labels of `sortedScores`, row for row.
    public let sortedLabels: [UInt8]
    /// Rows labelled 1.
    public let positives: Int
    /// Rows labelled 0.
    public let negatives: Int

    /// Sorts `data` and collapses tied scores.
    /// - Parameters:
    ///   - data: validated scores and labels.
    ///   - threads: parallel chunks for the sort; `nil` uses every active core. The result
    ///     does not depend on it.
    /// - Complexity: O(n) time (a radix sort of at most 8 byte passes) and O(n) memory.
    public init(_ data: ScoredLabels, threads: Int? = nil) {
        let sorted = ScoreRadixSort.sortDescending(
            scores: data.scores, labels: data.labels, threads: threads ?? activeCoreCount())
        let n = data.count
        // Two passes over the sorted keys: count the distinct scores, then fill arrays of
        // exactly that size (no growth, no zero-filling of memory about to be written).
        let distinct = sorted.keys.withUnsafeBufferPointer { keys in
            var count = n > 0 ? 1 : 0
            for i in 1..<max(1, n) where keys[i] != keys[i - 1] { count += 1 }
            return count
        }
        var thresholds: [Double] = []
        var tps: [Int] = []
        var fps: [Int] = []
        let scores = sorted.keys.withUnsafeBufferPointer { keys in
            sorted.labels.withUnsafeBufferPointer { labels in
                [Double](unsafeUninitializedCapacity: n) { out, initialized in
                    thresholds = [Double](unsafeUninitializedCapacity: distinct) { th, thCount in
                        tps = [Int](unsafeUninitializedCapacity: distinct) { tp, tpCount in
                            fps = [Int](unsafeUninitializedCapacity: distinct) { fp, fpCount in
                                var positives = 0
                                var g = 0
                                for i in 0..<n {
                                    let key = keys[i]
                                    positives &+= Int(labels[i])
                                    let score = ScoreRadixSort.score(fromDescendingKey: key)
                                    out[i] = score
                                    if i == n - 1 || keys[i + 1] != key {
                                        th[g] = score
                                        tp[g] = positives
                                        fp[g] = i + 1 - positives
                                        g += 1
                                    }
                                }
                                fpCount = distinct
                            }
                            tpCount = distinct
                        }
                        thCount = distinct
                    }
                    initialized = n
                }
            }
        }
        self.thresholds = thresholds
        self.truePositives = tps
        self.falsePositives = fps
        self.sortedScores = scores
        self.sortedLabels = sorted.labels
        self.positives = data.positives
        self.negatives = data.negatives
    }

    /// The number of rows.
    public var rows: Int { sortedScores.count }

    /// The number of distinct thresholds with score ≥ `threshold`, i.e. the index one past
    /// the last qualifying threshold (0 when none qualifies).
    /// - Complexity: O(log g) for g distinct scores.
    func distinctCount(atOrAbove threshold: Double) -> Int {
        var low = 0
        var high = thresholds.count
        while low < high {
            let mid = (low + high) / 2
            if thresholds[mid] >= threshold { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The number of rows with score ≥ `threshold` (a prefix of the sorted rows).
    /// - Complexity: O(log g).
    func rowCount(atOrAbove threshold: Double) -> Int {
        let g = distinctCount(atOrAbove: threshold)
        return g == 0 ? 0 : truePositives[g - 1] + falsePositives[g - 1]
    }
}
