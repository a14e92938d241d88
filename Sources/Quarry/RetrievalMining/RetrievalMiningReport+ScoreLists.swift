extension RetrievalMiningReport {
    /// The score lists a report's three summaries are computed from, each sorted ascending.
    ///
    /// A query block's report carries them (JSON `block_score_lists`) so that the blocks of a
    /// sharded job combine into exactly the summaries one run on every query reports: counts,
    /// means, minima and maxima could be merged from summaries, but a median, a quartile or a
    /// standard deviation around the whole job's mean needs every value. ``ScoreSummary`` sums
    /// the sorted values in order, so the concatenated lists, sorted, give the single run's
    /// figures bit for bit (the Python executor does this at assembly).
    ///
    /// Size: one number per positive pair, two per negative kept in the statistics (its score
    /// and the positive's lead over it); about 20 bytes each in the JSON.
    public struct ScoreLists: Sendable, Equatable {
        /// Scores of every mined query's positives.
        public var positives: [Double]
        /// Scores of the negatives the statistics count (per output format, as the reference).
        public var negatives: [Double]
        /// Positive score minus negative score, one per counted negative.
        public var differences: [Double]

        /// Sorts the three lists (as doubles: what ``ScoreSummary`` summarises).
        /// - Complexity: O(n log n) in the total length.
        public init(positives: [Float], negatives: [Float], differences: [Float]) {
            self.positives = positives.map(Double.init).sorted()
            self.negatives = negatives.map(Double.init).sorted()
            self.differences = differences.map(Double.init).sorted()
        }

        /// `{"positive": […], "negative": […], "difference": […]}`, ascending.
        public var json: JSONValue {
            .object([("positive", .array(positives.map { .number($0) })),
                     ("negative", .array(negatives.map { .number($0) })),
                     ("difference", .array(differences.map { .number($0) }))])
        }
    }
}
