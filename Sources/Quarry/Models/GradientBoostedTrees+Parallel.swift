import Dispatch
import Synchronization

/// Runs `body(i)` for every `i` in `0..<count` over at most `threads` workers, each taking
/// the next index as it frees up; with one thread, in order on the caller.
///
/// Callers make every index write its own outputs, so results never depend on `threads`.
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
