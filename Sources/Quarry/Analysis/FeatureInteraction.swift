/// A pair of features the discriminator splits on together: a split on one directly under a
/// split on the other, along a path of a tree.
///
/// ``gain`` sums the loss reductions of the child splits of such parent → child pairs
/// (pairs unordered), the usual "interaction gain" of tree-interaction tools such as
/// xgbfi. A large gain means the second feature matters differently on the two sides of the
/// first: a candidate for a derived product, ratio or indicator.
public struct FeatureInteraction: Sendable, Equatable {
    /// The two features, in column order.
    public let first: String
    public let second: String
    /// Summed gain of the child splits.
    public let gain: Double
    /// ``gain`` over the summed gain of all splits that have a parent split.
    public let share: Double
    /// How many parent → child split pairs contributed.
    public let occurrences: Int

    /// Ranks the pairs of `trees` by summed gain, descending (ties by column order).
    /// - Complexity: O(nodes + pairs log pairs).
    static func rank(trees: [RegressionTree], names: [String]) -> [FeatureInteraction] {
        struct Key: Hashable { let a: Int; let b: Int }
        var gains: [Key: (Double, Int)] = [:]
        var total = 0.0
        for tree in trees {
            for parent in tree.splitFeature.indices {
                let parentFeature = Int(tree.splitFeature[parent])
                // A non-negative child index is an internal node: a split under this one.
                for child in [tree.leftChild[parent], tree.rightChild[parent]] where child >= 0 {
                    let c = Int(child), feature = Int(tree.splitFeature[c])
                    total += tree.gain[c]
                    guard feature != parentFeature else { continue }
                    let key = Key(a: Swift.min(feature, parentFeature), b: Swift.max(feature, parentFeature))
                    let old = gains[key] ?? (0, 0)
                    gains[key] = (old.0 + tree.gain[c], old.1 + 1)
                }
            }
        }
        return gains.sorted { x, y in
            if x.value.0 != y.value.0 { return x.value.0 > y.value.0 }
            return (x.key.a, x.key.b) < (y.key.a, y.key.b)
        }.map { key, value in
            FeatureInteraction(first: names[key.a], second: names[key.b], gain: value.0,
                               share: total > 0 ? value.0 / total : 0, occurrences: value.1)
        }
    }

    public var json: JSONValue {
        ["features": [.string(first), .string(second)], "gain": .number(gain),
         "share": .number(share), "occurrences": .number(Double(occurrences))]
    }
}
