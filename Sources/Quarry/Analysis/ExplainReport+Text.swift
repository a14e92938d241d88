extension ExplainReport {
    /// A readable summary: groups, the beyond-score verdict with its numbers and advice,
    /// the marginal feature table, slices and suspects, then warnings.
    public var text: String {
        var lines: [String] = []
        func f(_ x: Double?, _ digits: Int = 3) -> String {
            guard let x, x.isFinite else { return "—" }
            return Self.fixed(x, digits)
        }
        lines.append("Hard negatives explained (threshold \(Table.format(groups.threshold)), \(rowCount) rows)")
        lines.append("  hard negatives: \(groups.hardNegatives.count)\(groups.hardRowsGiven ? " (given)" : " (negatives scoring >= threshold)")")
        lines.append("  positives:      \(groups.positives.count) \(groups.positivesFellBack ? "(all true positives: too few near the threshold)" : "(true positives within \(Table.format(options.groups.positiveBand)) above the threshold)")")
        lines.append("  easy negatives: \(groups.easyNegatives.count) (negatives below threshold - \(Table.format(options.groups.easyMargin)))")
        lines.append("")
        let a = beyondScore
        let verdictName: String
        switch a.verdict {
        case .separable: verdictName = "SEPARABLE"
        case .notSeparable: verdictName = "NOT SEPARABLE"
        case .inconclusive: verdictName = "INCONCLUSIVE"
        }
        lines.append("Beyond the score: \(verdictName) — \(a.rows.count) labelled rows in the region (\(a.positives) positives, \(a.negatives) negatives)")
        if let t = a.statistic, let p = a.pValue {
            lines.append("  auditor gain over the recalibrated score: \(f(t, 4)) nats/row out of fold (\(f(a.offsetLogLoss, 4)) → \(f(a.auditorLogLoss, 4))), p = \(f(p, 3)) vs \(a.options.permutations) permutations within \(a.options.scoreBins) score bins")
            if let power = a.power {
                lines.append("  power: \(f(power * 100, 0))% of planted signals of \(Table.format(a.options.minimumEffect)) nats/row detected")
            }
        }
        lines.append("  → \(a.advice)")
        let named = a.features.prefix(options.topFeatures).filter { $0.named || a.verdict == .separable }
        if !named.isEmpty {
            lines.append("  features at a given score (GCM z, Holm p):")
            for e in named.prefix(5) {
                lines.append("    \(Self.pad(e.name, 24)) z \(Self.pad(f(e.statistic, 2), 7)) p \(f(e.adjustedPValue, 4))\(e.shape == .magnitude ? " (by magnitude)" : "")\(e.named ? "  named" : "")")
            }
        }
        for pair in a.interactions where pair.named {
            lines.append("  pair \(pair.first) × \(pair.second): joint beats additive, z \(f(pair.statistic, 2)), Holm p \(f(pair.adjustedPValue, 4))")
        }
        lines.append("")
        lines.append("Marginal differences, hard negatives vs positives (include what the score already explains), ranked by |AUC - 0.5|:")
        lines.append("  " + [Self.pad("feature", 24), Self.pad("AUC", 7), Self.pad("SMD", 7), Self.pad("KS", 6), Self.pad("SMD(easy)", 10), Self.pad("KS(easy)", 9), "missing h/p/e"].joined(separator: " "))
        for feature in features.prefix(options.topFeatures) {
            let missing = [feature.missingRateHard, feature.missingRatePositives, feature.missingRateEasy].map { f($0, 2) }.joined(separator: "/")
            lines.append("  " + [Self.pad(feature.feature, 24), Self.pad(f(feature.aucVersusPositives), 7), Self.pad(f(feature.smdVersusPositives, 2), 7),
                                 Self.pad(f(feature.ksVersusPositives, 2), 6), Self.pad(f(feature.smdVersusEasyNegatives, 2), 10),
                                 Self.pad(f(feature.ksVersusEasyNegatives, 2), 9), missing].joined(separator: " "))
        }
        lines.append("")
        if slices.isEmpty {
            lines.append("Slices: none with lift > 1 and support >= \(options.slices.minimumSupport)")
        } else {
            lines.append("Slices where hard negatives concentrate (support = negatives in slice):")
            for slice in slices {
                lines.append("  lift \(f(slice.lift, 2))  support \(slice.support)  covers \(slice.hardNegatives) hard (\(f(slice.coverage * 100, 1))%)  \(slice.text)")
            }
        }
        lines.append("")
        let cl = suspects.confidentThreshold.map { Self.fixed($0, 3) } ?? "—"
        lines.append("Suspected label errors: \(suspects.suspects.count) of \(suspects.candidates) hard negatives (score >= threshold + \(Table.format(options.suspects.minimumMargin)), score >= mean positive score \(cl), >= \(Self.fixed(options.suspects.minimumNeighbourShare * 100, 0))% of \(options.suspects.neighbours) nearest neighbours positive)")
        for suspect in suspects.suspects.prefix(10) {
            let name = ids.map { "id \($0[suspect.row])" } ?? "row \(suspect.row)"
            lines.append("  \(name): score \(f(suspect.score)), neighbours positive \(f(suspect.positiveNeighbourShare * 100, 0))%")
        }
        if suspects.suspects.count > 10 { lines.append("  … \(suspects.suspects.count - 10) more in the JSON output") }
        if !warnings.isEmpty {
            lines.append("")
            lines.append("Warnings:")
            for warning in warnings { lines.append("  - \(warning)") }
        }
        return lines.joined(separator: "\n")
    }

    /// `x` with `digits` decimals, without Foundation.
    static func fixed(_ x: Double, _ digits: Int) -> String { NumberFormat.fixed(x, digits) }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
