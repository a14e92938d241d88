import Quarry
import Synchronization

/// The terminal renderer of library progress: one line on stderr with the count, rate and ETA,
/// redrawn in place and cleared when the stage ends.
///
/// Shown only when stderr is a terminal and `CI` is unset, and never with `--quiet`; in a pipe
/// the reporter is ``ProgressReporter/silent`` and stderr carries nothing extra.
enum TerminalProgress {
    /// Whether a progress line is on the screen (so the end of a stage knows to clear it).
    private static let drawn = Mutex(false)

    /// The reporter a command hands to library operations.
    /// - Parameter quiet: `--quiet` given.
    static func reporter(quiet: Bool) -> ProgressReporter {
        guard !quiet, Terminal.stderrIsInteractive else { return .silent }
        return ProgressReporter { update in
            drawn.withLock { drawn in
                if update.isFinished {
                    if drawn { Terminal.writeStderr("\r\u{1B}[K") }
                    drawn = false
                } else {
                    Terminal.writeStderr("\r" + line(update) + "\u{1B}[K")
                    drawn = true
                }
            }
        }
    }

    /// Writes a line of log on stderr above the progress line (clearing it first; the next
    /// update draws it again). Call only when the reporter is not silent.
    static func log(_ text: String) {
        drawn.withLock { drawn in
            Terminal.writeStderr((drawn ? "\r\u{1B}[K" : "") + text + "\n")
            drawn = false
        }
    }

    /// `search: 40000/100000 corpus rows (40%), 21.3k corpus rows/s, ETA 2.8s`
    /// (bytes are shown in MB: `reading: 412.0/1024.0 MB (40%), 98.1 MB/s, ETA 6.2s`).
    static func line(_ update: ProgressReporter.Update) -> String {
        let bytes = update.unit == "bytes"
        func count(_ n: Int) -> String { bytes ? fixed(Double(n) / 1e6) : String(n) }
        let unit = bytes ? "MB" : update.unit
        var text = "\(update.stage): \(count(update.completed))"
        if let total = update.total, total > 0 {
            text += "/\(count(total)) \(unit) (\(Int(100 * Double(update.completed) / Double(total)))%)"
        } else {
            text += " \(unit)"
        }
        text += ", \(bytes ? fixed(update.rate / 1e6) : rate(update.rate)) \(unit)/s"
        if let eta = update.secondsRemaining { text += ", ETA \(duration(eta))" }
        return text
    }

    static func rate(_ r: Double) -> String {
        r >= 1e6 ? fixed(r / 1e6) + "M" : r >= 1e3 ? fixed(r / 1e3) + "k" : r >= 10 ? String(Int(r.rounded())) : fixed(r)
    }

    static func duration(_ s: Double) -> String {
        s >= 60 ? "\(Int(s) / 60)m\(Int(s) % 60 < 10 ? "0" : "")\(Int(s) % 60)s" : fixed(s) + "s"
    }

    /// One decimal.
    private static func fixed(_ x: Double) -> String { NumberFormat.fixed(x, 1) }
}
