/// Appends `JSONValue`s as compact JSON straight into a byte buffer.
///
/// Produces exactly the bytes of ``JSONValue/serialized(pretty:)`` (same escapes, same
/// number forms) but works on UTF-8 bytes instead of appending unicode scalars to a
/// `String`, which made writing long passage texts the slowest stage of a mining run.
enum JSONLineEncoder {
    /// Appends `value` to `out`.
    /// - Complexity: O(size of the JSON text).
    static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out += [0x6E, 0x75, 0x6C, 0x6C]
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number:
            out += Array(value.serialized().utf8)
        case .string(let s): appendString(s, to: &out)
        case .array(let items):
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                append(item, to: &out)
            }
            out.append(0x5D)
        case .object(let members):
            out.append(0x7B)
            for (i, (key, item)) in members.enumerated() {
                if i > 0 { out.append(0x2C) }
                appendString(key, to: &out)
                out.append(0x3A)
                append(item, to: &out)
            }
            out.append(0x7D)
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a quoted JSON string.
    /// - Complexity: O(UTF-8 length); runs of bytes that need no escape are copied in bulk,
    ///   which is what matters for long passage texts.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for i in bytes.indices {
                let b = bytes[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                switch b {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                default: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
                }
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        out.append(0x22)
    }
}
