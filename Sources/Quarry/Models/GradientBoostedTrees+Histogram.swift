/// Builds per-leaf gradient histograms over the binned training data.
///
/// A histogram holds one ``GradientSums`` per bin of every feature (laid out by
/// ``BinnedFeatures/histogramOffsets``). Building walks the leaf's rows in their stored
/// (ascending) order, block by block: it gathers the block's gradients into a small buffer
/// ("ordered gradients", as LightGBM does), then adds them into one feature's histogram
/// after another, reading that feature's column (LightGBM's col-wise histogram mode). The
/// block's sums and the one feature's 256 bins stay in L1 while the column streams.
/// Leaves with under ``rowWiseShare`` of the rows are built row-wise instead (each row adds
/// into all its features' bins), reading one cache line per row rather than one per row and
/// feature. Either way each bin sums its rows in the same order: the results are identical.
struct HistogramBuilder {
    let data: BinnedFeatures
    let threads: Int
    /// Leaves with fewer rows are built by one worker.
    var parallelRows = 256
    /// Leaves holding less than this share of all rows are built row-wise: their rows are so
    /// scattered that reading a column costs a cache miss per row and feature, while a row's
    /// bins share one cache line (LightGBM chooses between these modes once per data set).
    /// 1/64 measured best on the 1,000,000 × 50 benchmark (1/256: no gain; 1/16: slightly slower).
    var rowWiseShare = 1.0 / 64

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
        let rowWise = rows != nil && Double(count) < rowWiseShare * Double(rowCount)
        let featureCount = data.featureCount
        data.bins.withUnsafeBufferPointer { binsBuffer in
        data.rowBins.withUnsafeBufferPointer { rowBinsBuffer in
            let bins = binsBuffer.baseAddress!
            let rowBins = rowBinsBuffer.baseAddress!
            parallelFor(groups.count, threads: threads) { g in
                let group = features[groups[g]]
                for f in group {
                    (histogram + offsets[f]).update(repeating: .zero, count: offsets[f + 1] - offsets[f])
                }
                let block = UnsafeMutablePointer<GradientSums>.allocate(capacity: Self.blockSize)
                defer { block.deallocate() }
                // This group's histogram offsets, contiguous for the inner loops.
                let groupOffsets = UnsafeMutablePointer<Int>.allocate(capacity: group.count)
                defer { groupOffsets.deallocate() }
                for (k, f) in group.enumerated() { groupOffsets[k] = offsets[f] }
                let groupFeatures = Array(group)
                let groupCount = groupFeatures.count
                let contiguous = groupCount > 0 && groupFeatures[groupCount - 1] - groupFeatures[0] + 1 == groupCount
                var start = 0
                while start < count {
                    let m = min(Self.blockSize, count - start)
                    if let rows {
                        let blockRows = rows + start
                        for i in 0..<m {
                            let r = Int(blockRows[i])
                            block[i] = GradientSums(Double(gradients[r]), Double(hessians[r]))
                        }
                        if rowWise && contiguous {
                            // Usual case (no feature sampling): the group's bins are adjacent in the row.
                            let first = groupFeatures[0]
                            for i in 0..<m {
                                let binsOfRow = rowBins + (Int(blockRows[i]) &* featureCount &+ first)
                                let sums = block[i]
                                for k in 0..<groupCount { histogram[groupOffsets[k] &+ Int(binsOfRow[k])] += sums }
                            }
                        } else if rowWise {
                            for i in 0..<m {
                                let binsOfRow = rowBins + Int(blockRows[i]) &* featureCount
                                let sums = block[i]
                                for k in 0..<groupCount {
                                    histogram[groupOffsets[k] &+ Int(binsOfRow[groupFeatures[k]])] += sums
                                }
                            }
                        } else {
                            // Four features per pass: one index load serves them all, and four
                            // independent read-modify-write chains overlap.
                            var k = 0
                            while k &+ 4 <= groupCount {
                                let column0 = bins + groupFeatures[k] &* rowCount
                                let column1 = bins + groupFeatures[k &+ 1] &* rowCount
                                let column2 = bins + groupFeatures[k &+ 2] &* rowCount
                                let column3 = bins + groupFeatures[k &+ 3] &* rowCount
                                let histogram0 = histogram + groupOffsets[k]
                                let histogram1 = histogram + groupOffsets[k &+ 1]
                                let histogram2 = histogram + groupOffsets[k &+ 2]
                                let histogram3 = histogram + groupOffsets[k &+ 3]
                                for i in 0..<m {
                                    let r = Int(blockRows[i])
                                    let sums = block[i]
                                    histogram0[Int(column0[r])] += sums
                                    histogram1[Int(column1[r])] += sums
                                    histogram2[Int(column2[r])] += sums
                                    histogram3[Int(column3[r])] += sums
                                }
                                k &+= 4
                            }
                            while k < groupCount {
                                let column = bins + groupFeatures[k] &* rowCount
                                let featureHistogram = histogram + groupOffsets[k]
                                for i in 0..<m {
                                    featureHistogram[Int(column[Int(blockRows[i])])] += block[i]
                                }
                                k &+= 1
                            }
                        }
                    } else {
                        for i in 0..<m {
                            block[i] = GradientSums(Double(gradients[start &+ i]), Double(hessians[start &+ i]))
                        }
                        var k = 0
                        while k &+ 4 <= groupCount {
                            let column0 = bins + (groupFeatures[k] &* rowCount &+ start)
                            let column1 = bins + (groupFeatures[k &+ 1] &* rowCount &+ start)
                            let column2 = bins + (groupFeatures[k &+ 2] &* rowCount &+ start)
                            let column3 = bins + (groupFeatures[k &+ 3] &* rowCount &+ start)
                            let histogram0 = histogram + groupOffsets[k]
                            let histogram1 = histogram + groupOffsets[k &+ 1]
                            let histogram2 = histogram + groupOffsets[k &+ 2]
                            let histogram3 = histogram + groupOffsets[k &+ 3]
                            for i in 0..<m {
                                let sums = block[i]
                                histogram0[Int(column0[i])] += sums
                                histogram1[Int(column1[i])] += sums
                                histogram2[Int(column2[i])] += sums
                                histogram3[Int(column3[i])] += sums
                            }
                            k &+= 4
                        }
                        while k < groupCount {
                            let column = bins + (groupFeatures[k] &* rowCount &+ start)
                            let featureHistogram = histogram + groupOffsets[k]
                            for i in 0..<m {
                                featureHistogram[Int(column[i])] += block[i]
                            }
                            k &+= 1
                        }
                    }
                    start += m
                }
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
