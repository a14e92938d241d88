/// A seeded train / pool / validation / test split for hard-negative bootstrapping.
///
/// As in detector training by bootstrapping (Sung & Poggio 1998), the initial training set
/// holds every positive of its share but only a small random share of the negatives; the
/// remaining negatives form the pool the mining loop searches. Validation (where the
/// threshold is chosen) and test (only reported) keep the data's class balance.
///
/// ```swift
/// let split = BootstrapSplit(labels: labels, seed: 7)
/// let train = data.selecting(rows: split.train)
/// ```
public struct BootstrapSplit: Sendable, Equatable {
    /// Rows of the initial training set (ascending).
    public let train: [Int]
    /// Rows of the pool: the training share's other negatives (ascending).
    public let pool: [Int]
    /// Rows where the threshold is chosen (ascending).
    public let validation: [Int]
    /// Rows only reported on (ascending).
    public let test: [Int]

    /// Splits `labels.count` rows.
    /// - Parameters:
    ///   - testShare: share of rows in the test set.
    ///   - validationShare: share of rows in the validation set.
    ///   - negativeShare: share of the remaining negatives kept in the initial training set.
    /// - Complexity: O(n).
    public init(labels: [Bool], testShare: Double = 0.25, validationShare: Double = 0.2,
                negativeShare: Double = 0.1, seed: UInt64) {
        precondition(testShare >= 0 && validationShare >= 0 && testShare + validationShare < 1 && negativeShare >= 0 && negativeShare <= 1)
        var rng = SeededGenerator(seed: seed)
        var order = Array(labels.indices)
        rng.shuffle(&order)
        let nTest = Int((testShare * Double(order.count)).rounded())
        let nValidation = Int((validationShare * Double(order.count)).rounded())
        test = order[0..<nTest].sorted()
        validation = order[nTest..<(nTest + nValidation)].sorted()
        let rest = order[(nTest + nValidation)...]
        let negatives = rest.filter { !labels[$0] }
        let keptNegatives = negatives.prefix(Int((negativeShare * Double(negatives.count)).rounded()))
        train = (rest.filter { labels[$0] } + keptNegatives).sorted()
        pool = negatives.dropFirst(keptNegatives.count).sorted()
    }
}
