/// A JSON text that does not follow RFC 8259, with where and what.
public struct JSONParseError: QuarryFailure {
    public var kind: FailureKind { .dataError }
    /// The file the text came from, when known.
    public var path: String?
    /// 1-based line of the offending character (in the file, for JSON Lines).
    public var line: Int
    /// 1-based column (in bytes) of the offending character.
    public var column: Int
    /// What the grammar allowed there.
    public var expected: String
    /// What was there instead.
    public var found: String

    public init(path: String? = nil, line: Int, column: Int, expected: String, found: String) {
        self.path = path
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found
    }

    public var message: String {
        let place = path.map { "\($0):" } ?? ""
        return "\(place)\(line):\(column): invalid JSON: expected \(expected), found \(found)"
    }
}

extension JSONValue {
    /// Parses one JSON value (RFC 8259) from UTF-8 text; whitespace may surround it.
    ///
    /// Numbers are converted correctly rounded (as `strtod`); one too large for a `Double`
    /// (`1e400`) is an error rather than an infinity, which JSON cannot write back; `\u` escapes, including
    /// surrogate pairs, are decoded; duplicate object keys are kept in order.
    /// - Throws: ``JSONParseError`` with the line and column of the first error.
    /// - Complexity: O(n) in the length of the text; nesting deeper than 512 is an error.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { try parse($0) }
    }

    /// Parses one JSON value from a string.
    public static func parse(_ string: String) throws -> JSONValue {
        var string = string
        return try string.withUTF8 { try parse($0) }
    }

    /// Parses one JSON value from UTF-8 bytes.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, start: 0, end: bytes.count)
        return try parser.parseDocument()
    }
}

/// Recursive-descent JSON parser over a byte range; errors carry byte offsets that are
/// turned into line and column only when thrown.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let end: Int
    /// Line and column reported for `lineStart`, for parsing one line of a larger file.
    var firstLine = 1
    var lineStart: Int
    var path: String?
    var depth = 0

    static let maximumDepth = 512

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
        self.bytes = bytes
        self.position = start
        self.end = end
        self.lineStart = start
    }

    mutating func parseDocument() throws -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if position < end { throw error(expected: "end of input") }
        return value
    }

    // MARK: Values

    mutating func parseValue() throws -> JSONValue {
        guard position < end else { throw error(expected: "a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error(expected: "a value")
        }
    }

    mutating func parseObject() throws -> JSONValue {
        try enter()
        position += 1
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < end, bytes[position] == UInt8(ascii: "\"") else {
                throw error(expected: members.isEmpty ? "a string key or '}'" : "a string key")
            }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after the key")
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            guard position < end else { throw error(expected: "',' or '}'") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; break }
            throw error(expected: "',' or '}'")
        }
        depth -= 1
        return .object(members)
    }

    mutating func parseArray() throws -> JSONValue {
        try enter()
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard position < end else { throw error(expected: "',' or ']'") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; break }
            throw error(expected: "',' or ']'")
        }
        depth -= 1
        return .array(items)
    }

    mutating func enter() throws {
        depth += 1
        if depth > Self.maximumDepth { throw error(expected: "nesting of at most \(Self.maximumDepth) levels") }
    }

    /// The RFC 8259 number grammar, then correctly rounded conversion.
    mutating func parseNumber() throws -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < end, isDigit(bytes[position]) else { throw error(expected: "a digit after '-'") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < end, isDigit(bytes[position]) { throw error(expected: "'.', 'e' or the end of the number after a leading 0") }
        } else {
            while position < end, isDigit(bytes[position]) { position += 1 }
        }
        if position < end, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < end, isDigit(bytes[position]) else { throw error(expected: "a digit after '.'") }
            while position < end, isDigit(bytes[position]) { position += 1 }
        }
        if position < end, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < end, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < end, isDigit(bytes[position]) else { throw error(expected: "a digit in the exponent") }
            while position < end, isDigit(bytes[position]) { position += 1 }
        }
        var stop = start
        let value = FastDoubleParser.parsePrefix(bytes.baseAddress!, from: start, limit: position, stop: &stop)
        // The grammar above is a subset of what the number parser accepts.
        guard let value, stop == position else { preconditionFailure("validated JSON number rejected") }
        guard value.isFinite else {
            let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(position, start + 40)]), as: UTF8.self)
            throw error(at: start, expected: "a number within the range of a 64-bit float (magnitude at most 1.7976931348623157e308)",
                        found: "'\(literal)\(position - start > 40 ? "…" : "")'")
        }
        return value
    }

    mutating func parseString() throws -> String {
        position += 1 // opening quote
        var utf8: [UInt8] = []
        var runStart = position
        while true {
            guard position < end else { throw error(expected: "'\"' closing the string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw error(expected: "'\"' or a character (control characters must be escaped)") }
            if byte != UInt8(ascii: "\\") { position += 1; continue }
            utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
            position += 1
            guard position < end else { throw error(expected: "an escape character") }
            switch bytes[position] {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                position += 1
                let scalar = try parseUnicodeEscape()
                utf8.append(contentsOf: String(Character(scalar)).utf8)
                runStart = position
                continue
            default:
                throw error(expected: "one of '\"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u' after '\\'")
            }
            position += 1
            runStart = position
        }
        let closing = position
        position += 1
        if utf8.isEmpty {
            let run = UnsafeBufferPointer(rebasing: bytes[runStart..<closing])
            guard let text = String(validating: run, as: UTF8.self) else { throw invalidUTF8(from: runStart, to: closing) }
            return text
        }
        utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<closing]))
        guard let text = String(validating: utf8, as: UTF8.self) else { throw invalidUTF8(from: runStart, to: closing) }
        return text
    }

    /// Four hex digits after `\u` (position on the first), and a low surrogate after a high one.
    mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let first = try hex4()
        if (0xDC00...0xDFFF).contains(first) {
            position -= 4
            throw error(expected: "a high surrogate or a non-surrogate code point", found: "lone low surrogate \\u\(hexString(first))")
        }
        guard (0xD800...0xDBFF).contains(first) else { return Unicode.Scalar(first)! }
        guard position + 1 < end, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
            throw error(expected: "'\\u' with a low surrogate after the high surrogate \\u\(hexString(first))")
        }
        position += 2
        let second = try hex4()
        guard (0xDC00...0xDFFF).contains(second) else {
            position -= 4
            throw error(expected: "a low surrogate (DC00–DFFF)", found: "\\u\(hexString(second))")
        }
        let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        return Unicode.Scalar(value)!
    }

    mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < end else { throw error(expected: "4 hex digits after '\\u'") }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(expected: "4 hex digits after '\\u'")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    mutating func literal(_ word: StaticString) throws {
        let letters = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for letter in letters {
            guard position < end, bytes[position] == letter else { throw error(expected: "'\(word)'") }
            position += 1
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard position < end, bytes[position] == byte else { throw error(expected: what) }
        position += 1
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") <= 9 }

    func hexString(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: Errors

    /// An error at the current position describing the byte found there.
    func error(expected: String, found: String? = nil) -> JSONParseError {
        error(at: position, expected: expected, found: found ?? describe(at: position))
    }

    func invalidUTF8(from start: Int, to stop: Int) -> JSONParseError {
        var offset = start
        // Locate the first byte that does not decode, for the column.
        var iterator = UnsafeBufferPointer(rebasing: bytes[start..<stop]).makeIterator()
        var decoder = UTF8()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): consumed += UTF8.width(scalar)
            case .emptyInput: break loop
            case .error: break loop
            }
        }
        offset = start + consumed
        return error(at: offset, expected: "valid UTF-8 text", found: String(format16: bytes[offset]))
    }

    func error(at offset: Int, expected: String, found: String) -> JSONParseError {
        var line = firstLine
        var column = 1
        var i = lineStart
        while i < offset {
            if bytes[i] == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        return JSONParseError(path: path, line: line, column: column, expected: expected, found: found)
    }

    /// A short rendering of what is at `offset`: end of input, a quoted character, or a byte.
    func describe(at offset: Int) -> String {
        guard offset < end else { return "end of input" }
        let byte = bytes[offset]
        switch byte {
        case 0x0A: return "a line break"
        case 0x0D: return "a carriage return"
        case 0x09: return "a tab"
        case 0x20: return "a space"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default: return String(format16: byte)
        }
    }
}

extension String {
    /// "byte 0xAB", for reporting bytes that are not printable ASCII.
    init(format16 byte: UInt8) {
        let digits = String(byte, radix: 16, uppercase: true)
        self = "byte 0x" + (digits.count == 1 ? "0" : "") + digits
    }
}
