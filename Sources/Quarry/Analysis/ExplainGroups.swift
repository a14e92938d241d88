/// The three groups of rows that explain compares.
///
/// - **hard negatives**: negatives the model scores at or above the operating threshold
///   (false positives), or a given set of already mined rows;
/// - **reference positives**: positives the model gets right near the threshold — true
///   positives with `threshold ≤ score ≤ threshold + positiveBand`; when fewer than
///   ``Options/minimumPositives`` fall in that band, all true positives (score ≥ threshold),
///   and ``positivesFellBack`` says so. These are the rows the hard negatives are mistaken for;
/// - **easy negatives**: negatives with `score < threshold − easyMargin`, safely rejected.
public struct ExplainGroups: Sendable, Equatable {
    /// How the groups are cut.
    public struct Options: Sendable, Equatable {
        /// The width of the score band above the threshold where reference positives are taken.
        public var positiveBand: Double
        /// Below this many positives in the band, all true positives are used instead.
        public var minimumPositives: Int
        /// Negatives scoring below `threshold − easyMargin` are easy.
        public var easyMargin: Double

        public init(positiveBand: Double = 0.2, minimumPositives: Int = 30, easyMargin: Double = 0.2) {
            self.positiveBand = positiveBand
            self.minimumPositives = minimumPositives
            self.easyMargin = easyMargin
        }
    }

    /// Rows of the hard negatives, ascending.
    public let hardNegatives: [Int]
    /// Rows of the reference positives, ascending.
    public let positives: [Int]
    /// Rows of the easy negatives, ascending.
    public let easyNegatives: [Int]
    /// Whether too few positives fell in the band and all true positives were used.
    public let positivesFellBack: Bool
    /// Whether the hard negatives were given (mined elsewhere) rather than cut at the threshold.
    public let hardRowsGiven: Bool
    /// The operating threshold the groups were cut at.
    public let threshold: Double
    /// The options used.
    public let options: Options

    /// Cuts the groups from scores, labels and an operating threshold.
    ///
    /// - Parameters:
    ///   - scores: one finite score per row.
    ///   - labels: `true` for a positive row.
    ///   - threshold: rows scoring at or above it are predicted positive.
    ///   - hardRows: already mined hard negatives (rows of negatives); `nil` takes every
    ///     negative scoring at or above the threshold.
    /// - Throws: ``InvalidInput`` for mismatched lengths, non-finite scores or threshold, a
    ///   hard row out of range or labelled positive, or a bad option.
    /// - Complexity: O(n).
    public init(scores: [Double], labels: [Bool], threshold: Double, hardRows: [Int]? = nil, options: Options = Options()) throws {
        guard scores.count == labels.count else {
            throw InvalidInput("scores has \(scores.count) values but labels has \(labels.count)", kind: .dataError)
        }
        guard threshold.isFinite else { throw InvalidInput("threshold must be a finite number, found \(threshold)") }
        guard options.positiveBand >= 0, options.easyMargin >= 0, options.minimumPositives >= 0 else {
            throw InvalidInput("positive band, easy margin and minimum positives must not be negative")
        }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw InvalidInput("score of row \(bad + 1) is \(scores[bad]), expected a finite number", kind: .dataError)
        }
        var hard: [Int]
        if let hardRows {
            for row in hardRows {
                guard row >= 0, row < scores.count else {
                    throw InvalidInput("hard row \(row) is out of range 0..<\(scores.count)", kind: .dataError)
                }
                guard !labels[row] else {
                    throw InvalidInput("hard row \(row) is labelled positive, expected a negative", kind: .dataError)
                }
            }
            hard = Array(Set(hardRows)).sorted()
        } else {
            hard = scores.indices.filter { !labels[$0] && scores[$0] >= threshold }
        }
        let hardSet = Set(hard)
        let truePositives = scores.indices.filter { labels[$0] && scores[$0] >= threshold }
        let inBand = truePositives.filter { scores[$0] <= threshold + options.positiveBand }
        positivesFellBack = inBand.count < options.minimumPositives
        positives = positivesFellBack ? truePositives : inBand
        easyNegatives = scores.indices.filter { !labels[$0] && scores[$0] < threshold - options.easyMargin && !hardSet.contains($0) }
        hardNegatives = hard
        hardRowsGiven = hardRows != nil
        self.threshold = threshold
        self.options = options
    }
}
