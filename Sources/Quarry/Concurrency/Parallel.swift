import Dispatch
import Foundation
import Synchronization

// The library's one home for data parallelism: every parallel section goes through
// `parallelFor`, shares memory through `SharedPointer` when a `@Sendable` closure needs it,
// and defaults its thread count to `activeCoreCount()`. Callers make every index write only
// its own outputs (and combine partial results in index order), so results never depend on
// the thread count.

/// Runs `body(i)` for every `i` in `0..<count` over at most `threads` workers, each taking
/// the next index as it frees up; with one thread (or one index), in order on the caller.
///
/// `body` need not be `@Sendable`: the caller guarantees that concurrent indices touch
/// disjoint outputs (or only read shared memory), so results never depend on `threads`.
/// - Complexity: O(count) calls of `body`, plus one atomic increment per index.
@inline(__always)
func parallelFor(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    let workers = min(count, threads)
    if workers <= 1 {
        for i in 0..<count { body(i) }
    } else {
        // Safe to share: callers make each index touch only its own outputs.
        withoutActuallyEscaping(body) { escapable in
            nonisolated(unsafe) let shared = escapable
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if i >= count { break }
                    shared(i)
                }
            }
        }
    }
}

/// Splits `0..<count` into `parts` contiguous ranges of nearly equal size.
func chunks(of count: Int, parts: Int) -> [Range<Int>] {
    let parts = max(1, min(parts, count))
    return (0..<parts).map { p in (count * p / parts)..<(count * (p + 1) / parts) }
}

/// The number of cores this process may use (at least 1): the thread count of every
/// parallel section whose caller does not give one.
func activeCoreCount() -> Int {
    max(1, ProcessInfo.processInfo.activeProcessorCount)
}

/// A raw pointer shared by parallel workers whose closure must be `@Sendable`.
///
/// `@unchecked Sendable` because the caller guarantees the pattern: the memory is either
/// read-only during the parallel section or written by each worker at disjoint offsets.
struct SharedPointer<Pointee>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Pointee>

    init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
    init(_ base: UnsafePointer<Pointee>) { self.base = UnsafeMutablePointer(mutating: base) }
}
