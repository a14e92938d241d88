import Foundation

/// A map from data values to pixels along one axis, linear or logarithmic, with "nice" ticks.
///
/// Linear ticks are 1, 2 or 5 × 10^k apart (Heckbert, "Nice numbers for graph labels",
/// Graphics Gems, 1990); log ticks are the powers of ten in the domain, with 2 and 5 × 10^k
/// added when the domain spans fewer than three decades.
public struct ChartScale: Sendable, Equatable {
    /// How values are spaced.
    public enum Kind: Sendable, Equatable {
        case linear
        /// Base-10 logarithmic; the domain must be positive.
        case log
    }

    public let kind: Kind
    /// The data values at the two ends, low < high.
    public let low: Double
    public let high: Double
    /// The pixel positions of `low` and `high` (`start > end` for a y axis drawn upwards).
    public let start: Double
    public let end: Double

    public init(kind: Kind, low: Double, high: Double, start: Double, end: Double) {
        var low = low, high = high
        if kind == .log {
            low = max(low, 1e-300)
            high = max(high, low * 10)
        }
        if !(high > low) { high = low + (low == 0 ? 1 : abs(low) * 0.1) }
        self.kind = kind
        self.low = low
        self.high = high
        self.start = start
        self.end = end
    }

    /// The pixel position of `value` (values outside the domain map outside the range).
    public func position(_ value: Double) -> Double {
        let t: Double
        switch kind {
        case .linear: t = (value - low) / (high - low)
        case .log: t = (log10(max(value, 1e-300)) - log10(low)) / (log10(high) - log10(low))
        }
        return start + t * (end - start)
    }

    /// Whether `value` is inside the domain (with a small tolerance).
    public func contains(_ value: Double) -> Bool {
        let slack = kind == .linear ? (high - low) * 1e-9 : 0
        return value >= low - slack && value <= high + slack && (kind == .linear || value > 0)
    }

    /// About `target` ticks inside the domain.
    public func ticks(target: Int = 5) -> [Double] {
        switch kind {
        case .linear:
            let step = Self.niceStep((high - low) / Double(max(1, target)))
            var ticks: [Double] = []
            var k = (low / step).rounded(.up)
            while k * step <= high + step * 1e-9 {
                let value = k * step
                ticks.append(abs(value) < step * 1e-9 ? 0 : value)
                k += 1
            }
            return ticks
        case .log:
            let first = Int(log10(low).rounded(.down))
            let last = Int(log10(high).rounded(.up))
            let decades = log10(high) - log10(low)
            var ticks: [Double] = []
            for e in first...max(first, last) {
                let base = Self.pow10(e)
                for m in decades < 3 ? [1.0, 2, 5] : [1.0] where contains(m * base) { ticks.append(m * base) }
            }
            return ticks
        }
    }

    /// The smallest step of the form 1, 2 or 5 × 10^k that is ≥ `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let exponent = log10(raw).rounded(.down)
        let base = pow10(Int(exponent))
        let fraction = raw / base
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * base
    }

    /// A domain that contains `values`, widened to nice ends (linear) or whole decades (log).
    public static func niceDomain(_ values: [Double], kind: Kind, includeZero: Bool = false) -> (low: Double, high: Double) {
        let finite = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        guard var low = finite.min(), var high = finite.max() else { return kind == .log ? (1, 10) : (0, 1) }
        switch kind {
        case .linear:
            if includeZero { low = min(low, 0); high = max(high, 0) }
            if high == low { high = low + 1; low -= 1 }
            let step = niceStep((high - low) / 5)
            return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
        case .log:
            low = pow10(Int(log10(low).rounded(.down)))
            high = pow10(Int(log10(high).rounded(.up)))
            if high <= low { high = low * 10 }
            return (low, high)
        }
    }

    static func pow10(_ e: Int) -> Double { HumanNumber.power10(e) }
}
