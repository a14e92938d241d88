extension ExplainReport {
    /// A readable summary: groups, verdict with its numbers, top features, interactions,
    /// slices and suspects, then warnings.
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
        let s = separability
        switch s.verdict {
        case .insufficientData:
            lines.append("Separability: not tested (too few rows for \(s.options.folds) folds)")
        case .separable, .notSeparable:
            let verdict = s.verdict == .separable ? "SEPARABLE" : "NOT SEPARABLE"
            lines.append("Separability: \(verdict) — discriminator AUC \(f(s.crossValidatedAUC)) (\(s.options.folds)-fold CV) vs permutation baseline \(f(s.baselineMean)) ± \(f(s.baselineSD)) (\(s.options.permutations) shuffles)")
            lines.append("  rule: separable when AUC - baseline > \(Table.format(s.options.sdMultiplier)) × max(SD, \(Table.format(s.options.sdFloor))) and AUC >= \(Table.format(s.options.minimumAUC))")
            lines.append(s.verdict == .separable
                ? "  → the features distinguish them but the model does not use it: expand, fine-tune, or add interactions"
                : "  → the features cannot tell them from positives: a distinguishing property is missing, or they are mislabeled")
        }
        lines.append("")
        lines.append("Features, ranked by |AUC - 0.5| (hard negatives vs positives):")
        lines.append("  " + [Self.pad("feature", 24), Self.pad("AUC", 7), Self.pad("SMD", 7), Self.pad("KS", 6), Self.pad("SMD(easy)", 10), Self.pad("KS(easy)", 9), "missing h/p/e"].joined(separator: " "))
        for feature in features.prefix(options.topFeatures) {
            let missing = [feature.missingRateHard, feature.missingRatePositives, feature.missingRateEasy].map { f($0, 2) }.joined(separator: "/")
            lines.append("  " + [Self.pad(feature.feature, 24), Self.pad(f(feature.aucVersusPositives), 7), Self.pad(f(feature.smdVersusPositives, 2), 7),
                                 Self.pad(f(feature.ksVersusPositives, 2), 6), Self.pad(f(feature.smdVersusEasyNegatives, 2), 10),
                                 Self.pad(f(feature.ksVersusEasyNegatives, 2), 9), missing].joined(separator: " "))
        }
        if !s.interactions.isEmpty {
            lines.append("")
            lines.append("Interactions the discriminator uses (parent → child splits, by summed gain):")
            for pair in s.interactions.prefix(5) {
                lines.append("  \(pair.first) × \(pair.second): gain \(f(pair.gain, 1)) (\(f(pair.share * 100, 1))% of child-split gain, \(pair.occurrences) splits)")
            }
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
    static func fixed(_ x: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (Swift.abs(x) * scale).rounded()
        let sign = x < 0 && rounded != 0 ? "-" : ""
        let whole = Int64(rounded / scale)
        guard digits > 0 else { return sign + String(whole) }
        let fraction = Int64(rounded - Double(whole) * scale)
        let fractionText = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
