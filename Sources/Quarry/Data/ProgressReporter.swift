import Synchronization

/// Where long library operations say how far they are: a no-op unless the caller supplies a sink.
///
/// The library never prints. An operation that can take a while (parsing a big file, scoring
/// a pool, the retrieval search, a loop's rounds, the audit's permutations, boosting trees)
/// takes a `ProgressReporter` (``silent`` by default), starts a ``ProgressMeter`` for each
/// stage and advances it; the meter forwards at most one ``Update`` per ``minimumInterval``
/// (plus the final one; none in the first interval, so quick work reports only its end) to the
/// sink, so a hot loop may advance it freely. The CLI's sink draws
/// one line on a terminal; a Python or Swift caller can log or ignore the updates.
///
/// ```swift
/// let progress = ProgressReporter { update in print(update.completed, update.total ?? -1) }
/// let meter = progress.start("audit", unit: "permutations", total: 199)
/// for _ in 0..<199 { /* … */ meter.advance(by: 1) }
/// meter.finish()
/// ```
///
/// Progress never changes a result: operations report from whatever thread does the work,
/// and the order of updates is the only thing that may differ between runs.
public struct ProgressReporter: Sendable {
    /// One report: which stage, how far, and how long it has run.
    public struct Update: Sendable, Equatable {
        /// The stage ("reading", "search", "loop", "audit", "boosting").
        public var stage: String
        /// What is counted ("rows", "corpus rows", "rounds", "permutations", "trees").
        public var unit: String
        /// Units done so far.
        public var completed: Int
        /// Units expected, when known (for a percentage and an ETA).
        public var total: Int?
        /// Time since the stage started.
        public var elapsed: Duration
        /// `true` for the last update of a stage (sent by ``ProgressMeter/finish()``).
        public var isFinished: Bool

        public init(stage: String, unit: String, completed: Int, total: Int?, elapsed: Duration, isFinished: Bool) {
            self.stage = stage
            self.unit = unit
            self.completed = completed
            self.total = total
            self.elapsed = elapsed
            self.isFinished = isFinished
        }

        /// Units per second so far (0 before any time has passed).
        public var rate: Double {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return seconds > 0 ? Double(completed) / seconds : 0
        }

        /// Seconds left at the current rate, when the total is known and the rate positive.
        public var secondsRemaining: Double? {
            guard let total, rate > 0 else { return nil }
            return Double(max(total - completed, 0)) / rate
        }
    }

    /// A reporter that reports nothing (the default of every operation).
    public static let silent = ProgressReporter(sink: nil, minimumInterval: .zero)

    private let sink: (@Sendable (Update) -> Void)?
    /// The least time between two forwarded updates of one meter.
    public let minimumInterval: Duration

    /// A reporter forwarding throttled updates to `sink` (called from any thread, never concurrently
    /// for one meter).
    public init(minimumInterval: Duration = .milliseconds(200), _ sink: @escaping @Sendable (Update) -> Void) {
        self.init(sink: sink, minimumInterval: minimumInterval)
    }

    private init(sink: (@Sendable (Update) -> Void)?, minimumInterval: Duration) {
        self.sink = sink
        self.minimumInterval = minimumInterval
    }

    /// Whether updates go nowhere (operations may then skip counting).
    public var isSilent: Bool { sink == nil }

    /// Starts a stage.
    /// - Parameters:
    ///   - stage: what is running.
    ///   - unit: what is counted.
    ///   - total: how many units are expected, when known.
    public func start(_ stage: String, unit: String, total: Int? = nil) -> ProgressMeter {
        ProgressMeter(stage: stage, unit: unit, total: total, sink: sink, minimumInterval: minimumInterval)
    }
}

/// The counter of one running stage: thread-safe and throttled (see ``ProgressReporter``).
public final class ProgressMeter: Sendable {
    private struct State {
        var completed = 0
        var lastForward: ContinuousClock.Instant?
        var finished = false
    }

    private let stage: String
    private let unit: String
    private let total: Int?
    private let sink: (@Sendable (ProgressReporter.Update) -> Void)?
    private let minimumInterval: Duration
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    fileprivate init(stage: String, unit: String, total: Int?, sink: (@Sendable (ProgressReporter.Update) -> Void)?,
                     minimumInterval: Duration) {
        self.stage = stage
        self.unit = unit
        self.total = total
        self.sink = sink
        self.minimumInterval = minimumInterval
    }

    /// Adds `units` to the count.
    public func advance(by units: Int) {
        guard sink != nil else { return }
        update { $0 += units }
    }

    /// Sets the count to `completed` (ignored when it would go backwards, as a running total
    /// reported from several threads can arrive out of order).
    public func advance(to completed: Int) {
        guard sink != nil else { return }
        update { $0 = max($0, completed) }
    }

    /// Ends the stage: forwards one last update (once), whatever the throttle says.
    public func finish() {
        guard let sink else { return }
        let update: ProgressReporter.Update? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            return makeUpdate(completed: state.completed, finished: true)
        }
        if let update { sink(update) }
    }

    private func update(_ change: (inout Int) -> Void) {
        guard let sink else { return }
        let now = ContinuousClock.now
        // The sink runs under the lock so one meter's updates never interleave.
        state.withLock { state in
            change(&state.completed)
            guard !state.finished else { return }
            // The first update waits one interval too, so quick work shows nothing.
            guard now - (state.lastForward ?? started) >= minimumInterval else { return }
            state.lastForward = now
            sink(makeUpdate(completed: state.completed, finished: false))
        }
    }

    private func makeUpdate(completed: Int, finished: Bool) -> ProgressReporter.Update {
        ProgressReporter.Update(stage: stage, unit: unit, completed: completed, total: total,
                                elapsed: ContinuousClock.now - started, isFinished: finished)
    }
}
