import Foundation

/// Wall-clock timing helpers for benchmarks.
enum Stopwatch {
    /// Runs `body` `repeats` times and returns the best wall time in seconds.
    static func best<T>(of repeats: Int = 3, _ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
        var best = Double.infinity
        var last: T? = nil
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            let r = try body()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = min(best, elapsed)
            last = r
        }
        return (best, last!)
    }
}
