import Dispatch

/// Exact k-nearest-neighbour search in standardized feature space.
///
/// Each feature is z-scored over all rows (population SD of the non-missing values); a
/// missing value becomes 0 after standardizing (mean imputation); a constant feature is 0
/// everywhere. Distances are squared Euclidean, computed directly as `Σ (q − r)²` (not the
/// `‖q‖² + ‖r‖² − 2 q·r` expansion, whose cancellation can reorder near ties), with SIMD4
/// lanes over a row-major copy padded to a multiple of 4. Ties break by lower row index.
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
            let base = SendablePointer(pointer: data.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let start = block * queryBlock, end = Swift.min(start + queryBlock, queries.count)
                var best = [[(Double, Int)]](repeating: [], count: end - start)
                var refStart = 0
                while refStart < n {
                    let refEnd = Swift.min(refStart + referenceBlock, n)
                    for q in start..<end {
                        let query = queries[q]
                        let qp = base.pointer + query * stride
                        var top = best[q - start]
                        for r in refStart..<refEnd where r != query {
                            let rp = base.pointer + r * stride
                            var acc = SIMD4<Double>()
                            var j = 0
                            while j < stride {
                                let diff = SIMD4<Double>(qp[j], qp[j + 1], qp[j + 2], qp[j + 3]) - SIMD4<Double>(rp[j], rp[j + 1], rp[j + 2], rp[j + 3])
                                acc.addProduct(diff, diff)
                                j += 4
                            }
                            let distance = acc.sum()
                            if top.count == k, let last = top.last, !(distance < last.0 || (distance == last.0 && r < last.1)) { continue }
                            // Insert keeping (distance, index) order.
                            var at = top.count
                            while at > 0, distance < top[at - 1].0 || (distance == top[at - 1].0 && r < top[at - 1].1) { at -= 1 }
                            top.insert((distance, r), at: at)
                            if top.count > k { top.removeLast() }
                        }
                        best[q - start] = top
                    }
                    refStart = refEnd
                }
                for q in start..<end { output.buffer[q] = best[q - start].map(\.1) }
            }
        }
        return Array(results)
    }
}

private struct SendableResults: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<[Int]> }
private struct SendablePointer: @unchecked Sendable { let pointer: UnsafePointer<Double> }
