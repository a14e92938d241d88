import Foundation

/// Progress on stderr (rows/s and ETA) when stderr is a terminal; silent in pipes and CI.
final class Progress: @unchecked Sendable {
    private let label: String
    private let total: Int?
    private let enabled: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastPrint: UInt64 = 0
    private let lock = NSLock()

    /// - Parameters:
    ///   - label: what is counted ("rows", "queries").
    ///   - total: the expected count, for the ETA, when known.
    ///   - quiet: `--quiet` given.
    init(_ label: String, total: Int? = nil, quiet: Bool = false) {
        self.label = label
        self.total = total
        self.enabled = !quiet && Terminal.stderrIsInteractive
    }

    /// Reports `done` units so far (throttled to ~5 updates a second).
    func update(_ done: Int) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        lock.lock(); defer { lock.unlock() }
        guard now - lastPrint > 200_000_000 else { return }
        lastPrint = now
        let seconds = max(Double(now - start) / 1e9, 1e-9)
        let rate = Double(done) / seconds
        var line = "\r\(label): \(done)"
        if let total, total > 0 {
            let eta = rate > 0 ? Double(total - done) / rate : 0
            line += "/\(total) (\(Int(100 * Double(done) / Double(total)))%), ETA \(Self.duration(eta))"
        }
        line += ", \(Self.rate(rate)) \(label)/s   "
        Terminal.writeStderr(line)
    }

    /// Clears the progress line.
    func finish() {
        guard enabled, lastPrint > 0 else { return }
        Terminal.writeStderr("\r\u{1B}[K")
    }

    static func rate(_ r: Double) -> String {
        r >= 1e6 ? String(format: "%.1fM", r / 1e6) : r >= 1e3 ? String(format: "%.1fk", r / 1e3) : String(format: "%.0f", r)
    }

    static func duration(_ s: Double) -> String {
        s >= 60 ? String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60) : String(format: "%.1fs", s)
    }
}
