/// Builds per-leaf gradient histograms over the binned training data.
///
/// A histogram holds one ``GradientSums`` per bin of every feature (laid out by
/// ``BinnedFeatures/histogramOffsets``). Building reads the leaf's rows in their stored
/// (ascending) order, gathering gradients block by block into a small buffer ("ordered
/// gradients", as LightGBM does); for each row it then adds the row's sums into the bins of
/// all the group's features, which are independent adds the CPU can overlap.
struct HistogramBuilder {
    let data: BinnedFeatures
    let threads: Int
    /// Leaves with fewer rows are built by one worker.
    var parallelRows = 4096

    /// Rows per gathered block: the block's sums stay in L1 while every feature reads them.
    static let blockSize = 1024

    /// Fills `histogram`'s bins of `features` with the sums of the `count` rows at `rows`.
    ///
    /// Features are split into contiguous groups, one per worker; each feature is summed by
    /// one worker over rows in the same order, so the result does not depend on `threads`.
    /// - Complexity: O(rows × features), spread over the workers.
    func build(into histogram: UnsafeMutablePointer<GradientSums>, rows: UnsafePointer<Int32>, count: Int,
               gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>, features: [Int]) {
        let featureCount = data.featureCount
        let offsets = data.histogramOffsets
        let groups = chunks(of: features.count, parts: count >= parallelRows ? threads : 1)
        data.bins.withUnsafeBufferPointer { binsBuffer in
            let bins = binsBuffer.baseAddress!
            parallelFor(groups.count, threads: threads) { g in
                let group = features[groups[g]]
                for f in group {
                    (histogram + offsets[f]).update(repeating: .zero, count: offsets[f + 1] - offsets[f])
                }
                let block = UnsafeMutablePointer<GradientSums>.allocate(capacity: Self.blockSize)
                defer { block.deallocate() }
                // This group's histogram offsets, contiguous for the inner loop.
                let groupOffsets = group.map { offsets[$0] }
                let groupCount = group.count
                let contiguous = groupCount > 0 && group.last! - group.first! + 1 == groupCount
                var start = 0
                group.withUnsafeBufferPointer { groupFeatures in
                groupOffsets.withUnsafeBufferPointer { groupOffset in
                    while start < count {
                        let m = min(Self.blockSize, count - start)
                        let blockRows = rows + start
                        for i in 0..<m {
                            let r = Int(blockRows[i])
                            block[i] = GradientSums(Double(gradients[r]), Double(hessians[r]))
                        }
                        if contiguous {
                            // Usual case (no feature sampling): the group's bins are adjacent in the row.
                            let first = groupFeatures[0]
                            for i in 0..<m {
                                let rowBins = bins + (Int(blockRows[i]) &* featureCount &+ first)
                                let sums = block[i]
                                for k in 0..<groupCount {
                                    histogram[groupOffset[k] &+ Int(rowBins[k])] += sums
                                }
                            }
                        } else {
                            for i in 0..<m {
                                let rowBins = bins + Int(blockRows[i]) &* featureCount
                                let sums = block[i]
                                for k in 0..<groupCount {
                                    histogram[groupOffset[k] &+ Int(rowBins[groupFeatures[k]])] += sums
                                }
                            }
                        }
                        start += m
                    }
                }}
            }
        }
    }

    /// `larger = parent − smaller` over the bins of `features`, in place in `parent`.
    /// - Complexity: O(bins of `features`).
    func subtract(_ smaller: UnsafePointer<GradientSums>, from parent: UnsafeMutablePointer<GradientSums>,
                  features: [Int]) {
        let offsets = data.histogramOffsets
        for f in features {
            for b in offsets[f]..<offsets[f + 1] { parent[b] -= smaller[b] }
        }
    }
}
