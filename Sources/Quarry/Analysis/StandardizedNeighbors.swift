import Dispatch

/// Exact k-nearest-neighbour search in standardized feature space.
///
/// Each feature is z-scored over all rows (population SD of the non-missing values); a
/// missing value becomes 0 after standardizing (mean imputation); a constant feature is 0
/// everywhere. Distances are squared Euclidean, computed directly as `Σ (q − r)²` (not the
/// `‖q‖² + ‖r‖² − 2 q·r` expansion, whose cancellation can reorder near ties), with SIMD4
/// lanes over a row-major copy padded to a multiple of 4, four queries per pass over a
/// reference row so its loads are shared. Ties break by lower row index.
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
        let output = SendableResults(buffer: results)
        let stride = self.stride, n = rowCount
        rows.withUnsafeBufferPointer { data in
            let base = SharedPointer(data.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
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
                                let p0 = base.base + q0 * stride, p1 = base.base + q1 * stride
                                let p2 = base.base + q2 * stride, p3 = base.base + q3 * stride
                                let own = SIMD4<Int>(q0, q1, q2, q3)
                                for r in refStart..<refEnd {
                                    let distances = Self.squaredDistances(p0, p1, p2, p3, base.base + r * stride, stride)
                                    for m in 0..<members where r != own[m] {
                                        let distance = distances[m]
                                        let first = (group - start + m) * k
                                        let last = first + k - 1
                                        guard distance < distancesOut[last] || (distance == distancesOut[last] && r < rowsOut[last]) else { continue }
                                        // Insert keeping (distance, index) order; the old last drops out.
                                        var at = last
                                        while at > first,
                                              distance < distancesOut[at - 1] || (distance == distancesOut[at - 1] && r < rowsOut[at - 1]) {
                                            distancesOut[at] = distancesOut[at - 1]
                                            rowsOut[at] = rowsOut[at - 1]
                                            at -= 1
                                        }
                                        distancesOut[at] = distance
                                        rowsOut[at] = r
                                    }
                                }
                                group += members
                            }
                            refStart = refEnd
                        }
                    }
                }
                for q in start..<end {
                    output.buffer[q] = Array(bestRows[((q - start) * k)..<((q - start + 1) * k)].prefix { $0 != Int.max })
                }
            }
        }
        return Array(results)
    }
}

extension StandardizedNeighbors {
    /// The squared distances `Σ (a[j] − b[j])²` of four rows `a0…a3` to row `b` over `count`
    /// (a multiple of 4) values: per row, two SIMD4 accumulators over 8-wide steps, a 4-wide
    /// tail, lanes summed at the end — the same order for every row, so a query's distances
    /// do not depend on which group of four it is in.
    @inline(__always)
    static func squaredDistances(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>, _ a2: UnsafePointer<Double>,
                                 _ a3: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> SIMD4<Double> {
        let rb = UnsafeRawPointer(b)
        let r0 = UnsafeRawPointer(a0), r1 = UnsafeRawPointer(a1), r2 = UnsafeRawPointer(a2), r3 = UnsafeRawPointer(a3)
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>()
        var t0 = SIMD4<Double>(), t1 = SIMD4<Double>(), t2 = SIMD4<Double>(), t3 = SIMD4<Double>()
        var j = 0
        while j + 8 <= count {
            let lo = rb.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            let hi = rb.loadUnaligned(fromByteOffset: j * 8 + 32, as: SIMD4<Double>.self)
            var d = r0.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - lo; s0.addProduct(d, d)
            d = r0.loadUnaligned(fromByteOffset: j * 8 + 32, as: SIMD4<Double>.self) - hi; t0.addProduct(d, d)
            d = r1.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - lo; s1.addProduct(d, d)
            d = r1.loadUnaligned(fromByteOffset: j * 8 + 32, as: SIMD4<Double>.self) - hi; t1.addProduct(d, d)
            d = r2.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - lo; s2.addProduct(d, d)
            d = r2.loadUnaligned(fromByteOffset: j * 8 + 32, as: SIMD4<Double>.self) - hi; t2.addProduct(d, d)
            d = r3.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - lo; s3.addProduct(d, d)
            d = r3.loadUnaligned(fromByteOffset: j * 8 + 32, as: SIMD4<Double>.self) - hi; t3.addProduct(d, d)
            j += 8
        }
        if j < count {
            let lo = rb.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            var d = r0.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - lo; s0.addProduct(d, d)
            d = r1.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - lo; s1.addProduct(d, d)
            d = r2.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - lo; s2.addProduct(d, d)
            d = r3.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self) - lo; s3.addProduct(d, d)
        }
        return SIMD4((s0 + t0).sum(), (s1 + t1).sum(), (s2 + t2).sum(), (s3 + t3).sum())
    }
}

private struct SendableResults: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<[Int]> }
