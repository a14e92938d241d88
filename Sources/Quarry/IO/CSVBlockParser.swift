import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands a value that is safe to share by construction (disjoint writes, read-only views)
/// to `DispatchQueue.concurrentPerform`, whose closure must be `@Sendable`.
struct IOSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The numeric kernel of ``CSVTable``: parses a byte range of CSV records straight into
/// row-major doubles, one field per step, with the number parser reading the field in place.
struct CSVBlockParser: @unchecked Sendable {
    // Sendable: read-only view of bytes owned by a MappedFile that outlives every use.

    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    let columnCount: Int
    /// Per column: a non-number there is an error, not a reason to make the column text.
    let required: [Bool]

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

    /// One part's result: `rows × columnCount` values, row after row.
    struct Block {
        var values: [Double]
        var rows: Int
        /// Per column: a non-empty field that is not a number was seen (stored as NaN).
        var textColumns: [Bool]
        var problem: Problem?
    }

    // MARK: Splitting

    /// Up to `parts + 1` offsets from `start` to the end, each the start of a record.
    ///
    /// Without any `"` in the data a boundary is just after a line feed. With quotes, a
    /// line feed ends a record only when an even number of quotes precede it, so each
    /// part's quotes are counted in parallel and the parity carried into the search.
    /// - Complexity: O(n / cores) per core for the quote count; O(record length) per boundary.
    func boundaries(from start: Int, parts: Int) -> [Int] {
        let end = bytes.count
        let size = end - start
        guard parts > 1, size >= 1 << 20 else { return [start, end] }
        let p = bytes.baseAddress!
        let nominal = (1..<parts).map { start + size / parts * $0 }
        let hasQuotes = memchr(p + start, Int32(UInt8(ascii: "\"")), size) != nil
        var cuts = [start]
        if !hasQuotes {
            for target in nominal {
                guard let newline = memchr(p + target, 0x0A, end - target) else { break }
                let cut = UnsafePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) - p + 1
                if cut > cuts.last!, cut < end { cuts.append(cut) }
            }
        } else {
            // Quote counts of [previous nominal, nominal) ranges, in parallel.
            let edges = [start] + nominal + [end]
            let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
            defer { counts.deallocate() }
            let shared = IOSendable((p, counts))
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                let (p, counts) = shared.value
                var n = 0
                for i in edges[k]..<edges[k + 1] where p[i] == UInt8(ascii: "\"") { n += 1 }
                counts[k] = n
            }
            var quotesBefore = 0
            for k in 1..<parts {
                quotesBefore += counts[k - 1]
                var parity = quotesBefore & 1
                var i = edges[k]
                while i < end {
                    let byte = p[i]
                    if byte == UInt8(ascii: "\"") { parity ^= 1 } else if byte == 0x0A, parity == 0 { break }
                    i += 1
                }
                let cut = i + 1
                if cut > cuts.last!, cut < end { cuts.append(cut) }
            }
        }
        cuts.append(end)
        return cuts
    }

    /// Parses each part on its own thread.
    func parseInParallel(boundaries: [Int]) -> [Block] {
        let parts = boundaries.count - 1
        let results = UnsafeMutableBufferPointer<Block?>.allocate(capacity: parts)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let shared = IOSendable(results)
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            shared.value[k] = parse(from: boundaries[k], to: boundaries[k + 1], lenientQuotes: false)
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
    func parse(from start: Int, to stop: Int, lenientQuotes: Bool) -> Block {
        let end = bytes.count
        let p = bytes.baseAddress!
        let quote = UInt8(ascii: "\"")
        let delimiter = self.delimiter
        let columnCount = self.columnCount
        var values: [Double] = []
        // About 8 bytes per field is typical of numeric data; growth handles the rest.
        values.reserveCapacity(max(16, (stop - start) / 8))
        var textColumns = [Bool](repeating: false, count: columnCount)
        var rows = 0
        var i = start

        func finish(_ problem: Problem?) -> Block {
            Block(values: values, rows: rows, textColumns: textColumns, problem: problem)
        }

        while i < stop {
            // Blank lines are skipped.
            if p[i] == 0x0A { i += 1; continue }
            if p[i] == 0x0D, i + 1 < end, p[i + 1] == 0x0A { i += 2; continue }
            let recordStart = i
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
                if column < columnCount { values.append(value) }
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
        }
        if i > stop { return finish(Problem(offset: stop, kind: .misaligned)) }
        return finish(nil)
    }

    // MARK: Columns

    /// Columns from row-major blocks, transposed in cache-sized tiles on all cores;
    /// text columns are left empty.
    /// - Complexity: O(rows × columns).
    func transpose(_ blocks: [Block], rowCount: Int, skipping isText: [Bool]) -> [[Double]] {
        let columnCount = self.columnCount
        var firstRow: [Int] = []
        var r = 0
        for block in blocks { firstRow.append(r); r += block.rows }
        let tileRows = 2048
        // Tiles per block, so each tile reads one block.
        var tiles: [(block: Int, row: Int)] = []
        for (b, block) in blocks.enumerated() {
            var row = 0
            while row < block.rows { tiles.append((b, row)); row += tileRows }
        }
        let outputs = (0..<columnCount).map { c in
            isText[c] ? UnsafeMutableBufferPointer<Double>(start: nil, count: 0)
                : UnsafeMutableBufferPointer<Double>.allocate(capacity: rowCount)
        }
        let wanted = (0..<columnCount).filter { !isText[$0] }
        let shared = IOSendable((outputs, tiles, firstRow))
        DispatchQueue.concurrentPerform(iterations: tiles.count) { t in
            let (outputs, tiles, firstRow) = shared.value
            let (b, row) = tiles[t]
            let block = blocks[b]
            let count = min(tileRows, block.rows - row)
            let target = firstRow[b] + row
            block.values.withUnsafeBufferPointer { source in
                for c in wanted {
                    let out = outputs[c].baseAddress! + target
                    var index = row * columnCount + c
                    for k in 0..<count {
                        out[k] = source[index]
                        index += columnCount
                    }
                }
            }
        }
        return (0..<columnCount).map { c in
            guard !isText[c] else { return [] }
            let buffer = outputs[c]
            defer { buffer.deallocate() }
            return Array(buffer)
        }
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
            var reader = CSVField(range: problem.offset..<problem.offset, isQuoted: false, hasEscapedQuotes: false)
            var j = problem.offset
            let end = bytes.count
            if p[j] == UInt8(ascii: "\"") {
                j += 1
                while j < end, !(p[j] == UInt8(ascii: "\"") && !(j + 1 < end && p[j + 1] == UInt8(ascii: "\""))) {
                    j += p[j] == UInt8(ascii: "\"") ? 2 : 1
                }
                reader = CSVField(range: (problem.offset + 1)..<j, isQuoted: true, hasEscapedQuotes: true)
            } else {
                while j < end, p[j] != delimiter, p[j] != 0x0A { j += 1 }
                if j > problem.offset, p[j - 1] == 0x0D { j -= 1 }
                reader.range = problem.offset..<j
            }
            var text: [UInt8] = []
            var k = reader.range.lowerBound
            while k < reader.range.upperBound {
                text.append(p[k])
                k += reader.isQuoted && p[k] == UInt8(ascii: "\"") ? 2 : 1
            }
            return CSVError(path: path, line: line, column: column + 1, columnName: header[column],
                            problem: .notANumber(found: String(decoding: text, as: UTF8.self)))
        case .strayQuote, .misaligned:
            preconditionFailure("only parallel parts report \(problem.kind)")
        }
    }
}
