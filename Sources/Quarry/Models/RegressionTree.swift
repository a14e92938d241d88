/// One boosted tree as flat arrays (struct of arrays), the layout prediction walks.
///
/// Internal node `i` sends a row left when its feature value is `≤ threshold[i]` (or, on
/// binned data, its bin is `≤ thresholdBin[i]`); a missing value (NaN) goes left when
/// `defaultLeft[i]`. A child `c ≥ 0` is an internal node, `c < 0` is leaf `~c`.
/// A tree without internal nodes is the single leaf 0.
public struct RegressionTree: Sendable, Equatable {
    /// The feature index each internal node tests.
    public internal(set) var splitFeature: [Int32] = []
    /// The raw-value threshold of each internal node (values `≤` it go left).
    public internal(set) var threshold: [Double] = []
    /// The bin threshold of each internal node, for the binned training data.
    var thresholdBin: [UInt8] = []
    /// Where each internal node sends missing values.
    public internal(set) var defaultLeft: [Bool] = []
    /// Left child of each internal node (`~leaf` when negative).
    public internal(set) var leftChild: [Int32] = []
    /// Right child of each internal node (`~leaf` when negative).
    public internal(set) var rightChild: [Int32] = []
    /// Each leaf's output, already scaled by the learning rate.
    public internal(set) var leafValue: [Double] = [0]
    /// Each internal node's split gain (for feature importance).
    public internal(set) var gain: [Double] = []

    /// The number of leaves.
    public var leafCount: Int { leafValue.count }

    /// The leaf a binned row reaches; `bin(f)` gives the row's bin of feature `f`,
    /// `missingBin(f)` the missing-value bin of that feature.
    @inline(__always)
    func leaf(bin: (Int) -> UInt8, missingBin: (Int) -> UInt8) -> Int {
        var node: Int32 = splitFeature.isEmpty ? -1 : 0
        while node >= 0 {
            let i = Int(node)
            let f = Int(splitFeature[i])
            let b = bin(f)
            let goLeft = b == missingBin(f) ? defaultLeft[i] : b <= thresholdBin[i]
            node = goLeft ? leftChild[i] : rightChild[i]
        }
        return Int(~node)
    }
}
