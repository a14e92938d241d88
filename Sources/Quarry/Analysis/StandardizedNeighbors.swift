/// Exact k-nearest-neighbour search in standardized feature space.
///
/// Each feature is z-scored over all rows (population SD of the non-missing values); a
/// missing value becomes 0 after standardizing (mean imputation); a constant feature is 0
/// everywhere. Distances are squared Euclidean, computed directly as `Σ (q − r)²` (not the
/// `‖q‖² + ‖r‖² − 2 q·r` expansion, whose cancellation can reorder near ties), with SIMD4
/// lanes over a row-major copy padded to a multiple of 4, four queries × two reference rows
/// per pass so every load is shared. Ties break by lower row index.
public struct StandardizedNeighbors: Sendable {
    /// Row-major standardized values, `stride` per row.
    let rows: [Double]
    let stride: Int
    let rowCount: Int

    /// Standardizes every row of `features`.
    /// - Complexity: O(n · d).
    public init(_ features: FeatureMatrix) {
        let d = features.columnCount, n = features.rowCount
        stride = Swift.max(4, (d + 3) / 4 * 4)
        rowCount = n
        var rows = [Double](repeating: 0, count: n * stride)
        for c in 0..<d {
            let column = features.column(c)
            let present = column.filter { !$0.isNaN }
            guard !present.isEmpty else { continue }
            let mean = present.reduce(0, +) / Double(present.count)
            let sd = (present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count)).squareRoot()
            guard sd > 0 else { continue }
            for (r, x) in column.enumerated() where !x.isNaN { rows[r * stride + c] = (x - mean) / sd }
        }
        self.rows = rows
    }

    /// The `k` nearest rows to each of `queries` (the query row itself excluded), nearest
    /// first, ties by lower index.
    ///
    /// Queries are processed in blocks of 32 against reference blocks of 512 rows, so a
    /// reference block stays in cache while every query of the block scans it; query blocks
    /// run on all cores, each writing its own results, so the output is thread-count independent.
    /// - Complexity: O(h · n · d) time for h queries, O(h · k) memory.
    public func nearest(to queries: [Int], k: Int) -> [[Int]] {
        let k = Swift.min(k, rowCount - 1)
        guard k > 0, !queries.isEmpty else { return queries.map { _ in [] } }
        let queryBlock = 32, referenceBlock = 512
        let blocks = (queries.count + queryBlock - 1) / queryBlock
        let results = UnsafeMutableBufferPointer<[Int]>.allocate(capacity: queries.count)
        results.initialize(repeating: [])
        defer { results.deinitialize(); results.deallocate() }
        let stride = self.stride, n = rowCount
        rows.withUnsafeBufferPointer { data in
            let base = data.baseAddress!
            parallelFor(blocks, threads: activeCoreCount()) { block in
                let start = block * queryBlock, end = Swift.min(start + queryBlock, queries.count)
                // Per query of the block, its k best so far in ascending (distance, index)
                // order, in flat buffers; unfilled slots hold (+∞, Int.max), so the last
                // slot is always the bar a new row must beat (no count, no nested arrays in
                // the inner loop, where almost every row is rejected by one comparison).
                let slots = end - start
                var bestDistances = [Double](repeating: .infinity, count: slots * k)
                var bestRows = [Int](repeating: Int.max, count: slots * k)
                bestDistances.withUnsafeMutableBufferPointer { distancesOut in
                    bestRows.withUnsafeMutableBufferPointer { rowsOut in
                        var refStart = 0
                        while refStart < n {
                            let refEnd = Swift.min(refStart + referenceBlock, n)
                            // Four queries at a time share each reference row's loads.
                            var group = start
                            while group < end {
                                let members = Swift.min(4, end - group)
                                let q0 = queries[group], q1 = queries[group + Swift.min(1, members - 1)]
                                let q2 = queries[group + Swift.min(2, members - 1)], q3 = queries[group + Swift.min(3, members - 1)]
                                let p0 = base + q0 * stride, p1 = base + q1 * stride
                                let p2 = base + q2 * stride, p3 = base + q3 * stride
                                let own = SIMD4<Int>(q0, q1, q2, q3)
                                // Two reference rows per pass: each query load serves both rows.
                                var r = refStart
                                while r < refEnd {
                                    let pair = r &+ 1 < refEnd
                                    let rowA = base + r * stride
                                    let (first, second) = Self.squaredDistances(p0, p1, p2, p3, rowA, pair ? rowA + stride : rowA, stride)
                                    for which in 0..<(pair ? 2 : 1) {
                                        let row = r &+ which
                                        let distances = which == 0 ? first : second
                                        for m in 0..<members where row != own[m] {
                                            let distance = distances[m]
                                            let firstSlot = (group - start + m) * k
                                            let last = firstSlot + k - 1
                                            guard distance < distancesOut[last] || (distance == distancesOut[last] && row < rowsOut[last]) else { continue }
                                            // Insert keeping (distance, index) order; the old last drops out.
                                            var at = last
                                            while at > firstSlot,
                                                  distance < distancesOut[at - 1] || (distance == distancesOut[at - 1] && row < rowsOut[at - 1]) {
                                                distancesOut[at] = distancesOut[at - 1]
                                                rowsOut[at] = rowsOut[at - 1]
                                                at -= 1
                                            }
                                            distancesOut[at] = distance
                                            rowsOut[at] = row
                                        }
                                    }
                                    r &+= pair ? 2 : 1
                                }
                                group += members
                            }
                            refStart = refEnd
                        }
                    }
                }
                for q in start..<end {
                    results[q] = Array(bestRows[((q - start) * k)..<((q - start + 1) * k)].prefix { $0 != Int.max })
                }
            }
        }
        return Array(results)
    }
}

extension StandardizedNeighbors {
    /// The squared distances `Σ (a[j] − b[j])²` of four rows `a0…a3` to rows `b` and `c` over
    /// `count` (a multiple of 4) values: one SIMD4 accumulator per (query, row) pair over
    /// 4-wide steps, lanes summed at the end — the same order for every pair, so a distance
    /// depends neither on the query's group of four nor on which row it is paired with
    /// (`c == b` for an unpaired last row). Each query load serves two rows, which is what
    /// bounds this loop on two load ports.
    /// - Complexity: O(count).
    @inline(__always)
    static func squaredDistances(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>, _ a2: UnsafePointer<Double>,
                                 _ a3: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafePointer<Double>,
                                 _ count: Int) -> (SIMD4<Double>, SIMD4<Double>) {
        let rb = UnsafeRawPointer(b), rc = UnsafeRawPointer(c)
        let r0 = UnsafeRawPointer(a0), r1 = UnsafeRawPointer(a1), r2 = UnsafeRawPointer(a2), r3 = UnsafeRawPointer(a3)
        var b0 = SIMD4<Double>(), b1 = SIMD4<Double>(), b2 = SIMD4<Double>(), b3 = SIMD4<Double>()
        var c0 = SIMD4<Double>(), c1 = SIMD4<Double>(), c2 = SIMD4<Double>(), c3 = SIMD4<Double>()
        var offset = 0
        let end = count * 8
        while offset < end {
            let x = rb.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let y = rc.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            var q = r0.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            var d = q - x; b0.addProduct(d, d)
            d = q - y; c0.addProduct(d, d)
            q = r1.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            d = q - x; b1.addProduct(d, d)
            d = q - y; c1.addProduct(d, d)
            q = r2.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            d = q - x; b2.addProduct(d, d)
            d = q - y; c2.addProduct(d, d)
            q = r3.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            d = q - x; b3.addProduct(d, d)
            d = q - y; c3.addProduct(d, d)
            offset &+= 32
        }
        return (SIMD4(b0.sum(), b1.sum(), b2.sum(), b3.sum()), SIMD4(c0.sum(), c1.sum(), c2.sum(), c3.sum()))
    }
}

