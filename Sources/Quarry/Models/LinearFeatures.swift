import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Column-major features made ready for a linear model: missing values imputed, each column
/// read as `(x − center) · scale` without materializing the standardized copy.
///
/// The rows are processed in fixed chunks of ``chunkRows``; work is split across cores by
/// chunk and partial results are combined in chunk order, so every result is the same
/// whatever the number of threads.
struct LinearFeatures: Sendable {
    /// Rows per chunk: a chunk of 50 columns (400 KB) stays in the L2 cache between the
    /// margin pass and the gradient pass.
    static let chunkRows = 1024

    /// Values, column after column; `.nan` already replaced by the column's impute value.
    let values: [Double]
    let rowCount: Int
    let columnCount: Int
    /// Subtracted from each column before scaling.
    let centers: [Double]
    /// Multiplies each centered column.
    let scales: [Double]

    /// Imputes `.nan` with `impute[c]` (copying only when a column has a missing value).
    /// - Throws: ``InvalidInput`` (`.dataError`) naming the column and row of an infinite value.
    init(_ features: FeatureMatrix, impute: [Double], centers: [Double], scales: [Double]) throws {
        let n = features.rowCount, d = features.columnCount
        // One parallel scan per column: the first non-finite row, and whether any is NaN.
        var firstInfinite = [Int](repeating: -1, count: d)
        var hasMissing = [Bool](repeating: false, count: d)
        features.values.withUnsafeBufferPointer { x in
            nonisolated(unsafe) let x = x
            firstInfinite.withUnsafeMutableBufferPointer { infinite in
                nonisolated(unsafe) let infinite = infinite
                hasMissing.withUnsafeMutableBufferPointer { missing in
                    nonisolated(unsafe) let missing = missing
                    Self.forEachChunk(d) { c in
                        let column = UnsafeBufferPointer(rebasing: x[(c * n)..<((c + 1) * n)])
                        for (r, v) in column.enumerated() where !v.isFinite {
                            if v.isNaN { missing[c] = true } else { infinite[c] = r; break }
                        }
                    }
                }
            }
        }
        if let c = firstInfinite.firstIndex(where: { $0 >= 0 }) {
            let r = firstInfinite[c]
            let v = features.values[c * n + r]
            throw InvalidInput("feature '\(features.names[c])' row \(r + 1) is \(v > 0 ? "inf" : "-inf"); expected a finite number or a missing value", kind: .dataError)
        }
        var values = features.values
        if hasMissing.contains(true) {
            let missing = hasMissing
            values.withUnsafeMutableBufferPointer { x in
                nonisolated(unsafe) let x = x
                Self.forEachChunk(d) { c in
                    guard missing[c] else { return }
                    for r in (c * n)..<((c + 1) * n) where x[r].isNaN { x[r] = impute[c] }
                }
            }
        }
        self.values = values
        self.rowCount = n
        self.columnCount = d
        self.centers = centers
        self.scales = scales
    }

    var chunkCount: Int { (rowCount + Self.chunkRows - 1) / Self.chunkRows }

    /// Runs `body(chunk)` for every chunk, spread over `threads` threads (default: every
    /// core); each chunk runs on one thread, so per-chunk results never depend on the count.
    static func forEachChunk(_ chunkCount: Int, threads: Int = activeCoreCount(), _ body: @Sendable (Int) -> Void) {
        parallelFor(chunkCount, threads: threads, body)
    }

    /// Writes `z[i] = intercept + Σ_c coefficients[c] · scale[c] · (x[row, c] − center[c])`
    /// for the rows of `chunk` into `z[0..<length]`.
    /// - Complexity: O(length × columnCount).
    func margins(chunk: Int, coefficients: UnsafeBufferPointer<Double>, intercept: Double,
                 into z: UnsafeMutablePointer<Double>) -> Int {
        let start = chunk * Self.chunkRows
        let length = min(Self.chunkRows, rowCount - start)
        for i in 0..<length { z[i] = intercept }
        values.withUnsafeBufferPointer { x in
            for c in 0..<columnCount {
                let a = coefficients[c] * scales[c]
                if a == 0 { continue }
                Self.addScaledCentered(a, center: centers[c], x.baseAddress! + c * rowCount + start, into: z, length)
            }
        }
        return length
    }

    /// Adds `Σ_i r[i] · (x[start + i, c] − center[c])` for every column `c` into `sums`
    /// (before scaling), for the rows of `chunk`.
    /// - Complexity: O(length × columnCount).
    func centeredDots(chunk: Int, residuals r: UnsafePointer<Double>, into sums: UnsafeMutablePointer<Double>) {
        let start = chunk * Self.chunkRows
        let length = min(Self.chunkRows, rowCount - start)
        values.withUnsafeBufferPointer { x in
            for c in 0..<columnCount {
                sums[c] = Self.centeredDot(r, x.baseAddress! + c * rowCount + start, center: centers[c], length)
            }
        }
    }

    /// `z[i] += a · (x[i] − m)`, four lanes at a time with fused multiply-adds.
    @inline(__always)
    static func addScaledCentered(_ a: Double, center m: Double, _ x: UnsafePointer<Double>, into z: UnsafeMutablePointer<Double>, _ n: Int) {
        let a4 = SIMD4<Double>(repeating: a), m4 = SIMD4<Double>(repeating: m)
        var i = 0
        let xr = UnsafeRawPointer(x), zr = UnsafeMutableRawPointer(z)
        while i + 4 <= n {
            let xv = xr.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            let zv = zr.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            zr.storeBytes(of: zv.addingProduct(a4, xv - m4), toByteOffset: i * 8, as: SIMD4<Double>.self)
            i += 4
        }
        while i < n {
            z[i] = z[i].addingProduct(a, x[i] - m)
            i += 1
        }
    }

    /// `Σ r[i] · (x[i] − m)` with four fixed lanes, summed in a fixed order.
    @inline(__always)
    static func centeredDot(_ r: UnsafePointer<Double>, _ x: UnsafePointer<Double>, center m: Double, _ n: Int) -> Double {
        let m4 = SIMD4<Double>(repeating: m)
        var acc0 = SIMD4<Double>(), acc1 = SIMD4<Double>()
        var i = 0
        let xr = UnsafeRawPointer(x), rr = UnsafeRawPointer(r)
        while i + 8 <= n {
            let x0 = xr.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            let x1 = xr.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
            let r0 = rr.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            let r1 = rr.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
            acc0 = acc0.addingProduct(r0, x0 - m4)
            acc1 = acc1.addingProduct(r1, x1 - m4)
            i += 8
        }
        var sum = (acc0 + acc1).sum()
        while i < n {
            sum = sum.addingProduct(r[i], x[i] - m)
            i += 1
        }
        return sum
    }
}

/// Numerically stable pieces of the logistic loss.
enum LogSigmoid {
    /// `log(1 + e^z)` without overflow.
    @inline(__always)
    static func softplus(_ z: Double) -> Double {
        max(z, 0) + log1p(exp(-abs(z)))
    }

    /// `1 / (1 + e^−z)` without overflow.
    @inline(__always)
    static func sigmoid(_ z: Double) -> Double {
        let e = exp(-abs(z))
        return z >= 0 ? 1 / (1 + e) : e / (1 + e)
    }

    /// The sigmoid and the log-loss `softplus(z) − y·z` from one exponential.
    @inline(__always)
    static func sigmoidAndLoss(_ z: Double, positive: Bool) -> (p: Double, loss: Double) {
        let e = exp(-abs(z))
        let p = z >= 0 ? 1 / (1 + e) : e / (1 + e)
        let softplus = max(z, 0) + log1p(e)
        return (p, positive ? softplus - z : softplus)
    }
}
