/// Features quantized into a few quantile bins per column, the bins of ``WeakSliceFinder``.
///
/// Code 0 means missing; codes `1...cuts[c].count + 1` are value bins: a value gets
/// `1 + (number of cut points strictly below it)`, so bin `k` holds
/// `cuts[k − 2] < x ≤ cuts[k − 1]`. Cut points are the distinct `i / maxBins` quantiles of
/// the column's non-missing values (label-free, so binning all rows once before
/// cross-validation leaks nothing about the labels).
struct QuantileBins: Sendable {
    /// Column-major codes, `codes[column * rowCount + row]`.
    let codes: [UInt8]
    /// Cut points per column, ascending and distinct.
    let cuts: [[Double]]
    let rowCount: Int
    var columnCount: Int { cuts.count }

    /// Bins `features` (all rows).
    /// - Complexity: O(d · n log n).
    init(_ features: FeatureMatrix, maxBins: Int = 32) {
        precondition(maxBins >= 2 && maxBins <= 255)
        rowCount = features.rowCount
        var codes = [UInt8](repeating: 0, count: features.values.count)
        var cuts: [[Double]] = []
        for c in 0..<features.columnCount {
            let column = Array(features.column(c))
            let sorted = column.filter { !$0.isNaN }.sorted()
            var edges: [Double] = []
            if !sorted.isEmpty {
                for i in 1..<maxBins {
                    let q = DistributionSummary.quantile(sorted, Double(i) / Double(maxBins))
                    if q < sorted[sorted.count - 1], edges.last.map({ q > $0 }) ?? true { edges.append(q) }
                }
            }
            cuts.append(edges)
            for r in 0..<rowCount {
                let x = column[r]
                codes[c * rowCount + r] = x.isNaN ? 0 : UInt8(1 + Self.countBelow(edges, x))
            }
        }
        self.codes = codes
        self.cuts = cuts
    }

    /// The number of elements of ascending `edges` strictly below `x` (binary search).
    static func countBelow(_ edges: [Double], _ x: Double) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The number of codes column `c` uses, missing included.
    func codeCount(_ c: Int) -> Int { cuts[c].count + 2 }
}
