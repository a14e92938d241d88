/// Mines the `k` hardest examples of each side whatever the threshold: the `k`
/// highest-scoring negatives and the `k` lowest-scoring positives.
///
/// Ties at the cut keep the earlier row, so the result is deterministic.
/// - Complexity: O(n log k) time and O(k) memory per side in one streaming pass.
public struct TopKStrategy: HardExampleStrategy {
    /// How many to keep per side.
    public let k: Int

    /// - Throws: ``InvalidInput`` when `k` is not positive.
    public init(k: Int) throws {
        guard k > 0 else { throw InvalidInput(parameter: "k", "must be a positive number of examples; got \(k)") }
        self.k = k
    }

    public var name: String { "top-k" }
    public func qualifies(score: Double, side: MiningSide) -> Bool { true }
    public var limitPerSide: Int? { k }
    public var parametersJSON: JSONValue { ["strategy": .string(name), "k": .number(Double(k))] }
}
