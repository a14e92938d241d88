/// A buffer shared by concurrent jobs that each write disjoint slots.
///
/// The beyond-score audit's parallel statistics each write their own slot, so the result
/// does not depend on the thread count.
struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
}
