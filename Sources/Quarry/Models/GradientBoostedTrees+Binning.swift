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

    /// Writes the bins of `count` values to `out`: the same bins as ``bin(of:)``, faster.
    ///
    /// A branch-free binary search over the edges padded with `+∞` to a power of two, four
    /// values at a time in SIMD lanes: a fixed number of steps with compare-and-blend
    /// instead of mispredicted branches (a scalar `?:` compiles to a branch here).
    /// - Complexity: O(count × log bins).
    func bins(of values: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<UInt8>) {
        var width = 1
        while width < upperBounds.count { width <<= 1 }
        var table = [Double](repeating: .infinity, count: width)
        table.replaceSubrange(0..<upperBounds.count, with: upperBounds)
        let missing = Int64(missingBin)
        table.withUnsafeBufferPointer { tableBuffer in
            let bounds = tableBuffer.baseAddress!
            var r = 0
            while r &+ 4 <= count {
                let value = SIMD4<Double>(values[r], values[r &+ 1], values[r &+ 2], values[r &+ 3])
                // Counts the edges below each value: the first bin whose upper edge is ≥ it.
                var index = SIMD4<Int64>(repeating: 0)
                var step = width >> 1
                while step > 0 {
                    let probe = index &+ Int64(step &- 1)
                    let edge = SIMD4<Double>(bounds[Int(probe[0])], bounds[Int(probe[1])],
                                             bounds[Int(probe[2])], bounds[Int(probe[3])])
                    index &+= SIMD4<Int64>(repeating: 0).replacing(with: Int64(step), where: edge .< value)
                    step >>= 1
                }
                index.replace(with: missing, where: value .!= value)
                for k in 0..<4 { out[r &+ k] = UInt8(truncatingIfNeeded: index[k]) }
                r &+= 4
            }
            while r < count {
                out[r] = bin(of: values[r])
                r &+= 1
            }
        }
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
        let sorted = Self.sortedValues(sample)
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

    /// The non-missing values of `sample` in ascending order, `−0` read as `+0`.
    ///
    /// An LSD radix sort (six passes of 11 bits) on keys whose unsigned order is the
    /// values' order (sign bit flipped for positives, all bits for negatives): about 5× faster
    /// than a comparison sort on the 200,000-value bin samples.
    /// - Complexity: O(s) for `s` values.
    static func sortedValues(_ sample: [Double]) -> [Double] {
        let signBit: UInt64 = 1 << 63
        var keys: [UInt64] = []
        keys.reserveCapacity(sample.count)
        for v in sample where !v.isNaN {
            let bits = (v + 0).bitPattern
            keys.append(bits & signBit == 0 ? bits | signBit : ~bits)
        }
        let n = keys.count
        var buffer = [UInt64](repeating: 0, count: n)
        var starts = [Int](repeating: 0, count: 2048)
        for pass in 0..<6 {
            let shift = UInt64(pass * 11)
            keys.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { target in
                    starts.withUnsafeMutableBufferPointer { start in
                        start.update(repeating: 0)
                        for k in source { start[Int(truncatingIfNeeded: (k >> shift) & 2047)] += 1 }
                        var total = 0
                        for d in 0..<2048 {
                            let c = start[d]
                            start[d] = total
                            total += c
                        }
                        for k in source {
                            let d = Int(truncatingIfNeeded: (k >> shift) & 2047)
                            target[start[d]] = k
                            start[d] += 1
                        }
                    }
                }
            }
            swap(&keys, &buffer)
        }
        return keys.map { $0 & signBit != 0 ? Double(bitPattern: $0 & ~signBit) : Double(bitPattern: ~$0) }
    }
}

/// Training features quantized to bins: one `UInt8` per value, column-major.
///
/// Column-major (each feature's bins contiguous), as LightGBM's col-wise mode, which it
/// picks for the 1,000,000 × 50 benchmark: a histogram is built one feature at a time over
/// a block of the leaf's rows, so that feature's 256-bin histogram stays in L1 while the
/// column is read in ascending row order; a partition reads only the split feature's column.
/// (Row-major bins with all features' histograms updated per row took 1.4× as long per
/// tree: 50 histograms of 4 KiB each miss L1; see bench/results/models-gbdt.md.) A row-major
/// copy is kept for the leaves whose rows are too scattered for columns (``rowBins``).
struct BinnedFeatures: Sendable {
    let rowCount: Int
    let mappers: [BinMapper]
    /// `bins[feature * rowCount + row]`.
    let bins: [UInt8]
    /// The same bins row-major, `rowBins[row * featureCount + feature]`: a row's bins share
    /// one cache line, for histograms of leaves whose rows are too scattered for columns.
    let rowBins: [UInt8]
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
            sampleRows = rng.sampleIndices(configuration.binSampleCount, from: n)
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
                        mapper.bins(of: column.baseAddress!, count: n, into: binBase! + f * n)
                    }
                }
            }
        }
        // The row-major copy, in tiles of 64 rows so both the column reads and the row writes stay in cache.
        var rowBins = [UInt8](repeating: 0, count: n * featureCount)
        bins.withUnsafeBufferPointer { columns in
            rowBins.withUnsafeMutableBufferPointer { rowsOut in
                let source = columns.baseAddress!, target = rowsOut.baseAddress!
                let tiles = (n + 63) / 64
                parallelFor(min(tiles, threads * 8), threads: threads) { c in
                    for tile in chunks(of: tiles, parts: min(tiles, threads * 8))[c] {
                        let rows = (tile * 64)..<min(n, tile * 64 + 64)
                        for f in 0..<featureCount {
                            let column = source + f * n
                            for r in rows { target[r &* featureCount &+ f] = column[r] }
                        }
                    }
                }
            }
        }
        var offsets = [0]
        for m in mappers { offsets.append(offsets.last! + m.valueBinCount + 1) }
        self.rowCount = n
        self.mappers = mappers
        self.bins = bins
        self.rowBins = rowBins
        self.histogramOffsets = offsets
    }
}
