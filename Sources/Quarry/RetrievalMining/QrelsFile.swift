/// Relevance judgments in the TREC qrels layout, or BEIR's tab-separated variant, read as
/// the positive pairs of retrieval mining.
///
/// Two layouts are accepted, told apart line by line by their number of fields (runs of
/// spaces or tabs separate fields):
/// - TREC: `query_id iteration document_id relevance` (4 fields; the iteration is ignored);
/// - BEIR: `query-id<TAB>corpus-id<TAB>score` (3 fields), usually under a header line.
///
/// A first line whose last field is not an integer is taken as a header and skipped. A
/// judgment is a positive when its relevance is at least the chosen minimum (1 by default,
/// as `trec_eval` counts relevant documents); lower ones — typically the judged-irrelevant
/// 0s — are read and checked but name no pair.
public enum QrelsFile {
    /// One judgment line.
    public struct Judgment: Sendable, Equatable {
        /// 1-based line in the file.
        public var line: Int
        public var queryID: String
        public var documentID: String
        public var relevance: Int
        /// 1-based field of the document id: 3 in TREC lines, 2 in BEIR lines.
        public var documentColumn: Int
    }

    /// Calls `body` for every judgment of the file at `path`, in file order.
    ///
    /// - Throws: ``RetrievalMiningFailure`` naming the file, line and column for a line with
    ///   other than 3 or 4 fields, a relevance that is not an integer, or a file with no
    ///   judgment; `.noInput` when the file cannot be read.
    /// - Complexity: O(bytes of the file); the file is memory-mapped, not copied.
    public static func forEachJudgment(in path: String, _ body: (Judgment) throws -> Void) throws {
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch let failure as IOFailure {
            throw RetrievalMiningFailure("cannot read '\(path)': \(failure.reason)", kind: .noInput)
        }
        var count = 0
        var lineNumber = 0
        var start = 0
        let bytes = file.bytes
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            let fields = Self.fields(bytes, from: start, to: end)
            start = end + 1
            if fields.isEmpty { continue }
            guard fields.count == 3 || fields.count == 4 else {
                throw RetrievalMiningFailure.data(path, line: lineNumber,
                    "expected 4 fields (TREC: query_id iteration doc_id relevance) or 3 (BEIR: query-id corpus-id score), found \(fields.count)")
            }
            let relevanceText = fields[fields.count - 1]
            guard let relevance = Int(relevanceText) else {
                if lineNumber == 1 { continue }  // a header such as "query-id corpus-id score"
                throw RetrievalMiningFailure.data(path, line: lineNumber, column: fields.count, named: "relevance",
                                                  "expected an integer, found '\(relevanceText)'")
            }
            count += 1
            try body(Judgment(line: lineNumber, queryID: fields[0], documentID: fields[fields.count - 2],
                                  relevance: relevance, documentColumn: fields.count - 1))
        }
        guard count > 0 else {
            throw RetrievalMiningFailure.data(path, "no judgments; expected lines 'query_id iteration doc_id relevance' (TREC) or 'query-id<TAB>corpus-id<TAB>score' (BEIR)")
        }
    }

    /// The whitespace-separated fields of `bytes[from..<to]` (a trailing `\r` is whitespace).
    private static func fields(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> [String] {
        var fields: [String] = []
        var i = from
        while i < to {
            while i < to, Self.isSpace(bytes[i]) { i += 1 }
            let fieldStart = i
            while i < to, !Self.isSpace(bytes[i]) { i += 1 }
            if i > fieldStart {
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<i]), as: UTF8.self))
            }
        }
        return fields
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
