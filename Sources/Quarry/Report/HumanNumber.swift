/// Numbers formatted for people: three significant digits, thousands separators, no
/// exponent between 10⁻⁴ and 10¹⁵.
///
/// ```swift
/// HumanNumber.format(0.912345)   // "0.912"
/// HumanNumber.format(12_345.6)   // "12,300"
/// HumanNumber.format(4_601)      // "4,601" (integers keep every digit)
/// HumanNumber.format(0.0000123)  // "1.23e-5"
/// HumanNumber.percent(0.0712)    // "7.12%"
/// ```
public enum HumanNumber {
    /// `x` with `significant` significant digits; `—` for `nil` and non-finite values.
    public static func format(_ x: Double?, significant: Int = 3) -> String {
        guard let x, x.isFinite else { return "—" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        if magnitude < 1e-4 || magnitude >= 1e15 { return scientific(x, significant: significant) }
        var exponent = 0
        var probe = magnitude
        while probe >= 10 { probe /= 10; exponent += 1 }
        while probe < 1 { probe *= 10; exponent -= 1 }
        let decimals = max(0, significant - 1 - exponent)
        var rounded = roundTo(magnitude, decimals: decimals, significantExponent: exponent - significant + 1)
        // Rounding may carry into a new digit (9.996 → 10.0): recompute the decimals once.
        if rounded >= power10(exponent + 1) && decimals > 0 {
            rounded = roundTo(magnitude, decimals: decimals - 1, significantExponent: exponent - significant + 2)
            return sign(x, rounded) + fixed(rounded, decimals: decimals - 1)
        }
        return sign(x, rounded) + fixed(rounded, decimals: decimals)
    }

    /// An axis tick: at most three significant digits, trailing zeros dropped (`0.2`, `1`, `10,000`).
    public static func tick(_ x: Double) -> String {
        let text = format(x)
        guard text.contains("."), !text.contains("e") else { return text }
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    /// An integer with thousands separators (`4,601`).
    public static func count(_ n: Int) -> String { grouped(n) }

    /// `x` as a percentage with three significant digits (`7.12%`).
    public static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "—" }
        return format(100 * x) + "%"
    }

    /// A count when `x` is integral and small enough, else ``format(_:significant:)``.
    public static func auto(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "—" }
        if x == x.rounded(), abs(x) < 1e15, abs(x) >= 1 { return grouped(Int(x)) }
        return format(x)
    }

    static func sign(_ x: Double, _ rounded: Double) -> String { x < 0 && rounded != 0 ? "-" : "" }

    static func power10(_ e: Int) -> Double {
        var p = 1.0
        if e >= 0 { for _ in 0..<e { p *= 10 } } else { for _ in 0..<(-e) { p /= 10 } }
        return p
    }

    /// |x| rounded half away from zero at 10^`significantExponent`.
    static func roundTo(_ magnitude: Double, decimals: Int, significantExponent: Int) -> Double {
        if significantExponent >= 0 {
            let unit = power10(significantExponent)
            return (magnitude / unit).rounded() * unit
        }
        let scale = power10(-significantExponent)
        return (magnitude * scale).rounded() / scale
    }

    /// A non-negative value with `decimals` decimals and thousands separators in the whole part.
    static func fixed(_ magnitude: Double, decimals: Int) -> String {
        let scale = power10(decimals)
        let scaled = (magnitude * scale).rounded()
        let whole = (scaled / scale).rounded(.down)
        var fraction = Int((scaled - whole * scale).rounded())
        var wholeInt = Int(whole)
        if fraction >= Int(scale) { wholeInt += 1; fraction -= Int(scale) }
        guard decimals > 0 else { return grouped(wholeInt) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: max(0, decimals - digits.count)) + digits
        return grouped(wholeInt) + "." + digits
    }

    static func scientific(_ x: Double, significant: Int) -> String {
        var exponent = 0
        var mantissa = abs(x)
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        let scale = power10(significant - 1)
        var m = (mantissa * scale).rounded() / scale
        if m >= 10 { m /= 10; exponent += 1 }
        return (x < 0 ? "-" : "") + fixed(m, decimals: significant - 1) + "e" + String(exponent)
    }
}
