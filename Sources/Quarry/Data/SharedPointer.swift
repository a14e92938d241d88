/// A raw pointer handed to `concurrentPerform` workers.
///
/// `@unchecked Sendable` because the caller guarantees the pattern: the memory is either
/// read-only during the parallel section or written by each worker at disjoint offsets.
struct SharedPointer<Pointee>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Pointee>

    init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
    init(_ base: UnsafePointer<Pointee>) { self.base = UnsafeMutablePointer(mutating: base) }
}
