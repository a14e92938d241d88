/// `quarry explain`'s JSON result read back into typed values, for the report.
///
/// Decodes the keys ``ExplainReport/json`` writes (see `docs/analysis.md`); a missing key or
/// a value of the wrong type is a data error naming the file and the key.
public struct ExplainResult: Sendable, Equatable {
    /// The beyond-score audit's answer and the test behind it.
    public struct Audit: Sendable, Equatable {
        public var verdict: String
        public var reason: String?
        public var advice: String
        public var statistic: Double?
        public var pValue: Double?
        public var permutations: Int
        public var rows: Int
        public var positives: Int
        public var negatives: Int
        public var power: Double?
        public var criticalValue: Double?
        public var nullMean: Double?
        /// The permuted statistics (`beyond_score.null_statistics`; empty in results written
        /// before that key existed).
        public var nullStatistics: [Double]
        public var namedFeatures: [String]
        public var features: [Evidence]
        public var pairs: [PairEvidence]
    }

    /// One feature's conditional evidence.
    public struct Evidence: Sendable, Equatable {
        public var name: String
        public var statistic: Double
        public var adjustedPValue: Double
        public var gainShare: Double
        public var named: Bool
        /// Which measure the statistic is: `linear` (the value) or `magnitude` (its distance
        /// from the typical value at that score); `nil` in results written before the key existed.
        public var shape: String? = nil
    }

    /// One interacting pair's evidence.
    public struct PairEvidence: Sendable, Equatable {
        public var first: String
        public var second: String
        public var statistic: Double
        public var adjustedPValue: Double
        public var named: Bool
    }

    /// A feature's marginal gap between hard negatives and positives.
    public struct Separation: Sendable, Equatable {
        public var feature: String
        public var smd: Double?
        public var ks: Double?
        public var auc: Double?
    }

    /// A weak slice.
    public struct Slice: Sendable, Equatable {
        public var text: String
        public var support: Int
        public var hardNegatives: Int
        public var coverage: Double
        public var lift: Double
    }

    /// A suspected label error.
    public struct Suspect: Sendable, Equatable {
        public var name: String
        public var score: Double
        public var margin: Double
        public var positiveNeighbourShare: Double
    }

    public var threshold: Double
    public var rows: Int
    public var hardNegatives: Int
    public var positives: Int
    public var easyNegatives: Int
    public var audit: Audit
    public var separations: [Separation]
    public var slices: [Slice]
    public var suspects: [Suspect]
    public var suspectCandidates: Int
    public var warnings: [String]

    /// Decodes `json`, read from `file` (named in errors).
    /// - Throws: ``InvalidInput`` (data error) naming the key that is missing or mistyped.
    public init(json: JSONValue, file: String) throws {
        let root = JSONFields(json, file: file)
        threshold = try root.object("parameters").number("threshold")
        rows = try root.integer("rows")
        let groups = try root.object("groups")
        hardNegatives = try groups.integer("hard_negatives")
        positives = try groups.integer("positives")
        easyNegatives = try groups.integer("easy_negatives")
        let b = try root.object("beyond_score")
        audit = Audit(
            verdict: try b.string("verdict"), reason: try b.optionalString("reason"), advice: try b.string("advice"),
            statistic: try b.optionalNumber("statistic"), pValue: try b.optionalNumber("p_value"),
            permutations: try b.integer("permutations"), rows: try b.integer("rows"),
            positives: try b.integer("positives"), negatives: try b.integer("negatives"), power: try b.optionalNumber("power"),
            criticalValue: try b.optionalMember("null")?.optionalNumber("critical_value"),
            nullMean: try b.optionalMember("null")?.optionalNumber("mean"),
            nullStatistics: try b.numbers("null_statistics"), namedFeatures: try b.strings("named_features"),
            features: try b.array("features").map {
                Evidence(name: try $0.string("name"), statistic: try $0.number("statistic"), adjustedPValue: try $0.number("p_holm"),
                         gainShare: try $0.number("auditor_gain_share"), named: try $0.bool("named"),
                         shape: try $0.optionalString("shape"))
            },
            pairs: try b.array("interactions").map {
                let names = try $0.strings("features")
                guard names.count == 2 else { throw $0.failure("features", "must name two features") }
                return PairEvidence(first: names[0], second: names[1], statistic: try $0.number("statistic"),
                                    adjustedPValue: try $0.number("p_holm"), named: try $0.bool("named"))
            })
        separations = try root.array("features").map {
            Separation(feature: try $0.string("feature"), smd: try $0.optionalNumber("smd_vs_positives"),
                       ks: try $0.optionalNumber("ks_vs_positives"), auc: try $0.optionalNumber("auc_vs_positives"))
        }
        slices = try root.array("slices").map {
            Slice(text: try $0.string("text"), support: try $0.integer("support"), hardNegatives: try $0.integer("hard_negatives"),
                  coverage: try $0.number("coverage"), lift: try $0.number("lift"))
        }
        let s = try root.object("suspects")
        suspectCandidates = try s.integer("candidates")
        suspects = try s.array("suspects").map {
            let name = try $0.optionalString("id") ?? String(try $0.integer("row"))
            return Suspect(name: name, score: try $0.number("score"), margin: try $0.number("margin"),
                           positiveNeighbourShare: try $0.number("positive_neighbour_share"))
        }
        warnings = try root.strings("warnings")
    }
}
