/// The parsed preamble of an `.npy` file: element type, shape and where the data starts.
///
/// The header is a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (5000, 384), }`, after the magic
/// `\x93NUMPY`, a version byte pair and a 2-byte (v1) or 4-byte (v2, v3) little-endian
/// length.
package struct NPYHeader: Sendable, Equatable {
    /// The element type.
    public let scalarType: NPYScalarType
    /// The first dimension.
    public let rows: Int
    /// The second dimension.
    public let columns: Int
    /// The byte offset of the first element.
    public let dataOffset: Int
    /// The format's major version (1, 2 or 3).
    public let majorVersion: Int

    /// Parses and checks the header of `file`, including that the data is complete.
    /// - Throws: ``NPYFormatError`` naming the file and what was found.
    public init(file: MappedFile) throws {
        let bytes = file.bytes
        func fail(_ problem: String) -> NPYFormatError { NPYFormatError(path: file.path, problem: problem) }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw fail(bytes.isEmpty ? "the file is empty" : "missing the \\x93NUMPY magic string (found \(bytes.count < 6 ? "\(bytes.count) bytes" : "different leading bytes"))")
        }
        majorVersion = Int(bytes[6])
        let headerLength: Int
        let headerStart: Int
        switch majorVersion {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported format version \(majorVersion).\(bytes[7]) (expected 1.0, 2.0 or 3.0)")
        }
        guard headerStart + headerLength <= bytes.count else {
            throw fail("truncated header: it declares \(headerLength) bytes, the file has \(bytes.count - headerStart) after the preamble")
        }
        guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[headerStart..<(headerStart + headerLength)]), as: UTF8.self) else {
            throw fail("the header is not text")
        }
        dataOffset = headerStart + headerLength
        let dictionary: [String: NPYHeaderLiteral]
        do {
            dictionary = try NPYHeaderLiteral.parseDictionary(text)
        } catch let problem as NPYHeaderLiteral.SyntaxError {
            throw fail("malformed header \(text.trimmingSpaces().truncated(to: 160)): \(problem.reason)")
        }
        guard case .string(let descr)? = dictionary["descr"] else {
            throw fail("the header has no 'descr' string (found \(dictionary["descr"].map { "\($0)" } ?? "none"))")
        }
        guard let type = NPYScalarType(rawValue: descr) else {
            let hint: String
            switch descr {
            case ">f4", ">f8": hint = "big-endian floats; convert with arr.astype('<f4')"
            case "<f2", "|f2", ">f2": hint = "half-precision floats; convert with arr.astype('<f4')"
            default: hint = "only '<f4' (float32) and '<f8' (float64) are supported"
            }
            throw fail("dtype '\(descr)': \(hint)")
        }
        scalarType = type
        guard case .bool(let fortran)? = dictionary["fortran_order"] else {
            throw fail("the header has no 'fortran_order' True/False")
        }
        guard case .tuple(let shape)? = dictionary["shape"] else {
            throw fail("the header has no 'shape' tuple")
        }
        guard shape.count == 2 else {
            let rendered = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
            throw fail("expected a 2-D array, found shape \(rendered)")
        }
        if fortran, shape[0] > 1, shape[1] > 1 {
            throw fail("fortran_order is True; save a C-ordered array (np.ascontiguousarray)")
        }
        rows = shape[0]
        columns = shape[1]
        let (elements, overflow1) = rows.multipliedReportingOverflow(by: columns)
        let (expected, overflow2) = elements.multipliedReportingOverflow(by: type.size)
        guard !overflow1, !overflow2 else { throw fail("shape (\(rows), \(columns)) is too large") }
        let available = bytes.count - dataOffset
        guard available == expected else {
            throw fail("shape (\(rows), \(columns)) of \(descr) needs \(expected) data bytes, found \(available)\(available < expected ? " (truncated)" : "")")
        }
    }

    /// The preamble and padded header for an array of this shape and type: version 1 when
    /// the header fits in 65,535 bytes, else version 2; data aligned to 64 bytes.
    static func encode(type: NPYScalarType, rows: Int, columns: Int) -> [UInt8] {
        let dictionary = "{'descr': '\(type.rawValue)', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        var preamble = 10
        var padded = dictionary.utf8.count + 1
        padded += (64 - (preamble + padded) % 64) % 64
        if padded > 0xFFFF {
            preamble = 12
            padded = dictionary.utf8.count + 1
            padded += (64 - (preamble + padded) % 64) % 64
            bytes += [2, 0]
            bytes += withUnsafeBytes(of: UInt32(padded).littleEndian, Array.init)
        } else {
            bytes += [1, 0]
            bytes += withUnsafeBytes(of: UInt16(padded).littleEndian, Array.init)
        }
        bytes += Array(dictionary.utf8)
        bytes += [UInt8](repeating: 0x20, count: padded - dictionary.utf8.count - 1)
        bytes.append(0x0A)
        return bytes
    }
}

/// The few Python literals an `.npy` header holds.
enum NPYHeaderLiteral: Equatable, CustomStringConvertible {
    case string(String)
    case bool(Bool)
    case tuple([Int])
    case other(String)

    struct SyntaxError: Error {
        let reason: String
    }

    var description: String {
        switch self {
        case .string(let s): "'\(s)'"
        case .bool(let b): b ? "True" : "False"
        case .tuple(let t): "(" + t.map(String.init).joined(separator: ", ") + ")"
        case .other(let s): s
        }
    }

    /// Parses `{'key': value, …}` where values are strings, booleans, tuples of integers
    /// or anything else up to the next top-level comma (kept as text, e.g. a list descr).
    static func parseDictionary(_ text: String) throws -> [String: NPYHeaderLiteral] {
        let chars = Array(text.unicodeScalars)
        var i = 0
        func skipSpace() { while i < chars.count, chars[i] == " " || chars[i] == "\n" || chars[i] == "\t" { i += 1 } }
        func expect(_ c: Unicode.Scalar) throws {
            skipSpace()
            guard i < chars.count, chars[i] == c else { throw SyntaxError(reason: "expected '\(c)'") }
            i += 1
        }
        func quoted() throws -> String {
            skipSpace()
            guard i < chars.count, chars[i] == "'" || chars[i] == "\"" else { throw SyntaxError(reason: "expected a quoted key") }
            let quote = chars[i]
            i += 1
            var s = String.UnicodeScalarView()
            while i < chars.count, chars[i] != quote { s.append(chars[i]); i += 1 }
            guard i < chars.count else { throw SyntaxError(reason: "unterminated string") }
            i += 1
            return String(s)
        }
        func value() throws -> NPYHeaderLiteral {
            skipSpace()
            guard i < chars.count else { throw SyntaxError(reason: "expected a value") }
            if chars[i] == "'" || chars[i] == "\"" { return .string(try quoted()) }
            if chars[i] == "(" {
                i += 1
                var items: [Int] = []
                while true {
                    skipSpace()
                    if i < chars.count, chars[i] == ")" { i += 1; break }
                    var digits = ""
                    while i < chars.count, ("0"..."9").contains(chars[i]) { digits.unicodeScalars.append(chars[i]); i += 1 }
                    // Python 2 era headers may write "3L".
                    if i < chars.count, chars[i] == "L" { i += 1 }
                    guard let n = Int(digits) else { throw SyntaxError(reason: "expected a non-negative integer in the shape") }
                    items.append(n)
                    skipSpace()
                    if i < chars.count, chars[i] == "," { i += 1; continue }
                    try expect(")")
                    break
                }
                return .tuple(items)
            }
            var depth = 0
            var s = String.UnicodeScalarView()
            while i < chars.count {
                let c = chars[i]
                if depth == 0, c == "," || c == "}" { break }
                if c == "[" || c == "(" || c == "{" { depth += 1 }
                if c == "]" || c == ")" || c == "}" { depth -= 1 }
                s.append(c)
                i += 1
            }
            let word = String(s).trimmingSpaces()
            if word == "True" { return .bool(true) }
            if word == "False" { return .bool(false) }
            return .other(word)
        }
        var result: [String: NPYHeaderLiteral] = [:]
        try expect("{")
        while true {
            skipSpace()
            if i < chars.count, chars[i] == "}" { i += 1; break }
            let key = try quoted()
            try expect(":")
            result[key] = try value()
            skipSpace()
            if i < chars.count, chars[i] == "," { i += 1; continue }
            try expect("}")
            break
        }
        return result
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
