extension EvaluationReport {
    /// Reads back a report as ``json`` wrote it (a loop round's `metrics.json` keeps its test
    /// report so), such that ``json`` writes the same bytes again.
    ///
    /// The JSON does not keep the thread count (``EvaluationOptions/threads`` reads `nil`) nor
    /// how many replicates defined each bootstrap interval (``BootstrapIntervals/definedReplicates``
    /// reads empty); members of `parameters` other than the options (the CLI's file and column
    /// names) are not read. A `null` where a number is required reads as NaN (a non-finite
    /// number is written as `null`).
    /// - Throws: ``InvalidInput`` (data error) naming the file and key of a missing or mistyped value.
    init(json fields: JSONFields) throws {
        let p = try fields.object("parameters")
        var rule: OperatingPointRule?
        if let t = try p.optionalNumber("threshold") { rule = .threshold(t) }
        else if let r = try p.optionalNumber("target_recall") { rule = .targetRecall(r) }
        else if let r = try p.optionalNumber("target_precision") { rule = .targetPrecision(r) }
        else if let r = try p.optionalNumber("target_fpr") { rule = .targetFPR(r) }
        let seed = try p.number("seed")
        guard let seed = UInt64(exactly: seed) else { throw p.failure("seed", "must be an integer ≥ 0") }
        let options = EvaluationOptions(operatingPoint: rule, bandHalfWidth: try p.optionalNumber("band"),
                                        maxFPR: try p.optionalNumber("max_fpr"), bootstrapReplicates: try p.integer("bootstrap"),
                                        seed: seed, calibrationBins: try p.integer("calibration_bins"))
        let point = try fields.optionalMember("operating_point").map { o in
            OperatingPoint(threshold: try o.numberOrNaN("threshold"), truePositives: try o.integer("tp"),
                           falsePositives: try o.integer("fp"), trueNegatives: try o.integer("tn"), falseNegatives: try o.integer("fn"))
        }
        let band = try fields.optionalMember("band").map { b in
            ThresholdBand(low: try b.numberOrNaN("low"), high: try b.numberOrNaN("high"), rows: try b.integer("rows"),
                          positives: try b.integer("positives"), negatives: try b.integer("negatives"),
                          errorRate: try b.optionalNumber("error_rate"), ece: try b.optionalNumber("ece"))
        }
        let intervals = try fields.optionalMember("intervals").map { i in
            func interval(_ key: String) throws -> ConfidenceInterval? {
                try i.optionalMember(key).map { ConfidenceInterval(low: try $0.numberOrNaN("low"), high: try $0.numberOrNaN("high")) }
            }
            return BootstrapIntervals(replicates: options.bootstrapReplicates, seed: options.seed,
                                      precision: try interval("precision"), recall: try interval("recall"),
                                      falsePositiveRate: try interval("fpr"), averagePrecision: try interval("average_precision"),
                                      definedReplicates: [])
        }
        self.init(options: options, rows: try fields.integer("rows"), positives: try fields.integer("positives"),
                  negatives: try fields.integer("negatives"), rocAUC: try fields.optionalNumber("roc_auc"),
                  averagePrecision: try fields.optionalNumber("average_precision"),
                  partialAUC: try fields.optionalMember("partial_auc")?.optionalNumber("value"),
                  logLoss: try fields.optionalNumber("log_loss"), brier: try fields.optionalNumber("brier"),
                  operatingPoint: point, band: band, intervals: intervals,
                  warnings: try fields.array("warnings").map { EvaluationWarning(key: try $0.string("key"), reason: try $0.string("reason")) })
    }
}
