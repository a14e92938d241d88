#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Correctly rounded decimal text → `Double` conversion, identical to `strtod` and fast.
///
/// Accepted forms (those `pandas.read_csv` reads as floats): an optional sign, digits with
/// an optional decimal point (`1`, `1.5`, `.5`, `5.`), an optional exponent (`1e-5`,
/// `2E+10`), and case-insensitive `nan`, `inf` and `infinity` (signed or not). Leading and
/// trailing spaces or tabs are allowed around the whole field. Hexadecimal floats, digit
/// separators and a lone sign or point are not numbers.
///
/// Three paths, fastest first:
/// 1. Clinger's exact path: at most 2^53 as an integer and |exponent| ≤ 22, one IEEE
///    multiplication or division of two exact values is correctly rounded
///    (W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990).
/// 2. Eisel–Lemire: up to 19 significant digits, a 64×128-bit product with a table of
///    powers of five decides the rounding in all but provably rare ambiguous cases
///    (D. Lemire, "Number Parsing at a Gigabyte per Second", SPE 51(8), 2021).
/// 3. Exact fallback: more than 19 significant digits or an ambiguous product → the
///    C library's `strtod` on a NUL-terminated copy.
///
/// ```swift
/// FastDoubleParser.parse("2.5e-3")   // 0.0025
/// FastDoubleParser.parse("-inf")     // -Double.infinity
/// FastDoubleParser.parse("1,5")      // nil
/// ```
package enum FastDoubleParser {
    /// Parses a whole string as a number; `nil` when it is not one.
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Parses the whole of `bytes` (ASCII) as a number; `nil` when it is not one.
    /// - Complexity: O(n) in the length of `bytes`.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress else { return nil }
        return parseField(base, from: 0, to: bytes.count)
    }

    /// Parses `base[start..<end]` as one number, allowing spaces or tabs around it.
    /// (Out of line: it is the slow path of the CSV loop, which inlines ``parsePrefix``.)
    @inline(never)
    static func parseField(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var first = start
        var last = end
        while first < last, base[first] == 0x20 || base[first] == 0x09 { first += 1 }
        while last > first, base[last - 1] == 0x20 || base[last - 1] == 0x09 { last -= 1 }
        var stop = first
        guard let value = parsePrefix(base, from: first, limit: last, stop: &stop), stop == last else { return nil }
        return value
    }

    /// Parses the longest number starting at `base[start]` and not reaching `limit`.
    ///
    /// On success `stop` is the index just past the number; `nil` when no number starts at
    /// `start`. As in `strtod`, an exponent marker without digits (`"1e"`) ends the number
    /// before the marker.
    /// - Complexity: O(n) in the number's length; O(1) extra memory.
    // `@_transparent` rather than `@inline(__always)`: the optimizer declined the latter in
    // the (large) CSV field loop, and inlining there saves ~15 % of CSV ingest time.
    @_transparent
    static func parsePrefix(_ p: UnsafePointer<UInt8>, from start: Int, limit: Int, stop: inout Int) -> Double? {
        var i = start
        var negative = false
        if i < limit, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
            negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        let digitsStart = i
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        // Integer part: leading zeros are not significant.
        while i < limit, p[i] == UInt8(ascii: "0") { i += 1 }
        var sawDigit = i > digitsStart
        let integerStart = i
        accumulateDigits(p, at: &i, limit: limit, into: &mantissa)
        significantDigits = i - integerStart
        sawDigit = sawDigit || significantDigits > 0
        if i < limit, p[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            if significantDigits == 0 {
                while i < limit, p[i] == UInt8(ascii: "0") { i += 1 }
                exponent -= i - fractionStart
            }
            let significantStart = i
            accumulateDigits(p, at: &i, limit: limit, into: &mantissa)
            significantDigits += i - significantStart
            exponent -= i - significantStart
            sawDigit = sawDigit || i > fractionStart
        }
        guard sawDigit else {
            return parseSpecial(p, from: digitsStart, limit: limit, negative: negative, stop: &stop)
        }
        if i < limit, p[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            var exponentNegative = false
            if j < limit, p[j] == UInt8(ascii: "-") || p[j] == UInt8(ascii: "+") {
                exponentNegative = p[j] == UInt8(ascii: "-")
                j += 1
            }
            if j < limit, p[j] &- UInt8(ascii: "0") <= 9 {
                var written = 0
                while j < limit {
                    let digit = p[j] &- UInt8(ascii: "0")
                    if digit > 9 { break }
                    // Beyond any representable scale; saturating keeps the sum from overflowing.
                    if written < 100_000 { written = written * 10 + Int(digit) }
                    j += 1
                }
                exponent += exponentNegative ? -written : written
                i = j
            }
        }
        stop = i
        if significantDigits > 19 {
            return strtodFallback(p, from: start, to: i)
        }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        // Clinger's fast path.
        if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= exactPowerOfTen(-exponent) } else { value *= exactPowerOfTen(exponent) }
            return negative ? -value : value
        }
        guard let bits = eiselLemire(mantissa: mantissa, exponent: exponent) else {
            return strtodFallback(p, from: start, to: i)
        }
        let value = Double(bitPattern: bits)
        return negative ? -value : value
    }

    /// 10^e for 0 ≤ e ≤ 22, each exactly representable as a `Double`. A switch compiles to
    /// a constant table, without the lazy-initialization check of a global array.
    @inline(__always)
    static func exactPowerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// Reads the run of ASCII digits at `p[i]`, appending them to `mantissa` (wrapping:
    /// the caller falls back to `strtod` beyond 19 digits) and moving `i` past them.
    ///
    /// Eight bytes at a time (SWAR): the first non-digit byte is found without a branch
    /// per byte, and the digits before it are combined in three multiplications
    /// (Lemire 2021, section 6). Within 8 bytes of `limit` it goes byte by byte.
    @inline(__always)
    static func accumulateDigits(_ p: UnsafePointer<UInt8>, at i: inout Int, limit: Int, into mantissa: inout UInt64) {
        while i &+ 8 <= limit {
            // Digits become 0…9; a byte is flagged when its high nibble is set or it is ≥ 10
            // (adding 6 carries into the high nibble). A carry can only start at a flagged
            // byte, so the lowest flagged byte is always right.
            let digits = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) ^ 0x3030_3030_3030_3030
            let flagged = (digits | (digits &+ 0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0
            let count = flagged.trailingZeroBitCount &>> 3
            if count == 8 {
                mantissa = mantissa &* 100_000_000 &+ valueOfEightDigits(digits)
                i &+= 8
                continue
            }
            if count > 0 {
                // Shift the digits to the top; the zero bytes below act as leading zeros.
                let aligned = digits &<< UInt64(64 &- 8 &* count)
                mantissa = mantissa &* integerPowerOfTen(count) &+ valueOfEightDigits(aligned)
                i &+= count
            }
            return
        }
        while i < limit {
            let digit = p[i] &- UInt8(ascii: "0")
            if digit > 9 { return }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            i &+= 1
        }
    }

    /// 10^n for 1 ≤ n ≤ 7.
    @inline(__always)
    static func integerPowerOfTen(_ n: Int) -> UInt64 {
        switch n {
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        default: 10_000_000
        }
    }

    /// The value of 8 digit values 0…9 held little-endian in one word (first digit in the
    /// low byte), combined pairwise in three multiplications.
    @inline(__always)
    static func valueOfEightDigits(_ digits: UInt64) -> UInt64 {
        let pairs = (digits &* 10) &+ (digits &>> 8)
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let high = (pairs & mask) &* (100 &+ (1_000_000 << 32))
        let low = ((pairs &>> 16) & mask) &* (1 &+ (10_000 << 32))
        return (high &+ low) &>> 32
    }

    /// The bit pattern (sign excluded) of the `Double` nearest to `mantissa × 10^exponent`,
    /// or `nil` when the 128-bit product cannot decide and the caller must use `strtod`.
    ///
    /// `mantissa` is non-zero and below 10^19. Follows section 5 of Lemire (2021); the
    /// round-to-even check applies only where an exact halfway value is possible
    /// (−4 ≤ q ≤ 23 for binary64).
    /// - Complexity: O(1).
    static func eiselLemire(mantissa w: UInt64, exponent q: Int) -> UInt64? {
        if q < smallestPowerOfTen { return 0 }
        if q > largestPowerOfTen { return 0x7FF0_0000_0000_0000 }
        let leadingZeros = w.leadingZeroBitCount
        let normalized = w << UInt64(leadingZeros)
        let index = 2 * (q - smallestPowerOfTen)
        let (high, low) = powersOfFive128.withUnsafeBufferPointer { table -> (UInt64, UInt64) in
            var (high, low) = normalized.multipliedFullWidth(by: table[index])
            // 52 explicit bits + 3 for rounding: when the bits below them are all ones the
            // truncated table value may matter, so add the low word's contribution.
            let precisionMask: UInt64 = 0xFFFF_FFFF_FFFF_FFFF >> 55
            if high & precisionMask == precisionMask {
                let second = normalized.multipliedFullWidth(by: table[index + 1]).high
                let sum = low &+ second
                if second > sum { high &+= 1 }
                low = sum
            }
            return (high, low)
        }
        // Still ambiguous outside the range where the product is known to be exact enough.
        if low == UInt64.max, q < -27 || q > 55 { return nil }
        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit + 64 - 52 - 3)
        var m = high >> shift
        // floor(q × log2(10)) + 63, then the binary64 bias.
        var power2 = ((217_706 * q) >> 16) + 63 + upperBit - leadingZeros + 1023
        if power2 <= 0 {
            // Subnormal: shift into place and round (no exact halfway case exists here).
            if -power2 + 1 >= 64 { return 0 }
            m >>= UInt64(-power2 + 1)
            m += m & 1
            m >>= 1
            power2 = m < (1 << 52) ? 0 : 1
            return UInt64(power2) << 52 | m
        }
        if low <= 1, q >= -4, q <= 23, m & 3 == 1, m << shift == high {
            // Exactly halfway: clear the bit that would round up, so we round to even.
            m &= ~1
        }
        m += m & 1
        m >>= 1
        if m >= 2 << 52 {
            m = 1 << 52
            power2 += 1
        }
        m &= ~(1 << 52)
        if power2 >= 0x7FF { return 0x7FF0_0000_0000_0000 }
        return UInt64(power2) << 52 | m
    }

    /// `nan`, `inf` or `infinity` (any case) at `start`.
    @inline(never)
    static func parseSpecial(
        _ p: UnsafePointer<UInt8>, from start: Int, limit: Int, negative: Bool, stop: inout Int
    ) -> Double? {
        func matches(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard limit - start >= count else { return false }
            let letters = word.utf8Start
            for k in 0..<count where p[start + k] | 0x20 != letters[k] { return false }
            return true
        }
        if matches("nan") {
            stop = start + 3
            return .nan
        }
        if matches("infinity") {
            stop = start + 8
        } else if matches("inf") {
            stop = start + 3
        } else {
            return nil
        }
        return negative ? -.infinity : .infinity
    }

    /// `strtod` on a NUL-terminated copy of `p[start..<end]` (already validated as decimal).
    @inline(never)
    static func strtodFallback(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double {
        let count = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            let base = buffer.baseAddress!
            for k in 0..<count { base[k] = CChar(bitPattern: p[start + k]) }
            base[count] = 0
            return strtod(base, nil)
        }
    }
}
