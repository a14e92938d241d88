#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The binary file a corpus shard writes and `quarry merge` reads (format version 1).
///
/// Layout, little-endian:
/// ```
/// "QRYPART1"                         8 bytes magic
/// UInt32 headerLength, header        JSON object: shard_index, shard_count, corpus_rows,
///                                    slice_start, slice_end, dimension, queries,
///                                    queries_checksum, depth, range_max, max_positives,
///                                    duplicate_rows, collapse_identical_vectors,
///                                    query_block_index, query_block_count, quarry_version
/// then, for each query in task order:
///   UInt32 P, P × positive record     the query's positives
///   UInt32 C, C × candidate record    its best C ≤ depth candidates in the slice, best first
/// record = Int64 row, Float32 score, UInt64 vector key, UInt64 text key   (28 bytes)
/// ```
/// A shard's file is O(queries × depth) whatever its slice size; merging streams one
/// query record at a time from every part.
package enum PartialCandidateFile {
    static let magic = Array("QRYPART1".utf8)
    static let recordSize = 28

    /// Writes `shard` to `path` atomically.
    public static func write(_ shard: ShardCandidates, task: RetrievalTask, to path: String) throws {
        let collapse = shard.collapsesIdenticalVectors ? 1 : 0
        let file = try AtomicFile(path: path)
        let header: JSONValue = .object([
            ("format", "quarry-partial-candidates"), ("format_version", 1),
            ("quarry_version", .string(Quarry.version)),
            ("shard_index", .number(Double(shard.shard.index))), ("shard_count", .number(Double(shard.shard.count))),
            ("corpus_rows", .number(Double(shard.corpusRows))),
            ("slice_start", .number(Double(shard.slice.lowerBound))), ("slice_end", .number(Double(shard.slice.upperBound))),
            ("dimension", .number(Double(shard.dimension))), ("queries", .number(Double(shard.lists.queryCount))),
            ("queries_checksum", .string(String(checksum(task.queryRows), radix: 16))),
            ("depth", .number(Double(shard.lists.depth))), ("range_max", .number(Double(shard.rangeMax))),
            ("max_positives", .number(Double(shard.maxPositives))),
            ("duplicate_rows", .number(Double(shard.duplicateRows))),
            ("collapse_identical_vectors", .number(Double(collapse))),
            ("query_block_index", .number(Double(task.block?.index ?? 0))),
            ("query_block_count", .number(Double(task.block?.count ?? 1))),
        ])
        var bytes = magic
        let headerBytes = Array(header.serialized().utf8)
        append(UInt32(headerBytes.count), to: &bytes)
        bytes += headerBytes
        let lists = shard.lists
        for q in 0..<lists.queryCount {
            append(UInt32(shard.positives[q].count), to: &bytes)
            for p in shard.positives[q] { appendRecord(row: p.row, score: p.score, keys: p.keys, to: &bytes) }
            let slots = lists.slots(ofQuery: q)
            let filled = slots.prefix { lists.rows[$0] >= 0 }
            append(UInt32(filled.count), to: &bytes)
            for s in filled { appendRecord(row: lists.rows[s], score: lists.scores[s], keys: lists.keys[s], to: &bytes) }
            if bytes.count >= 1 << 20 { try file.write(bytes); bytes.removeAll(keepingCapacity: true) }
        }
        try file.write(bytes)
        try file.commit()
    }

    /// The corpus row count recorded in partial file `path`.
    /// - Throws: ``RetrievalMiningFailure`` when the file is missing or not a partial file.
    public static func corpusRows(of path: String) throws -> Int {
        try Reader(path: path).corpusRows
    }

    /// The union of all parts, merged per query into the best `depth` distinct candidates.
    struct Combined {
        var lists: CandidateLists
        var positives: [[PositiveCandidate]]
        var corpusRows: Int
        var duplicateRows: Int
    }

    /// Reads every part, checks they belong together and cover the corpus once, and merges them.
    static func combine(parts: [String], task: RetrievalTask, depth: Int, corpusDimension: Int?,
                        collapseIdenticalVectors: Bool, progress: ProgressReporter = .silent) throws -> Combined {
        guard !parts.isEmpty else { throw RetrievalMiningFailure.option("merge needs at least one partial file") }
        let readers = try parts.map { try Reader(path: $0) }
        let first = readers[0]
        let n = task.queryRows.count
        let expectedChecksum = String(checksum(task.queryRows), radix: 16)
        for r in readers {
            guard r.queries == n, r.queriesChecksum == expectedChecksum else {
                throw RetrievalMiningFailure.data(r.path, key: "queries",
                    "was made for \(r.queries) other queries; the pairs given to merge name \(n) queries — use the same \(InvalidInput.named("pairs")) and id files as the shards")
            }
            guard r.corpusRows == first.corpusRows, r.shardCount == first.shardCount, r.dimension == first.dimension else {
                throw RetrievalMiningFailure.data(r.path, key: "corpus_rows",
                    "does not belong with \(first.path): corpus \(r.corpusRows) rows in \(r.shardCount) shards vs \(first.corpusRows) rows in \(first.shardCount)")
            }
            guard r.depth >= depth else {
                throw RetrievalMiningFailure.data(r.path, key: "depth",
                    "was searched \(r.depth) candidates deep but these options need \(depth) (range_max + max_positives); run the shards with the same selection options, or a larger \(InvalidInput.named("rangeMax"))")
            }
            guard r.collapsesIdenticalVectors == collapseIdenticalVectors else {
                throw RetrievalMiningFailure.data(r.path, key: "collapse_identical_vectors",
                    "was searched \(r.collapsesIdenticalVectors ? "collapsing" : "keeping") identical vectors; give merge the same \(InvalidInput.named("collapseIdenticalVectors")) choice as the shards")
            }
            if let corpusDimension, corpusDimension != r.dimension {
                throw RetrievalMiningFailure.data(r.path, key: "dimension", "is \(r.dimension) but \(InvalidInput.named("corpus")) has dimension \(corpusDimension)")
            }
        }
        let sorted = readers.sorted { $0.sliceStart < $1.sliceStart }
        var covered = 0
        for r in sorted {
            guard r.sliceStart == covered else {
                throw RetrievalMiningFailure.data(r.path, key: "slice_start",
                    r.sliceStart < covered ? "overlaps another part (rows \(r.sliceStart)..<\(r.sliceEnd)); give each shard once"
                                           : "leaves rows \(covered)..<\(r.sliceStart) of the corpus uncovered; a shard is missing")
            }
            covered = r.sliceEnd
        }
        guard covered == first.corpusRows else {
            throw RetrievalMiningFailure.data(sorted.last!.path, key: "slice_end",
                "rows \(covered)..<\(first.corpusRows) of the corpus are uncovered; a shard is missing")
        }
        var lists = CandidateLists(queryCount: n, depth: depth)
        var positives: [[PositiveCandidate]] = []
        positives.reserveCapacity(n)
        let meter = progress.start("merge", unit: "queries", total: n)
        defer { meter.finish() }
        for q in 0..<n {
            var queryPositives: [PositiveCandidate]?
            for r in sorted {
                let record = try r.nextQuery()
                if queryPositives == nil {
                    guard record.positives.map(\.row) == task.positives[q] else {
                        throw RetrievalMiningFailure.data(r.path, "query \(q) has other positives than the pairs given to merge; use the same \(InvalidInput.named("pairs")) as the shards")
                    }
                    queryPositives = record.positives
                }
                lists.merge(query: q, rows: record.rows, scores: record.scores, keys: record.keys)
            }
            positives.append(queryPositives!)
            meter.advance(by: 1)
        }
        return Combined(lists: lists, positives: positives, corpusRows: first.corpusRows,
                        duplicateRows: readers.reduce(0) { $0 + $1.duplicateRows })
    }

    /// A checksum of the query rows, so parts made for other pairs are recognised.
    static func checksum(_ rows: [Int]) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        for r in rows { h = DuplicateKeys.finalize(h ^ UInt64(bitPattern: Int64(r))) }
        return h
    }

    private static func append<T: FixedWidthInteger>(_ x: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: x.littleEndian) { bytes += $0 }
    }

    private static func appendRecord(row: Int, score: Float, keys: DuplicateKeys, to bytes: inout [UInt8]) {
        append(Int64(row), to: &bytes)
        append(score.bitPattern, to: &bytes)
        append(keys.vector, to: &bytes)
        append(keys.text, to: &bytes)
    }

    /// Sequential reader of one partial file.
    final class Reader {
        let path: String
        let shardIndex: Int, shardCount: Int, corpusRows: Int, sliceStart: Int, sliceEnd: Int
        let dimension: Int, queries: Int, queriesChecksum: String, depth: Int, duplicateRows: Int
        let collapsesIdenticalVectors: Bool
        private let file: UnsafeMutablePointer<FILE>
        private var queryRead = 0

        init(path: String) throws {
            self.path = path
            // The header is read once to size the task and again to merge: that needs a file,
            // not a pipe (which would be empty, or block, the second time).
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
                throw RetrievalMiningFailure("'\(path)' is not a regular file: a partial candidate file is read twice, so it must be a file (save the pipe's output to a file first)", kind: .usage)
            }
            guard let file = fopen(path, "rb") else {
                throw RetrievalMiningFailure("cannot read '\(path)': \(String(cString: strerror(errno)))", kind: .noInput)
            }
            self.file = file
            var magic = [UInt8](repeating: 0, count: 8)
            guard fread(&magic, 1, 8, file) == 8, magic == PartialCandidateFile.magic else {
                fclose(file)
                throw RetrievalMiningFailure.data(path, "not a Quarry partial candidate file (missing the QRYPART1 magic); make one with mine-retrieval \(InvalidInput.named("corpusShard")) i/n")
            }
            var length: UInt32 = 0
            guard fread(&length, 4, 1, file) == 1, length < 1 << 20 else {
                fclose(file)
                throw RetrievalMiningFailure.data(path, "truncated or damaged header")
            }
            var headerBytes = [UInt8](repeating: 0, count: Int(UInt32(littleEndian: length)))
            guard fread(&headerBytes, 1, headerBytes.count, file) == headerBytes.count else {
                fclose(file)
                throw RetrievalMiningFailure.data(path, "truncated header")
            }
            let header = String(decoding: headerBytes, as: UTF8.self)
            func int(_ key: String) throws -> Int {
                guard let range = header.range(of: "\"\(key)\":") else {
                    fclose(file)
                    throw RetrievalMiningFailure.data(path, key: key, "missing from the header")
                }
                let digits = header[range.upperBound...].prefix { $0.isNumber || $0 == "-" }
                guard let v = Int(digits) else {
                    fclose(file)
                    throw RetrievalMiningFailure.data(path, key: key, "expected an integer in the header")
                }
                return v
            }
            shardIndex = try int("shard_index"); shardCount = try int("shard_count")
            corpusRows = try int("corpus_rows"); sliceStart = try int("slice_start"); sliceEnd = try int("slice_end")
            dimension = try int("dimension"); queries = try int("queries"); depth = try int("depth")
            duplicateRows = try int("duplicate_rows")
            collapsesIdenticalVectors = try int("collapse_identical_vectors") != 0
            if let r = header.range(of: "\"queries_checksum\":\"") {
                queriesChecksum = String(header[r.upperBound...].prefix { $0 != "\"" })
            } else {
                queriesChecksum = ""
            }
        }

        deinit { fclose(file) }

        struct QueryRecord {
            var positives: [PositiveCandidate] = []
            var rows: [Int] = []
            var scores: [Float] = []
            var keys: [DuplicateKeys] = []
        }

        func nextQuery() throws -> QueryRecord {
            var record = QueryRecord()
            let p = try count(limit: 1 << 20)
            for _ in 0..<p {
                let (row, score, keys) = try readRecord()
                record.positives.append(PositiveCandidate(row: row, score: score, keys: keys))
            }
            let c = try count(limit: depth)
            for _ in 0..<c {
                let (row, score, keys) = try readRecord()
                record.rows.append(row); record.scores.append(score); record.keys.append(keys)
            }
            queryRead += 1
            return record
        }

        private func count(limit: Int) throws -> Int {
            var raw: UInt32 = 0
            guard fread(&raw, 4, 1, file) == 1 else {
                throw RetrievalMiningFailure.data(path, "truncated after \(queryRead) of \(queries) query records")
            }
            let value = Int(UInt32(littleEndian: raw))
            guard value <= limit else {
                throw RetrievalMiningFailure.data(path, "damaged query record \(queryRead): count \(value) exceeds \(limit)")
            }
            return value
        }

        private func readRecord() throws -> (Int, Float, DuplicateKeys) {
            var raw = [UInt8](repeating: 0, count: PartialCandidateFile.recordSize)
            guard fread(&raw, 1, raw.count, file) == raw.count else {
                throw RetrievalMiningFailure.data(path, "truncated in query record \(queryRead)")
            }
            return raw.withUnsafeBytes { b in
                let row = Int(Int64(littleEndian: b.loadUnaligned(fromByteOffset: 0, as: Int64.self)))
                let score = Float(bitPattern: UInt32(littleEndian: b.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
                let v = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 12, as: UInt64.self))
                let t = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 20, as: UInt64.self))
                return (row, score, DuplicateKeys(vector: v, text: t))
            }
        }
    }
}
