/// Builds per-leaf gradient histograms over the binned training data.
///
/// A histogram holds one ``GradientSums`` per bin of every feature (laid out by
/// ``BinnedFeatures/histogramOffsets``). Building walks the leaf's rows in their stored
/// (ascending) order, block by block: it gathers the block's gradients into a small buffer
/// ("ordered gradients", as LightGBM does), then adds them into one feature's histogram
/// after another, reading that feature's column (LightGBM's col-wise histogram mode). The
/// block's sums and the one feature's 256 bins stay in L1 while the column streams.
struct HistogramBuilder {
    let data: BinnedFeatures
    let threads: Int
    /// Leaves with fewer rows are built by one worker.
    var parallelRows = 1024

    /// Rows per gathered block: the block's sums stay in L1 while every feature reads them.
    static let blockSize = 1024

    /// Fills `histogram`'s bins of `features` with the sums of `count` rows: the row
    /// indices at `rows`, or rows `0..<count` in order when `rows` is `nil` (the root
    /// without bagging: no index indirection, columns read sequentially).
    ///
    /// Features are split into contiguous groups, one per worker; each feature is summed by
    /// one worker over rows in the same order, so the result does not depend on `threads`.
    /// - Complexity: O(rows × features), spread over the workers.
    func build(into histogram: UnsafeMutablePointer<GradientSums>, rows: UnsafePointer<Int32>?, count: Int,
               gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>, features: [Int]) {
        let rowCount = data.rowCount
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
                var start = 0
                while start < count {
                    let m = min(Self.blockSize, count - start)
                    if let rows {
                        let blockRows = rows + start
                        for i in 0..<m {
                            let r = Int(blockRows[i])
                            block[i] = GradientSums(Double(gradients[r]), Double(hessians[r]))
                        }
                        for f in group {
                            let column = bins + f &* rowCount
                            let featureHistogram = histogram + offsets[f]
                            for i in 0..<m {
                                featureHistogram[Int(column[Int(blockRows[i])])] += block[i]
                            }
                        }
                    } else {
                        for i in 0..<m {
                            block[i] = GradientSums(Double(gradients[start &+ i]), Double(hessians[start &+ i]))
                        }
                        for f in group {
                            let column = bins + (f &* rowCount &+ start)
                            let featureHistogram = histogram + offsets[f]
                            for i in 0..<m {
                                featureHistogram[Int(column[i])] += block[i]
                            }
                        }
                    }
                    start += m
                }
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
