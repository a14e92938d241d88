/// Small vector helpers with a fixed summation order, so a score never depends on where a
/// row sits in memory or which thread computes it.
enum VectorMath {
    /// The inner product of `a` and `b` (same length) as one fused multiply-add chain over
    /// the dimensions in increasing order — the same bits the search kernel produces for
    /// the pair.
    /// - Complexity: O(count).
    @inlinable
    static func dot(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        var sum: Float = 0
        for i in 0..<a.count { sum = sum.addingProduct(a[i], b[i]) }
        return sum
    }

    /// The cosine similarity of `a` and `b` (0 when either is the zero vector).
    static func cosine(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        let ab = dot(a, b), aa = dot(a, a), bb = dot(b, b)
        guard aa > 0, bb > 0 else { return 0 }
        return ab / (aa.squareRoot() * bb.squareRoot())
    }
}
