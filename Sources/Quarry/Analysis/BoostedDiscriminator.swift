#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small histogram gradient-boosted tree classifier (logistic loss), the discriminator of
/// the separability test and the source of feature interactions.
///
/// Trees grow depth-wise to ``Parameters/maxDepth`` on ``BinnedFeatures`` codes; each split
/// sends bins `≤ k` left and learns the side of missing values (as LightGBM does); leaf
/// values and gains are the second-order ones of XGBoost (Chen & Guestrin 2016, eq. 5–7)
/// with L2 penalty λ. It lives here, not in Models/, because explain needs its tree
/// structure and only a fast, fixed-size fit, not a model file.
struct BoostedDiscriminator: Sendable {
    /// Fixed training parameters.
    struct Parameters: Sendable, Equatable {
        var rounds = 60
        var maxDepth = 3
        var learningRate = 0.1
        var minRowsPerLeaf = 5
        var l2 = 1.0
    }

    /// One node; a leaf has `feature == -1`.
    struct Node: Sendable {
        var feature = -1
        /// Codes `1...threshold` go left.
        var threshold: UInt8 = 0
        var missingGoesLeft = false
        var left = -1
        var right = -1
        var value = 0.0
        /// The split's loss reduction.
        var gain = 0.0
        /// The feature the parent node split on, or -1 at the root.
        var parentFeature = -1
    }

    let trees: [[Node]]
    let baseLogit: Double

    /// Fits on `rows` of `binned` with `targets[i]` the class of `rows[i]`.
    /// - Complexity: O(rounds · maxDepth · |rows| · d).
    init(binned: BinnedFeatures, rows: [Int], targets: [Bool], parameters: Parameters = Parameters()) {
        precondition(rows.count == targets.count && !rows.isEmpty)
        let positives = Double(targets.filter { $0 }.count)
        let prior = Swift.min(Swift.max(positives / Double(rows.count), 1e-6), 1 - 1e-6)
        baseLogit = logit(prior)
        var logits = [Double](repeating: baseLogit, count: rows.count)
        var gradients = [Double](repeating: 0, count: rows.count)
        var hessians = [Double](repeating: 0, count: rows.count)
        var trees: [[Node]] = []
        trees.reserveCapacity(parameters.rounds)
        for _ in 0..<parameters.rounds {
            for i in rows.indices {
                let p = sigmoid(logits[i])
                gradients[i] = p - (targets[i] ? 1 : 0)
                hessians[i] = Swift.max(p * (1 - p), 1e-12)
            }
            var builder = TreeBuilder(binned: binned, rows: rows, gradients: gradients, hessians: hessians, parameters: parameters)
            builder.grow(positions: Array(rows.indices), depth: 0, parentFeature: -1)
            var tree = builder.nodes
            for k in tree.indices { tree[k].value *= parameters.learningRate }
            for i in rows.indices { logits[i] += Self.leafValue(tree, binned: binned, row: rows[i]) }
            trees.append(tree)
        }
        self.trees = trees
    }

    /// The predicted logit for `row` of `binned`.
    func logitScore(binned: BinnedFeatures, row: Int) -> Double {
        trees.reduce(baseLogit) { $0 + Self.leafValue($1, binned: binned, row: row) }
    }

    static func leafValue(_ tree: [Node], binned: BinnedFeatures, row: Int) -> Double {
        var k = 0
        while tree[k].feature >= 0 {
            let node = tree[k]
            let code = binned.codes[node.feature * binned.rowCount + row]
            let goesLeft = code == 0 ? node.missingGoesLeft : code <= node.threshold
            k = goesLeft ? node.left : node.right
        }
        return tree[k].value
    }
}

/// Grows one tree by exhaustive histogram search.
private struct TreeBuilder {
    let binned: BinnedFeatures
    let rows: [Int]
    let gradients: [Double]
    let hessians: [Double]
    let parameters: BoostedDiscriminator.Parameters
    var nodes: [BoostedDiscriminator.Node] = []

    init(binned: BinnedFeatures, rows: [Int], gradients: [Double], hessians: [Double], parameters: BoostedDiscriminator.Parameters) {
        self.binned = binned
        self.rows = rows
        self.gradients = gradients
        self.hessians = hessians
        self.parameters = parameters
    }

    /// Adds the subtree over `positions` (indices into `rows`) and returns its node index.
    @discardableResult
    mutating func grow(positions: [Int], depth: Int, parentFeature: Int) -> Int {
        var g = 0.0, h = 0.0
        for i in positions { g += gradients[i]; h += hessians[i] }
        let index = nodes.count
        nodes.append(.init(value: -g / (h + parameters.l2), parentFeature: parentFeature))
        guard depth < parameters.maxDepth, positions.count >= 2 * parameters.minRowsPerLeaf,
              let split = bestSplit(positions: positions, g: g, h: h)
        else { return index }
        var leftPositions: [Int] = [], rightPositions: [Int] = []
        let base = split.feature * binned.rowCount
        for i in positions {
            let code = binned.codes[base + rows[i]]
            if code == 0 ? split.missingGoesLeft : code <= split.threshold { leftPositions.append(i) } else { rightPositions.append(i) }
        }
        nodes[index].feature = split.feature
        nodes[index].threshold = split.threshold
        nodes[index].missingGoesLeft = split.missingGoesLeft
        nodes[index].gain = split.gain
        let left = grow(positions: leftPositions, depth: depth + 1, parentFeature: split.feature)
        let right = grow(positions: rightPositions, depth: depth + 1, parentFeature: split.feature)
        nodes[index].left = left
        nodes[index].right = right
        return index
    }

    struct Split { var feature: Int; var threshold: UInt8; var missingGoesLeft: Bool; var gain: Double }

    /// The split with the largest gain; ties keep the first (lowest feature, lowest bin,
    /// missing right before left), so training is deterministic.
    func bestSplit(positions: [Int], g: Double, h: Double) -> Split? {
        let lambda = parameters.l2
        let parentScore = g * g / (h + lambda)
        var best: Split?
        var sumG = [Double](repeating: 0, count: 256)
        var sumH = [Double](repeating: 0, count: 256)
        var count = [Int](repeating: 0, count: 256)
        for feature in 0..<binned.columnCount {
            let codes = binned.codeCount(feature)
            guard codes > 2 else { continue }
            for k in 0..<codes { sumG[k] = 0; sumH[k] = 0; count[k] = 0 }
            let base = feature * binned.rowCount
            binned.codes.withUnsafeBufferPointer { codeBuffer in
                for i in positions {
                    let code = Int(codeBuffer[base + rows[i]])
                    sumG[code] += gradients[i]; sumH[code] += hessians[i]; count[code] += 1
                }
            }
            var leftG = 0.0, leftH = 0.0, leftCount = 0
            for threshold in 1..<(codes - 1) {
                leftG += sumG[threshold]; leftH += sumH[threshold]; leftCount += count[threshold]
                for missingGoesLeft in [false, true] {
                    let lg = leftG + (missingGoesLeft ? sumG[0] : 0)
                    let lh = leftH + (missingGoesLeft ? sumH[0] : 0)
                    let lc = leftCount + (missingGoesLeft ? count[0] : 0)
                    let rc = positions.count - lc
                    guard lc >= parameters.minRowsPerLeaf, rc >= parameters.minRowsPerLeaf else { continue }
                    let rg = g - lg, rh = h - lh
                    let gain = lg * lg / (lh + lambda) + rg * rg / (rh + lambda) - parentScore
                    if gain > 1e-9, gain > (best?.gain ?? 0) {
                        best = Split(feature: feature, threshold: UInt8(threshold), missingGoesLeft: missingGoesLeft, gain: gain)
                    }
                    if count[0] == 0 { break }
                }
            }
        }
        return best
    }
}

/// The logistic function.
@inline(__always) private func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
/// The log-odds of `p`.
@inline(__always) private func logit(_ p: Double) -> Double { log(p / (1 - p)) }
