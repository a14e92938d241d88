extension LoopComparison {
    /// Calls `body` once per bootstrap replicate with how often each of `rows` rows was drawn
    /// (n draws with replacement), replicate `b` from `SeededGenerator(seed:).derived(b)`: the
    /// draws every paired loop bootstrap shares, so arms measured on them stay paired.
    /// - Complexity: O(replicates · rows) plus `body`.
    static func forEachReplicate(rows: Int, replicates: Int, seed: UInt64, _ body: ([Int]) -> Void) {
        var counts = [Int](repeating: 0, count: rows)
        for b in 0..<replicates {
            var generator = SeededGenerator(seed: seed).derived(UInt64(b))
            for i in counts.indices { counts[i] = 0 }
            for _ in 0..<rows { counts[generator.nextInt(below: rows)] += 1 }
            body(counts)
        }
    }

    /// One arm's test rows sorted once by score, so that each bootstrap replicate — a count of
    /// draws per row — is measured in one pass, with no sort.
    struct RankedScores {
        /// Row indices, scores descending (ties by row).
        let order: [Int]
        /// For each distinct score, the end (exclusive) of its run in `order`.
        let groupEnds: [Int]

        init(_ scores: [Double]) {
            let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
            var ends: [Int] = []
            for k in order.indices where k == order.count - 1 || scores[order[k + 1]] != scores[order[k]] { ends.append(k + 1) }
            self.order = order
            self.groupEnds = ends
        }

        /// FPR at `targetRecall` and the partial AUC over TPR ∈ [`minTPR`, 1] of the rows drawn
        /// `counts[row]` times each — the values ``LoopRankingMetrics`` gives on the data with
        /// every row repeated that often; `nil` when a class is not drawn.
        /// - Complexity: O(n).
        func measure(counts: [Int], labels: [Bool], targetRecall: Double, minTPR: Double) -> (fpr: Double, partialAUC: Double)? {
            let g = groupEnds.count
            var tp = [Int](repeating: 0, count: g), fp = [Int](repeating: 0, count: g)
            var cumulativeTP = 0, cumulativeFP = 0, start = 0
            for (k, end) in groupEnds.enumerated() {
                for i in start..<end {
                    let row = order[i]
                    if labels[row] { cumulativeTP += counts[row] } else { cumulativeFP += counts[row] }
                }
                tp[k] = cumulativeTP
                fp[k] = cumulativeFP
                start = end
            }
            let positives = cumulativeTP, negatives = cumulativeFP
            guard positives > 0, negatives > 0 else { return nil }
            var fpr = 1.0
            if targetRecall == 0 {
                fpr = 0
            } else if let k = tp.firstIndex(where: { Double($0) >= targetRecall * Double(positives) }) {
                fpr = Double(fp[k]) / Double(negatives)
            }
            // The TPR band is the FPR band of the swapped curve (see ScoredLabels.partialAUC(minTPR:)):
            // walk the groups from the lowest score, negatives counting as positives.
            var swappedTP = [Int](repeating: 0, count: g), swappedFP = [Int](repeating: 0, count: g)
            for k in 0..<g {
                let above = g - 2 - k    // the group just above the swapped curve's k-th cut
                swappedTP[k] = negatives - (above >= 0 ? fp[above] : 0)
                swappedFP[k] = positives - (above >= 0 ? tp[above] : 0)
            }
            // maxFPR 1 (minTPR 0) gives the full AUC: the kernel's standardization is then the identity.
            let pauc = ThresholdCurve.partialAUC(truePositives: swappedTP, falsePositives: swappedFP,
                                                 positives: negatives, negatives: positives, maxFPR: 1 - minTPR)
            return (fpr, pauc)
        }
    }
}
