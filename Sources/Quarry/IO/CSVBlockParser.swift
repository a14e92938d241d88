#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The numeric kernel of ``CSVTable``: parses a byte range of CSV records straight into
/// the table's column buffers, one field per step, with the number parser reading the field in place.
struct CSVBlockParser: @unchecked Sendable {
    // Sendable: read-only view of bytes owned by a MappedFile that outlives every use.

    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    let columnCount: Int
    /// Per column: a non-number there is an error, not a reason to make the column text.
    let required: [Bool]
    /// Told how many bytes each part has parsed (every 16,384 records, and at its end).
    var meter: ProgressMeter? = nil

    /// Why a block stopped early; for parallel parts this only means "parse sequentially".
    enum ProblemKind: Equatable {
        case ragged(found: Int)
        case unterminatedQuote
        case textAfterClosingQuote
        case notANumber(column: Int)
        /// A quote inside an unquoted field: fine sequentially, but it breaks quote parity.
        case strayQuote
        /// A record ran past the end of its part.
        case misaligned
    }

    struct Problem: Equatable {
        /// Where: the start of the field (or record, for a ragged row, or the quote).
        var offset: Int
        var kind: ProblemKind
    }

    /// One part's result; its values are in the column buffers, from its first row on.
    struct Block {
        var rows: Int
        /// Per column: a non-empty field that is not a number was seen (stored as NaN).
        var textColumns: [Bool]
        var problem: Problem?
    }

    // MARK: Splitting

    /// Splits `start..<end` into up to `parts` ranges that each begin at a record, and
    /// bounds each range's record count (its line feeds plus one).
    ///
    /// One parallel pass counts line feeds and quotes per equal slice. Without any `"` in
    /// the data a cut is just after the first line feed past a slice edge. With quotes, a
    /// line feed ends a record only when an even number of quotes precede it, so the
    /// search carries the parity of the quotes before the edge.
    /// - Complexity: O(n / cores) per core, plus O(record length) per cut.
    func split(from start: Int, parts: Int) -> (cuts: [Int], recordBounds: [Int]) {
        let end = bytes.count
        let size = end - start
        let p = bytes.baseAddress!
        guard parts > 1, size >= 1 << 20 else {
            return ([start, end], [1 + Self.countLineFeeds(p, from: start, to: end)])
        }
        let edges = (0...parts).map { $0 == parts ? end : start + size / parts * $0 }
        let counts = UnsafeMutableBufferPointer<(lineFeeds: Int, quotes: Int)>.allocate(capacity: parts)
        defer { counts.deallocate() }
        parallelFor(parts, threads: parts) { k in
            counts[k] = Self.countLineFeedsAndQuotes(p, from: edges[k], to: edges[k + 1])
        }
        let hasQuotes = counts.contains { $0.quotes > 0 }
        var cuts = [start]
        var quotesBefore = 0
        for k in 1..<parts {
            quotesBefore += counts[k - 1].quotes
            var i = edges[k]
            if !hasQuotes {
                if let newline = memchr(p + i, 0x0A, end - i) {
                    i = UnsafePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) - p
                } else {
                    i = end
                }
            } else {
                var parity = quotesBefore & 1
                while i < end {
                    let byte = p[i]
                    if byte == UInt8(ascii: "\"") { parity ^= 1 } else if byte == 0x0A, parity == 0 { break }
                    i += 1
                }
            }
            let cut = i + 1
            if cut > cuts.last!, cut < end { cuts.append(cut) }
        }
        cuts.append(end)
        // Line feeds before `x`: whole slices from the counts, the rest of x's slice directly.
        var lineFeedsBeforeEdge = [0]
        for k in 0..<parts { lineFeedsBeforeEdge.append(lineFeedsBeforeEdge[k] + counts[k].lineFeeds) }
        func lineFeeds(before x: Int) -> Int {
            var k = parts
            while edges[k] > x { k -= 1 }
            return lineFeedsBeforeEdge[k] + Self.countLineFeeds(p, from: edges[k], to: x)
        }
        let bounds = (0..<(cuts.count - 1)).map { j in 1 + lineFeeds(before: cuts[j + 1]) - lineFeeds(before: cuts[j]) }
        return (cuts, bounds)
    }

    /// Line feeds and quote characters in `p[start..<stop]`, 32 bytes per step.
    /// - Complexity: O(stop − start).
    static func countLineFeedsAndQuotes(_ p: UnsafePointer<UInt8>, from start: Int, to stop: Int) -> (lineFeeds: Int, quotes: Int) {
        var lineFeeds = 0
        var quotes = 0
        var i = start
        let lineFeed = SIMD32<UInt8>(repeating: 0x0A)
        let quote = SIMD32<UInt8>(repeating: UInt8(ascii: "\""))
        while i + 32 <= stop {
            var lineFeedLanes = SIMD32<UInt8>()
            var quoteLanes = SIMD32<UInt8>()
            let steps = min(255, (stop - i) / 32)
            for _ in 0..<steps {
                let chunk = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD32<UInt8>.self)
                lineFeedLanes &-= unsafeBitCast(chunk .== lineFeed, to: SIMD32<UInt8>.self)
                quoteLanes &-= unsafeBitCast(chunk .== quote, to: SIMD32<UInt8>.self)
                i += 32
            }
            for lane in 0..<32 {
                lineFeeds += Int(lineFeedLanes[lane])
                quotes += Int(quoteLanes[lane])
            }
        }
        while i < stop {
            if p[i] == 0x0A { lineFeeds += 1 } else if p[i] == UInt8(ascii: "\"") { quotes += 1 }
            i += 1
        }
        return (lineFeeds, quotes)
    }

    /// The number of `\n` bytes in `p[start..<stop]`, 32 bytes per step.
    /// - Complexity: O(stop − start).
    static func countLineFeeds(_ p: UnsafePointer<UInt8>, from start: Int, to stop: Int) -> Int {
        var count = 0
        var i = start
        let lineFeeds = SIMD32<UInt8>(repeating: 0x0A)
        while i + 32 <= stop {
            // Per-lane counters of at most 255 steps, then summed.
            var lanes = SIMD32<UInt8>()
            let steps = min(255, (stop - i) / 32)
            for _ in 0..<steps {
                let chunk = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD32<UInt8>.self)
                lanes &-= unsafeBitCast(chunk .== lineFeeds, to: SIMD32<UInt8>.self)
                i += 32
            }
            for lane in 0..<32 { count += Int(lanes[lane]) }
        }
        while i < stop {
            if p[i] == 0x0A { count += 1 }
            i += 1
        }
        return count
    }

    /// Parses each part on its own thread, part `k` writing from row `firstRows[k]` on.
    func parseInParallel(
        boundaries: [Int], firstRows: [Int], bounds: [Int],
        columns: UnsafeBufferPointer<UnsafeMutablePointer<Double>>, recordStarts: UnsafeMutablePointer<Int>
    ) -> [Block] {
        let parts = boundaries.count - 1
        let results = UnsafeMutableBufferPointer<Block?>.allocate(capacity: parts)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        parallelFor(parts, threads: parts) { k in
            results[k] = parse(from: boundaries[k], to: boundaries[k + 1], lenientQuotes: false, columns: columns,
                               recordStarts: recordStarts, firstRow: firstRows[k], rowLimit: firstRows[k] + bounds[k])
        }
        return results.map { $0! }
    }

    // MARK: Parsing

    @inline(__always)
    func isRecordEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        p[i] == 0x0A || (p[i] == 0x0D && i + 1 < end && p[i + 1] == 0x0A)
    }

    /// Parses the records starting in `start..<stop`.
    ///
    /// Stops at the first problem. `lenientQuotes` (the sequential pass) keeps a quote
    /// inside an unquoted field as text; otherwise it is a problem, since the split relied
    /// on quote parity.
    /// - Complexity: O(stop − start).
    /// `columns[c][firstRow + r]` receives row `r`'s value of column `c`; the caller sized
    /// the buffers from the record bounds of ``split(from:parts:)``.
    func parse(
        from start: Int, to stop: Int, lenientQuotes: Bool,
        columns: UnsafeBufferPointer<UnsafeMutablePointer<Double>>, recordStarts: UnsafeMutablePointer<Int>,
        firstRow: Int, rowLimit: Int
    ) -> Block {
        let end = bytes.count
        let p = bytes.baseAddress!
        let quote = UInt8(ascii: "\"")
        let delimiter = self.delimiter
        let columnCount = self.columnCount
        var textColumns = [Bool](repeating: false, count: columnCount)
        var rows = 0
        var row = firstRow
        var i = start
        var reported = start

        func finish(_ problem: Problem?) -> Block {
            Block(rows: rows, textColumns: textColumns, problem: problem)
        }

        while i < stop {
            // Blank lines are skipped.
            if p[i] == 0x0A { i += 1; continue }
            if p[i] == 0x0D, i + 1 < end, p[i + 1] == 0x0A { i += 2; continue }
            let recordStart = i
            // The buffers hold `rowLimit` rows; the line-feed count guarantees it suffices.
            precondition(row < rowLimit, "record bound exceeded")
            recordStarts[row] = recordStart
            var column = 0
            while true {
                let fieldStart = i
                var value = Double.nan
                if i < end, p[i] == quote {
                    // Quoted field: find the closing quote, then parse the content if it can be a number.
                    i += 1
                    var escaped = false
                    while true {
                        guard i < end else { return finish(Problem(offset: fieldStart, kind: .unterminatedQuote)) }
                        if p[i] == quote {
                            if i + 1 < end, p[i + 1] == quote { escaped = true; i += 2; continue }
                            break
                        }
                        i += 1
                    }
                    let contentStart = fieldStart + 1
                    let contentEnd = i
                    i += 1
                    if i < end, p[i] != delimiter, !isRecordEnd(p, i, end) {
                        return finish(Problem(offset: i, kind: .textAfterClosingQuote))
                    }
                    if contentEnd > contentStart {
                        if !escaped, let number = FastDoubleParser.parseField(p, from: contentStart, to: contentEnd) {
                            value = number
                        } else if column < columnCount {
                            if required[column] { return finish(Problem(offset: fieldStart, kind: .notANumber(column: column))) }
                            textColumns[column] = true
                        }
                    }
                } else {
                    var numberEnd = i
                    if let number = FastDoubleParser.parsePrefix(p, from: i, limit: end, stop: &numberEnd),
                       numberEnd == end || p[numberEnd] == delimiter || isRecordEnd(p, numberEnd, end) {
                        value = number
                        i = numberEnd
                    } else {
                        // Not a plain number: find the field's end, then look again (spaces, empty, text).
                        var j = i
                        while j < end, p[j] != delimiter, p[j] != 0x0A {
                            if p[j] == quote, !lenientQuotes { return finish(Problem(offset: j, kind: .strayQuote)) }
                            j += 1
                        }
                        var contentEnd = j
                        if j < end, contentEnd > i, p[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                        if contentEnd > i {
                            if let number = FastDoubleParser.parseField(p, from: i, to: contentEnd) {
                                value = number
                            } else if column < columnCount {
                                if required[column] { return finish(Problem(offset: fieldStart, kind: .notANumber(column: column))) }
                                textColumns[column] = true
                            }
                        }
                        i = j
                    }
                }
                if column < columnCount { columns[column][row] = value }
                column += 1
                if i >= end { break }
                if p[i] == delimiter { i += 1; continue }
                // Record end: CRLF or LF.
                i += p[i] == 0x0D ? 2 : 1
                break
            }
            if column != columnCount {
                return finish(Problem(offset: recordStart, kind: .ragged(found: column)))
            }
            rows += 1
            row += 1
            if rows & 0x3FFF == 0, let meter { meter.advance(by: i - reported); reported = i }
        }
        meter?.advance(by: Swift.min(i, stop) - reported)
        if i > stop { return finish(Problem(offset: stop, kind: .misaligned)) }
        return finish(nil)
    }

    // MARK: Text

    /// The fields of the `wanted` columns as text, for rows whose records start at
    /// `recordStarts` (data already validated by the numeric pass), in `parts` row ranges
    /// in parallel. Each record is read only up to its last wanted field.
    /// - Complexity: O(bytes up to the last wanted field of each record), plus the text made.
    func texts(recordStarts: UnsafeBufferPointer<Int>, wanted: [Bool], parts: Int) -> [[String]] {
        let rowCount = recordStarts.count
        let parts = max(1, min(parts, rowCount / 10_000))
        let results = UnsafeMutableBufferPointer<[[String]]>.allocate(capacity: parts)
        results.initialize(repeating: [])
        defer { results.deinitialize().deallocate() }
        parallelFor(parts, threads: parts) { k in
            let rows = (rowCount * k / parts)..<(rowCount * (k + 1) / parts)
            results[k] = texts(rows: rows, recordStarts: recordStarts, wanted: wanted)
        }
        var columns = [[String]](repeating: [], count: columnCount)
        for c in 0..<columnCount where wanted[c] {
            columns[c].reserveCapacity(rowCount)
            for part in results { columns[c] += part[c] }
        }
        return columns
    }

    /// The text of the `wanted` columns of `rows`.
    func texts(rows: Range<Int>, recordStarts: UnsafeBufferPointer<Int>, wanted: [Bool]) -> [[String]] {
        let end = bytes.count
        let p = bytes.baseAddress!
        let quote = UInt8(ascii: "\"")
        let lastWanted = wanted.lastIndex(of: true) ?? -1
        var out = [[String]](repeating: [], count: columnCount)
        for c in 0..<columnCount where wanted[c] { out[c].reserveCapacity(rows.count) }
        var scratch: [UInt8] = []
        for row in rows {
            var i = recordStarts[row]
            var column = 0
            while column <= lastWanted {
                let keep = wanted[column]
                if i < end, p[i] == quote {
                    let contentStart = i + 1
                    i += 1
                    var escaped = false
                    while i < end {
                        if p[i] == quote {
                            if i + 1 < end, p[i + 1] == quote { escaped = true; i += 2; continue }
                            break
                        }
                        i += 1
                    }
                    if keep {
                        if escaped {
                            scratch.removeAll(keepingCapacity: true)
                            var j = contentStart
                            while j < i {
                                scratch.append(p[j])
                                j += p[j] == quote ? 2 : 1
                            }
                            out[column].append(String(decoding: scratch, as: UTF8.self))
                        } else {
                            out[column].append(String(decoding: UnsafeBufferPointer(start: p + contentStart, count: i - contentStart), as: UTF8.self))
                        }
                    }
                    i += 1 // closing quote
                } else {
                    let fieldStart = i
                    while i < end, p[i] != delimiter, p[i] != 0x0A { i += 1 }
                    if keep {
                        var contentEnd = i
                        if i < end, contentEnd > fieldStart, p[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                        out[column].append(String(decoding: UnsafeBufferPointer(start: p + fieldStart, count: contentEnd - fieldStart), as: UTF8.self))
                    }
                }
                column += 1
                // Validated data: a delimiter follows every field but the record's last.
                i += 1
            }
        }
        return out
    }

    // MARK: Columns

    /// Makes `columnCount` arrays of `capacity` uninitialized doubles, lets `fill` write
    /// them through raw pointers (all at once, from any thread) and keeps the first `count`
    /// values it reports. Writing the final arrays in place avoids a copy of every value.
    static func makeColumns(
        _ columnCount: Int, capacity: Int, fill: (UnsafeBufferPointer<UnsafeMutablePointer<Double>>) -> Int
    ) -> [[Double]] {
        var pointers: [UnsafeMutablePointer<Double>] = []
        pointers.reserveCapacity(columnCount)
        var count = 0
        guard columnCount <= 256 else {
            // Too many levels of recursion for a small thread stack: fill, then copy.
            for _ in 0..<columnCount { pointers.append(.allocate(capacity: max(capacity, 1))) }
            count = pointers.withUnsafeBufferPointer { fill($0) }
            return pointers.map { pointer in
                defer { pointer.deallocate() }
                return Array(UnsafeBufferPointer(start: pointer, count: count))
            }
        }
        // Each level opens one array's storage and recurses; the innermost runs `fill`.
        func open(_ c: Int) -> [[Double]] {
            if c == columnCount {
                count = pointers.withUnsafeBufferPointer { fill($0) }
                return []
            }
            var rest: [[Double]] = []
            let column = [Double](unsafeUninitializedCapacity: max(capacity, 1)) { buffer, initialized in
                pointers.append(buffer.baseAddress!)
                rest = open(c + 1)
                initialized = count
            }
            return [column] + rest
        }
        return open(0)
    }

    // MARK: Errors

    /// The public error for a sequential pass's problem, with physical line and column.
    func error(_ problem: Problem, path: String, header: [String]) -> CSVError {
        let p = bytes.baseAddress!
        var line = 1
        for i in 0..<problem.offset where p[i] == 0x0A { line += 1 }
        // The field number of `offset`: fields counted from the record start, outside quotes.
        func fieldNumber(at offset: Int) -> Int {
            var recordStart = offset
            // Walk back to the record start: the last LF outside quotes before offset.
            var inQuotes = false
            var candidate = 0
            var i = 0
            // A forward scan from the beginning is exact with quotes; error paths only.
            while i < offset {
                if p[i] == UInt8(ascii: "\"") { inQuotes.toggle() } else if p[i] == 0x0A, !inQuotes { candidate = i + 1 }
                i += 1
            }
            recordStart = candidate
            var field = 1
            inQuotes = false
            for j in recordStart..<offset {
                if p[j] == UInt8(ascii: "\"") { inQuotes.toggle() } else if p[j] == delimiter, !inQuotes { field += 1 }
            }
            return field
        }
        func name(_ field: Int) -> String? { field - 1 < header.count ? header[field - 1] : nil }
        switch problem.kind {
        case .ragged(let found):
            return CSVError(path: path, line: line, problem: .raggedRow(expected: columnCount, found: found))
        case .unterminatedQuote:
            let field = fieldNumber(at: problem.offset)
            return CSVError(path: path, line: line, column: field, columnName: name(field), problem: .unterminatedQuote)
        case .textAfterClosingQuote:
            let field = fieldNumber(at: problem.offset - 1)
            return CSVError(path: path, line: line, column: field, columnName: name(field),
                            problem: .textAfterClosingQuote(found: CSVReader.describe(p[problem.offset])))
        case .notANumber(let column):
            // The field's text as the reader would give it: unquoted, `""` → `"`.
            let quote = UInt8(ascii: "\"")
            let end = bytes.count
            var text: [UInt8] = []
            var j = problem.offset
            if p[j] == quote {
                j += 1
                while j < end {
                    if p[j] == quote {
                        guard j + 1 < end, p[j + 1] == quote else { break }
                        j += 1
                    }
                    text.append(p[j])
                    j += 1
                }
            } else {
                while j < end, p[j] != delimiter, p[j] != 0x0A { text.append(p[j]); j += 1 }
                if text.last == 0x0D { text.removeLast() }
            }
            return CSVError(path: path, line: line, column: column + 1, columnName: header[column],
                            problem: .notANumber(found: String(decoding: text, as: UTF8.self)))
        case .strayQuote, .misaligned:
            preconditionFailure("only parallel parts report \(problem.kind)")
        }
    }
}
