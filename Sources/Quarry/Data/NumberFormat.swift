/// The one place numbers become text for people and files, without Foundation.
///
/// Every text summary, message, report and written field goes through these:
///
/// ```swift
/// NumberFormat.shortest(3)              // "3"       (integral: no fraction)
/// NumberFormat.shortest(0.1)            // "0.1"     (shortest round-trip)
/// NumberFormat.fixed(0.12345, 3)        // "0.123"   (half away from zero)
/// NumberFormat.rounded(0.912345)        // "0.9123"  (4 decimals, then shortest: 0.5 stays "0.5")
/// NumberFormat.rounded(nil)             // "n/a"
/// NumberFormat.significant(12345.678)   // "12350"   (4 significant digits, shortest)
/// ```
///
/// ``HumanNumber`` (three significant digits with thousands separators, for the HTML report)
/// builds on the same rounding.
public enum NumberFormat {
    /// Integral values (below 10¹⁵) without a fraction, others in shortest round-trip form.
    public static func shortest(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `value` with exactly `digits` decimals, rounded half away from zero; a non-finite value
    /// or one too large for the integer part prints in shortest form.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (Swift.abs(value) * scale).rounded()
        guard scaled < 1e15 else { return "\(value)" }
        let integer = Int64(scaled), unit = Int64(scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard digits > 0 else { return "\(sign)\(integer)" }
        let fraction = String(integer % unit)
        return "\(sign)\(integer / unit)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// `value` rounded to `digits` decimals, then in shortest form (`0.5`, not `0.5000`);
    /// `missing` for `nil` and non-finite values.
    public static func rounded(_ value: Double?, digits: Int = 4, missing: String = "n/a") -> String {
        guard let value, value.isFinite else { return missing }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return shortest((value * scale).rounded() / scale)
    }

    /// `value` rounded to 4 significant digits, in shortest form.
    public static func significant(_ value: Double) -> String {
        guard value != 0, value.isFinite else { return shortest(value) }
        var scale = 1.0
        var magnitude = Swift.abs(value)
        while magnitude >= 10_000 { magnitude /= 10; scale /= 10 }
        while magnitude < 1_000 { magnitude *= 10; scale *= 10 }
        return shortest((value * scale).rounded() / scale)
    }
}
