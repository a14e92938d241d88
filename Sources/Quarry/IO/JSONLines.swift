/// Reads a JSON Lines file: one JSON value per line, blank lines skipped.
///
/// The file is memory-mapped (or read, for a pipe) and parsed one line at a time, so only
/// the current value is materialized. Errors name the file, the physical line and column.
///
/// ```swift
/// let reader = try JSONLinesReader(path: "pairs.jsonl")
/// while let (value, line) = try reader.next() {
///     guard let q = value["query_id"]?.intValue else { … }
/// }
/// ```
/// - Complexity: O(n) in the file size over the whole iteration.
public final class JSONLinesReader {
    /// The file's bytes.
    package let file: MappedFile
    private var position = 0
    private var lineNumber = 0

    /// Bytes of the file consumed so far (for progress).
    public var bytesRead: Int { min(position, file.bytes.count) }

    /// Opens `path` (`-` for standard input).
    /// - Throws: ``IOFailure`` when it cannot be opened or read.
    public init(path: String) throws {
        file = try MappedFile(path: path)
    }

    /// The next non-blank line's value and its 1-based line number; `nil` at the end.
    /// - Throws: ``JSONParseError`` naming the file, line and column.
    public func next() throws -> (value: JSONValue, line: Int)? {
        let bytes = file.bytes
        while position < bytes.count {
            let start = position
            var stop = start
            while stop < bytes.count, bytes[stop] != 0x0A { stop += 1 }
            position = stop + 1
            lineNumber += 1
            var content = stop
            if content > start, bytes[content - 1] == 0x0D { content -= 1 }
            var blank = true
            for i in start..<content where bytes[i] != 0x20 && bytes[i] != 0x09 {
                blank = false
                break
            }
            if blank { continue }
            var parser = JSONParser(bytes: bytes, start: start, end: content)
            parser.firstLine = lineNumber
            parser.path = file.path
            return (try parser.parseDocument(), lineNumber)
        }
        return nil
    }

    /// Reads every value of the file at `path`.
    public static func readAll(path: String) throws -> [JSONValue] {
        let reader = try JSONLinesReader(path: path)
        var values: [JSONValue] = []
        while let (value, _) = try reader.next() { values.append(value) }
        return values
    }
}

/// Writes JSON Lines atomically: values go to a temporary file that replaces `path` only
/// on ``commit()``; if the writer is dropped without committing, nothing appears.
///
/// ```swift
/// let out = try JSONLinesWriter(path: "triplets.jsonl")
/// try out.write(["query_id": 3, "negative_id": 17])
/// try out.commit()
/// ```
public final class JSONLinesWriter {
    private let file: AtomicFile
    private var buffer = ""

    /// Starts writing `path` (through a temporary file beside it).
    /// - Throws: ``IOFailure`` with `.cannotCreate`.
    public init(path: String) throws {
        file = try AtomicFile(path: path)
    }

    /// Appends one value as a compact JSON line.
    public func write(_ value: JSONValue) throws {
        value.write(to: &buffer, pretty: false, indent: 0)
        buffer += "\n"
        if buffer.utf8.count >= 1 << 16 { try flush() }
    }

    /// Writes any buffered lines, flushes and renames the file into place.
    public func commit() throws {
        try flush()
        try file.commit()
    }

    /// Abandons the output; the destination is left as it was.
    public func discard() { file.discard() }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try file.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `values` to `path` atomically, one per line.
    public static func write(_ values: [JSONValue], to path: String) throws {
        let writer = try JSONLinesWriter(path: path)
        for value in values { try writer.write(value) }
        try writer.commit()
    }
}
