import Foundation

/// How many threads the metrics use when the caller does not say.
enum MetricsConcurrency {
    /// Every active core (at least 1).
    static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
