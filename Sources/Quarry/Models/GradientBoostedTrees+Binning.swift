/// Quantile bin edges of one feature: value `v` falls in the first bin `b` with `v ≤ upperBounds[b]`.
///
/// The last upper bound is `+∞`; a missing value (NaN) has its own bin after the value bins,
/// so a split can send missing values either way (LightGBM's `missing_type = NaN`).
struct BinMapper: Sendable, Equatable {
    /// Inclusive upper edge of each value bin, increasing; the last is `+∞`.
    let upperBounds: [Double]

    /// The number of value bins (the missing-value bin not included).
    var valueBinCount: Int { upperBounds.count }
    /// The index of the bin holding missing values.
    var missingBin: Int { upperBounds.count }

    /// The bin of `value`.
    /// - Complexity: O(log bins).
    @inline(__always)
    func bin(of value: Double) -> UInt8 {
        if value.isNaN { return UInt8(truncatingIfNeeded: missingBin) }
        var low = 0, high = upperBounds.count - 1
        while low < high {
            let mid = (low + high) >> 1
            if value <= upperBounds[mid] { high = mid } else { low = mid + 1 }
        }
        return UInt8(truncatingIfNeeded: low)
    }

    /// Finds at most `maxBins` bins for the non-missing values of `sample`.
    ///
    /// A feature with at most `maxBins` distinct values gets one bin per value, so it is
    /// split exactly as the raw values would be. Otherwise bins hold about equal numbers of
    /// sample values, and a value frequent enough to fill a bin alone gets its own bin: the
    /// greedy scheme of LightGBM's `GreedyFindBin` (Ke et al., "LightGBM", NeurIPS 2017).
    /// Edges sit halfway between the neighbouring distinct values.
    /// - Complexity: O(s log s) for `s` sample values.
    init(sample: [Double], maxBins: Int) {
        let sorted = sample.filter { !$0.isNaN }.sorted()
        var distinct: [Double] = []
        var counts: [Int] = []
        for v in sorted {
            if let last = distinct.last, last == v { counts[counts.count - 1] += 1 } else {
                distinct.append(v)
                counts.append(1)
            }
        }
        guard distinct.count > 1 else {
            upperBounds = [.infinity]
            return
        }
        // Indices `i` such that a bin ends at distinct[i] (and the next starts at distinct[i + 1]).
        var cuts: [Int] = []
        if distinct.count <= maxBins {
            cuts = Array(0..<(distinct.count - 1))
        } else {
            let total = sorted.count
            var meanSize = Double(total) / Double(maxBins)
            let isBig = counts.map { Double($0) >= meanSize }
            var restBins = maxBins
            var restCount = total
            for (i, big) in isBig.enumerated() where big {
                restBins -= 1
                restCount -= counts[i]
            }
            meanSize = restBins > 0 ? Double(restCount) / Double(restBins) : Double.infinity
            var inBin = 0
            for i in 0..<(distinct.count - 1) {
                if !isBig[i] { restCount -= counts[i] }
                inBin += counts[i]
                let close = isBig[i] || Double(inBin) >= meanSize
                    || (isBig[i + 1] && Double(inBin) >= max(1, meanSize * 0.5))
                guard close else { continue }
                cuts.append(i)
                if cuts.count >= maxBins - 1 { break }
                inBin = 0
                if !isBig[i] {
                    restBins -= 1
                    meanSize = restBins > 0 ? Double(restCount) / Double(restBins) : Double.infinity
                }
            }
        }
        var bounds: [Double] = cuts.map { i in
            let a = distinct[i], b = distinct[i + 1]
            let mid = a / 2 + b / 2
            // Keep a ≤ edge < b even where the halfway point rounds onto b or overflows.
            return (mid >= a && mid < b) ? mid : a
        }
        bounds.append(.infinity)
        upperBounds = bounds
    }

    init(upperBounds: [Double]) { self.upperBounds = upperBounds }
}

/// Training features quantized to bins: one `UInt8` per value, column-major.
///
/// Column-major (each feature's bins contiguous), as LightGBM's col-wise mode, which it
/// picks for the 1,000,000 × 50 benchmark: a histogram is built one feature at a time over
/// a block of the leaf's rows, so that feature's 256-bin histogram stays in L1 while the
/// column is read in ascending row order; a partition reads only the split feature's column.
/// (Row-major bins with all features' histograms updated per row was 1.5–2× slower per
/// tree: 50 histograms of 4 KiB each miss L1; see bench/results/models-gbdt.md.)
struct BinnedFeatures: Sendable {
    let rowCount: Int
    let mappers: [BinMapper]
    /// `bins[feature * rowCount + row]`.
    let bins: [UInt8]
    /// Where each feature's bins start in a histogram; the last entry is the histogram length.
    let histogramOffsets: [Int]

    var featureCount: Int { mappers.count }

    /// The bin of `row`'s value of `feature`.
    @inline(__always)
    func bin(row: Int, feature: Int) -> UInt8 { bins[feature * rowCount + row] }

    /// Finds bin edges on a seeded sample of up to `configuration.binSampleCount` rows, then bins every value.
    /// - Complexity: O(F·(s log s + n log B)) for `F` features, `s` sampled and `n` rows, `B` bins;
    ///   spread over the worker threads (edges by feature, binning by feature).
    init(_ features: FeatureMatrix, configuration: GradientBoostedTrees.Configuration, threads: Int) {
        let n = features.rowCount
        let featureCount = features.columnCount
        var sampleRows: [Int]? = nil
        if n > configuration.binSampleCount {
            // Seeded partial Fisher–Yates, then sorted so each column is read in order.
            var rng = SeededGenerator(seed: configuration.seed).derived(0xB1)
            var pool = Array(0..<n)
            for i in 0..<configuration.binSampleCount {
                pool.swapAt(i, i + rng.nextInt(below: n - i))
            }
            sampleRows = pool[0..<configuration.binSampleCount].sorted()
        }
        var mappers = [BinMapper](repeating: BinMapper(upperBounds: [.infinity]), count: featureCount)
        var bins = [UInt8](repeating: 0, count: n * featureCount)
        features.values.withUnsafeBufferPointer { values in
            mappers.withUnsafeMutableBufferPointer { mapperOut in
                bins.withUnsafeMutableBufferPointer { binOut in
                    let mapperBase = mapperOut.baseAddress!
                    let binBase = binOut.baseAddress
                    parallelFor(featureCount, threads: threads) { f in
                        let column = UnsafeBufferPointer(rebasing: values[(f * n)..<((f + 1) * n)])
                        let sample = sampleRows.map { rows in rows.map { column[$0] } } ?? Array(column)
                        let mapper = BinMapper(sample: sample, maxBins: configuration.maxBins)
                        mapperBase[f] = mapper
                        let out = binBase! + f * n
                        for r in 0..<n { out[r] = mapper.bin(of: column[r]) }
                    }
                }
            }
        }
        var offsets = [0]
        for m in mappers { offsets.append(offsets.last! + m.valueBinCount + 1) }
        self.rowCount = n
        self.mappers = mappers
        self.bins = bins
        self.histogramOffsets = offsets
    }
}
