/// The one seeded shuffle of the library.
///
/// Fisher–Yates (Durstenfeld, "Algorithm 235: Random permutation", CACM 7(7), 1964), front
/// to back: position `i` takes a uniform pick of positions `i..<n`, so after `k` steps the
/// first `k` elements are a uniform sample without replacement in uniform order. It draws
/// exactly `min(k, n − 1)` numbers with ``SeededGenerator/nextInt(below:)``, so the stream,
/// and every result built on it, is fixed by this code — unlike the standard library's
/// `shuffle(using:)`, whose algorithm may change between Swift versions.
///
/// ```swift
/// var rng = SeededGenerator(seed: 7)
/// var order = Array(0..<10)
/// rng.shuffle(&order)                                      // a seeded permutation
/// let sample = rng.sampleIndices(3, from: 100)             // 3 distinct rows, sorted
/// ```
extension SeededGenerator {
    /// Shuffles `elements` in place; with `prefix`, only its first `prefix` positions are
    /// drawn (a uniform sample of that size, the rest left in an unspecified order).
    /// - Complexity: O(min(prefix, n)).
    public mutating func shuffle<T>(_ elements: inout [T], prefix: Int? = nil) {
        let n = elements.count
        let steps = min(prefix ?? n, n - 1)
        guard steps > 0 else { return }
        for i in 0..<steps {
            elements.swapAt(i, i + nextInt(below: n - i))
        }
    }

    /// `count` distinct indices of `0..<population`, in increasing order.
    /// - Precondition: `0 ≤ count ≤ population`.
    /// - Complexity: O(population) time and memory.
    public mutating func sampleIndices(_ count: Int, from population: Int) -> [Int] {
        precondition(count >= 0 && count <= population, "sample size out of range")
        var indices = Array(0..<population)
        shuffle(&indices, prefix: count)
        return indices[0..<count].sorted()
    }
}
