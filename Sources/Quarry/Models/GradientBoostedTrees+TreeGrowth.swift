/// Grows one tree leaf-wise (best gain first) on binned data.
///
/// The learner owns the row partition (one index array; each leaf a contiguous range,
/// rows ascending within it) and a pool of one histogram per leaf. After a split, only
/// the child with fewer rows gets its histogram built; the other's is the parent's minus
/// it, in the parent's slot (LightGBM's histogram subtraction).
final class TreeLearner {
    let data: BinnedFeatures
    let configuration: GradientBoostedTrees.Configuration
    let finder: SplitFinder
    let builder: HistogramBuilder
    let threads: Int
    /// Rows per partition chunk; fixed, so the result never depends on the thread count.
    let partitionChunk: Int
    private let histogramLength: Int
    private let pool: UnsafeMutablePointer<GradientSums>
    /// The rows of every leaf, leaf after leaf.
    private(set) var rowIndices: [Int32]
    /// Partition buffers: each chunk's left rows and right rows before they are copied back.
    private var scratch: [Int32]
    private var rightScratch: [Int32]

    /// One leaf while a tree grows.
    struct Leaf {
        var start: Int
        var count: Int
        var sums: GradientSums
        var depth: Int
        var histogramSlot: Int
        var best: SplitCandidate
        /// The internal node whose child this leaf is (−1 for the root) and on which side.
        var parentNode: Int
        var isLeftChild: Bool
    }

    /// The grown tree and, per leaf, the range of ``rowIndices`` it holds.
    struct Grown {
        var tree: RegressionTree
        var leafRanges: [Range<Int>]
    }

    /// - Parameters:
    ///   - partitionChunk, parallelRows, rowWiseShare: work sizes and the row-wise histogram
    ///     cut-off (tests change them to reach every path on small data).
    init(data: BinnedFeatures, configuration: GradientBoostedTrees.Configuration, threads: Int,
         partitionChunk: Int = 1 << 14, parallelRows: Int = 256,
         rowWiseShare: Double = 1.0 / 64) {
        self.data = data
        self.partitionChunk = partitionChunk
        self.configuration = configuration
        self.threads = threads
        finder = SplitFinder(data: data, configuration: configuration)
        builder = HistogramBuilder(data: data, threads: threads, parallelRows: parallelRows, rowWiseShare: rowWiseShare)
        histogramLength = data.histogramOffsets.last!
        pool = .allocate(capacity: histogramLength * configuration.numLeaves)
        pool.initialize(repeating: .zero, count: histogramLength * configuration.numLeaves)
        rowIndices = Array(0..<Int32(data.rowCount))
        scratch = [Int32](repeating: 0, count: data.rowCount)
        rightScratch = [Int32](repeating: 0, count: data.rowCount)
    }

    deinit { pool.deallocate() }

    private func histogram(_ slot: Int) -> UnsafeMutablePointer<GradientSums> { pool + slot * histogramLength }

    /// Grows a tree on `rows` (ascending; all rows when `nil`) splitting only on `features`.
    ///
    /// Leaf outputs are `−G/(H+λ) × learningRate`. Returns `nil` when the root cannot be split.
    /// - Complexity: O(rows × features × depth) for histograms, O(rows × depth) for partitioning.
    func grow(rows: [Int32]?, gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>, features: [Int]) -> Grown? {
        let rowCount: Int
        if let rows {
            rowCount = rows.count
            rowIndices.withUnsafeMutableBufferPointer { out in
                rows.withUnsafeBufferPointer { out.baseAddress!.update(from: $0.baseAddress!, count: rows.count) }
            }
        } else {
            rowCount = data.rowCount
            rowIndices.withUnsafeMutableBufferPointer { out in
                for i in 0..<rowCount { out[i] = Int32(i) }
            }
        }
        guard rowCount > 0 else { return nil }
        // Root sums, in row order (deterministic).
        var rootSums = GradientSums.zero
        rowIndices.withUnsafeBufferPointer { idx in
            for i in 0..<rowCount {
                let r = Int(idx[i])
                rootSums += GradientSums(Double(gradients[r]), Double(hessians[r]))
            }
        }
        let maxDepth = configuration.maxDepth ?? Int.max
        var leaves: [Leaf] = [Leaf(start: 0, count: rowCount, sums: rootSums, depth: 0, histogramSlot: 0,
                                   best: SplitCandidate(), parentNode: -1, isLeftChild: false)]
        buildHistogram(slot: 0, start: 0, count: rowCount, gradients: gradients, hessians: hessians, features: features,
                       allRows: rows == nil)
        if canSplit(leaves[0], maxDepth: maxDepth) {
            leaves[0].best = finder.best(histogram: histogram(0), total: rootSums, count: rowCount, features: features)
        }
        var tree = RegressionTree()
        tree.leafValue = []

        while leaves.count < configuration.numLeaves {
            // The leaf with the largest gain; the lowest index wins ties.
            var pick = -1
            var pickGain = -Double.infinity
            for (i, leaf) in leaves.enumerated() where leaf.best.isValid && leaf.best.gain > pickGain {
                pick = i
                pickGain = leaf.best.gain
            }
            guard pick >= 0 else { break }
            let parent = leaves[pick]
            let split = parent.best
            let leftCount = partition(start: parent.start, count: parent.count, split: split)

            let node = tree.splitFeature.count
            let newLeaf = leaves.count
            tree.splitFeature.append(Int32(split.feature))
            tree.thresholdBin.append(UInt8(split.thresholdBin))
            tree.threshold.append(data.mappers[split.feature].upperBounds[split.thresholdBin])
            tree.defaultLeft.append(split.defaultLeft)
            tree.leftChild.append(Int32(~pick))
            tree.rightChild.append(Int32(~newLeaf))
            tree.gain.append(split.gain)
            if parent.parentNode >= 0 {
                if parent.isLeftChild { tree.leftChild[parent.parentNode] = Int32(node) } else {
                    tree.rightChild[parent.parentNode] = Int32(node)
                }
            }

            var left = Leaf(start: parent.start, count: leftCount, sums: split.left, depth: parent.depth + 1,
                            histogramSlot: parent.histogramSlot, best: SplitCandidate(), parentNode: node, isLeftChild: true)
            var right = Leaf(start: parent.start + leftCount, count: parent.count - leftCount, sums: parent.sums - split.left,
                             depth: parent.depth + 1, histogramSlot: newLeaf, best: SplitCandidate(),
                             parentNode: node, isLeftChild: false)
            let leftSplittable = canSplit(left, maxDepth: maxDepth)
            let rightSplittable = canSplit(right, maxDepth: maxDepth)
            if leftSplittable || rightSplittable {
                // Build the smaller child; the larger keeps the parent's slot and subtracts.
                let leftIsSmaller = left.count <= right.count
                let small = leftIsSmaller ? left : right
                let smallSlot = newLeaf
                let largeSlot = parent.histogramSlot
                buildHistogram(slot: smallSlot, start: small.start, count: small.count,
                               gradients: gradients, hessians: hessians, features: features)
                builder.subtract(histogram(smallSlot), from: histogram(largeSlot), features: features)
                if leftIsSmaller {
                    left.histogramSlot = smallSlot
                    right.histogramSlot = largeSlot
                } else {
                    left.histogramSlot = largeSlot
                    right.histogramSlot = smallSlot
                }
                if leftSplittable {
                    left.best = finder.best(histogram: histogram(left.histogramSlot), total: left.sums, count: left.count, features: features)
                }
                if rightSplittable {
                    right.best = finder.best(histogram: histogram(right.histogramSlot), total: right.sums, count: right.count, features: features)
                }
            }
            leaves[pick] = left
            leaves.append(right)
        }
        guard leaves.count > 1 else { return nil }
        tree.leafValue = leaves.map { finder.leafOutput($0.sums) * configuration.learningRate }
        return Grown(tree: tree, leafRanges: leaves.map { $0.start..<($0.start + $0.count) })
    }

    private func canSplit(_ leaf: Leaf, maxDepth: Int) -> Bool {
        leaf.depth < maxDepth && leaf.count / 2 >= configuration.minChildSamples  // count ≥ 2·min without overflow
    }

    /// Builds the histogram of the leaf holding `rowIndices[start..<start+count]`; with
    /// `allRows`, that range is every row in order and the rows are read without indices.
    private func buildHistogram(slot: Int, start: Int, count: Int, gradients: UnsafePointer<Float>,
                                hessians: UnsafePointer<Float>, features: [Int], allRows: Bool = false) {
        rowIndices.withUnsafeBufferPointer { idx in
            builder.build(into: histogram(slot), rows: allRows ? nil : idx.baseAddress! + start, count: count,
                          gradients: gradients, hessians: hessians, features: features)
        }
    }


    /// Stably moves the rows of `start..<start+count` that go left to the front; returns how many.
    ///
    /// Large ranges are cut into fixed chunks. One pass per chunk reads the split feature's
    /// column and writes every row to both a left and a right buffer, advancing only the
    /// matching one (no branch to mispredict); a prefix sum over the chunks' counts then
    /// gives every chunk's rows their place, and the workers copy them back (as LightGBM's
    /// `DataPartition::Split`).
    /// - Complexity: O(count), spread over the workers.
    private func partition(start: Int, count: Int, split: SplitCandidate) -> Int {
        let missingBin = UInt8(data.mappers[split.feature].missingBin)
        let threshold = UInt8(split.thresholdBin)
        let missingLeft: Int = split.defaultLeft ? 1 : 0
        let chunk = partitionChunk
        let chunkCount = (count + chunk - 1) / chunk
        var leftCounts = [Int](repeating: 0, count: chunkCount)
        var leftTotal = 0
        data.bins.withUnsafeBufferPointer { binsBuffer in
            let column = binsBuffer.baseAddress! + split.feature * data.rowCount
            rowIndices.withUnsafeMutableBufferPointer { idxBuffer in
            scratch.withUnsafeMutableBufferPointer { leftBuffer in
            rightScratch.withUnsafeMutableBufferPointer { rightBuffer in
                let idx = idxBuffer.baseAddress! + start
                let lefts = leftBuffer.baseAddress!, rights = rightBuffer.baseAddress!
                leftCounts.withUnsafeMutableBufferPointer { counts in
                    parallelFor(chunkCount, threads: threads) { c in
                        let low = c * chunk, high = min(count, low + chunk)
                        var l = low, r = low
                        for i in low..<high {
                            let row = idx[i]
                            let b = column[Int(row)]
                            // Value bins ≤ threshold go left; the missing bin (above every threshold) by default.
                            let goesLeft = (b <= threshold ? 1 : 0) | ((b == missingBin ? 1 : 0) & missingLeft)
                            lefts[l] = row
                            rights[r] = row
                            l &+= goesLeft
                            r &+= 1 &- goesLeft
                        }
                        counts[c] = l - low
                    }
                }
                leftTotal = leftCounts.reduce(0, +)
                var leftStarts = [Int](repeating: 0, count: chunkCount)
                var rightStarts = [Int](repeating: 0, count: chunkCount)
                var l = 0, r = leftTotal
                for c in 0..<chunkCount {
                    leftStarts[c] = l
                    rightStarts[c] = r
                    l += leftCounts[c]
                    r += min(count, (c + 1) * chunk) - c * chunk - leftCounts[c]
                }
                parallelFor(chunkCount, threads: threads) { c in
                    let low = c * chunk, high = min(count, low + chunk)
                    let leftCount = leftCounts[c]
                    (idx + leftStarts[c]).update(from: lefts + low, count: leftCount)
                    (idx + rightStarts[c]).update(from: rights + low, count: high - low - leftCount)
                }
            }}}
        }
        return leftTotal
    }
}
