/// The score-counts file: CSV `score,negatives,positives`, one line per distinct score,
/// descending, each score in its shortest round-trip decimal form (so it reads back to the
/// same `Double` bit for bit).
extension ScoreCounts {
    /// The header line of a score-counts file.
    public static let header = "score,negatives,positives"

    /// The file's text.
    public var csv: String {
        var text = Self.header + "\n"
        for g in scores.indices {
            text += "\(JSONValue.number(scores[g]).serialized()),\(negatives[g]),\(positives[g])\n"
        }
        return text
    }

    /// Writes ``csv`` to `path` atomically.
    public func write(to path: String) throws {
        let file = try AtomicFile(path: path)
        try file.write(csv)
        try file.commit()
    }

    /// Reads a score-counts file.
    /// - Throws: ``InvalidInput`` (`.dataError`) naming the file, line and column of a bad
    ///   header, field, count or order; `.noInput` when it cannot be read.
    public static func read(path: String) throws -> ScoreCounts {
        let file = try MappedFile(path: path)
        let text = String(decoding: file.bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first, first == Self.header else {
            throw InvalidInput("\(path):1: expected the header '\(Self.header)' of a score-counts file (quarry score-counts), found '\(lines.first.map(String.init) ?? "")'", kind: .dataError)
        }
        var scores: [Double] = [], negatives: [Int] = [], positives: [Int] = []
        for (i, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw InvalidInput("\(path):\(i + 1): expected 3 fields (score,negatives,positives), found \(fields.count)", kind: .dataError)
            }
            guard let score = Double(String(fields[0])), score.isFinite else {
                throw InvalidInput("\(path):\(i + 1):1 (score): expected a finite number, found '\(fields[0])'", kind: .dataError)
            }
            guard let n = Int(fields[1]), n >= 0 else {
                throw InvalidInput("\(path):\(i + 1):2 (negatives): expected a count ≥ 0, found '\(fields[1])'", kind: .dataError)
            }
            guard let y = Int(fields[2]), y >= 0 else {
                throw InvalidInput("\(path):\(i + 1):3 (positives): expected a count ≥ 0, found '\(fields[2])'", kind: .dataError)
            }
            if let last = scores.last, ScoreRadixSort.descendingKey(last) >= ScoreRadixSort.descendingKey(score) {
                throw InvalidInput("\(path):\(i + 1):1 (score): scores must be distinct and descending, found \(last) then \(score)", kind: .dataError)
            }
            guard n + y > 0 else {
                throw InvalidInput("\(path):\(i + 1): score \(score) has no rows (both counts 0)", kind: .dataError)
            }
            scores.append(score); negatives.append(n); positives.append(y)
        }
        return try ScoreCounts(scores: scores, negatives: negatives, positives: positives)
    }
}
