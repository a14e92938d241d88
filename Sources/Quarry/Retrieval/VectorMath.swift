/// Small vector helpers with a fixed summation order, so a score never depends on where a
/// row sits in memory or which thread computes it.
enum VectorMath {
    /// The inner product of `a` and `b` (same length), eight lanes then a fixed reduction.
    /// - Complexity: O(count).
    @inlinable
    static func dot(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        let n = a.count
        var acc = SIMD8<Float>(repeating: 0)
        var i = 0
        let pa = UnsafeRawPointer(a.baseAddress!), pb = UnsafeRawPointer(b.baseAddress!)
        while i + 8 <= n {
            let x = pa.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let y = pb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc = acc.addingProduct(x, y)
            i += 8
        }
        var sum = acc.sum()
        while i < n { sum = sum.addingProduct(a[i], b[i]); i += 1 }
        return sum
    }

    /// The cosine similarity of `a` and `b` (0 when either is the zero vector).
    static func cosine(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        let ab = dot(a, b), aa = dot(a, a), bb = dot(b, b)
        guard aa > 0, bb > 0 else { return 0 }
        return ab / (aa.squareRoot() * bb.squareRoot())
    }
}
