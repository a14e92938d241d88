extension HTMLReport {
    /// The report of an explain result: the beyond-score verdict with its statistic and the
    /// null distribution, the features and pairs named, the marginal gaps, slices and suspects.
    public static func explain(_ r: ExplainResult, source: String) -> HTMLReport {
        var report = HTMLReport(title: "Why the hard negatives are hard — \(source)",
                                subtitle: "\(HumanNumber.count(r.rows)) rows at threshold \(HumanNumber.format(r.threshold, significant: 4)): \(HumanNumber.count(r.hardNegatives)) hard negatives, \(HumanNumber.count(r.positives)) reference positives, \(HumanNumber.count(r.easyNegatives)) easy negatives.")
        let a = r.audit
        report.section("Is there information beyond the score?")
        let tone: Tone = a.verdict == "separable" ? .bad : a.verdict == "not_separable" ? .good : .neutral
        let words: String
        switch a.verdict {
        case "separable": words = "yes — the features tell hard negatives from positives beyond what the score knows."
        case "not_separable": words = "no — nothing beyond the score, and the test had the power to find the minimum effect."
        default: words = "inconclusive" + (a.reason.map { " — \($0)" } ?? ".")
        }
        report.verdict("Verdict: \(a.verdict.replacingOccurrences(of: "_", with: " ")).", words, tone: tone)
        report.paragraph(a.advice.prefix(1).uppercased() + a.advice.dropFirst() + (a.advice.hasSuffix(".") ? "" : "."))
        report.table(caption: "The audit (labels permuted within score-quantile bins as the null)", headers: ["quantity", "value"], rows: [
            ["statistic T (log-loss reduction per row, nats)", HumanNumber.format(a.statistic)],
            ["p-value", HumanNumber.format(a.pValue)],
            ["permutations", HumanNumber.count(a.permutations)],
            ["null mean", HumanNumber.format(a.nullMean)],
            ["critical value", HumanNumber.format(a.criticalValue)],
            ["power for the minimum effect", HumanNumber.format(a.power)],
            ["rows audited (positives / negatives)", "\(HumanNumber.count(a.rows)) (\(HumanNumber.count(a.positives)) / \(HumanNumber.count(a.negatives)))"],
        ])
        if !a.nullStatistics.isEmpty {
            report.chart(nullChart(a))
        } else {
            report.paragraph("This result has no beyond_score.null_statistics (written by an older Quarry): the null distribution cannot be drawn.")
        }

        let shown = Array(a.features.prefix(12))
        if !shown.isEmpty {
            report.section("Which features carry it")
            report.paragraph(a.namedFeatures.isEmpty ? "No feature is named." : "Named: \(a.namedFeatures.joined(separator: ", ")).")
            var chart = Chart(title: "Conditional evidence per feature",
                              caption: "Each feature's generalised covariance statistic with the label given the score: the further from 0 the stronger; the sign gives the direction (of the value, or for a 'magnitude' measure of its distance from the typical value at that score); red bars are the named features.",
                              x: .init(label: "feature", categories: shown.map(\.name)), y: .init(label: "statistic"))
            let named = shown.enumerated().filter { $0.element.named }.map { Chart.Bin(low: Double($0.offset) - 0.35, high: Double($0.offset) + 0.35, value: $0.element.statistic) }
            let other = shown.enumerated().filter { !$0.element.named }.map { Chart.Bin(low: Double($0.offset) - 0.35, high: Double($0.offset) + 0.35, value: $0.element.statistic) }
            if !named.isEmpty { chart.marks.append(.bars(name: "named", bins: named, style: 1)) }
            if !other.isEmpty { chart.marks.append(.bars(name: "not named", bins: other, style: 5)) }
            report.chart(chart)
            report.table(headers: ["feature", "statistic", "measure", "Holm p", "auditor gain share", "named"], rows: a.features.prefix(20).map {
                [$0.name, HumanNumber.format($0.statistic), $0.shape ?? "—", HumanNumber.format($0.adjustedPValue), HumanNumber.percent($0.gainShare), $0.named ? "yes" : "no"]
            })
            if !a.pairs.isEmpty {
                report.table(caption: "Interacting pairs (depth-2 auditor against an additive one)", headers: ["pair", "statistic", "Holm p", "named"],
                             rows: a.pairs.prefix(10).map { ["\($0.first) × \($0.second)", HumanNumber.format($0.statistic), HumanNumber.format($0.adjustedPValue), $0.named ? "yes" : "no"] })
            }
        }

        if !r.separations.isEmpty {
            report.section("Marginal gaps: hard negatives against positives")
            let top = Array(r.separations.prefix(12))
            var chart = Chart(title: "Per-feature AUC, hard negatives against positives",
                              caption: "0.5 = no difference; below 0.5 the feature is lower in hard negatives than in the positives they are mistaken for. Marginal, so partly what the score already explains.",
                              x: .init(label: "feature", categories: top.map(\.feature)), y: .init(label: "AUC vs positives", domain: (0, 1)))
            chart.marks.append(.points(name: "AUC", points: top.enumerated().compactMap { k, s in s.auc.map { Chart.Point(Double(k), $0) } }, style: 0))
            chart.marks.append(.horizontalRule(y: 0.5, label: "no difference", style: 5))
            report.chart(chart)
            report.table(headers: ["feature", "SMD", "KS", "AUC"], rows: r.separations.prefix(15).map {
                [$0.feature, HumanNumber.format($0.smd), HumanNumber.format($0.ks), HumanNumber.format($0.auc)]
            })
        }

        report.section("Weak slices")
        if r.slices.isEmpty {
            report.paragraph("No slice concentrates the hard negatives.")
        } else {
            report.table(headers: ["slice", "rows", "hard negatives", "coverage", "lift"], rows: r.slices.map {
                [$0.text, HumanNumber.count($0.support), HumanNumber.count($0.hardNegatives), HumanNumber.percent($0.coverage), HumanNumber.format($0.lift)]
            })
        }

        report.section("Suspected label errors")
        report.paragraph("\(HumanNumber.count(r.suspects.count)) of \(HumanNumber.count(r.suspectCandidates)) hard negatives score far above the threshold and sit among positive neighbours: check their labels before training on them.")
        if !r.suspects.isEmpty {
            report.table(headers: ["id", "score", "margin", "positive neighbours"], rows: r.suspects.prefix(15).map {
                [$0.name, HumanNumber.format($0.score, significant: 4), HumanNumber.format($0.margin), HumanNumber.percent($0.positiveNeighbourShare)]
            })
        }
        if !r.warnings.isEmpty {
            report.section("Warnings")
            report.list(r.warnings)
        }
        return report
    }

    static func nullChart(_ a: ExplainResult.Audit) -> Chart {
        let values = a.nullStatistics + (a.statistic.map { [$0] } ?? []) + (a.criticalValue.map { [$0] } ?? [])
        let domain = ChartScale.niceDomain(values, kind: .linear)
        // Bins over the null's own range, so its shape shows even when the observed value is far away.
        let nullLow = a.nullStatistics.min() ?? 0, nullHigh = a.nullStatistics.max() ?? 0
        let spread = max(nullHigh - nullLow, 1e-6)
        let bins = max(8, min(30, a.nullStatistics.count / 3))
        let counts = histogram(a.nullStatistics, low: nullLow - spread * 0.02, high: nullHigh + spread * 0.02, bins: bins)
        var chart = Chart(title: "The observed statistic against its null",
                          caption: "Histogram of the statistic with labels permuted within score bins (no information beyond the score), zoomed on the right; an observed value right of the critical value means separable.",
                          x: .init(label: "log-loss reduction per row (nats)", domain: domain), y: .init(label: "permutations"))
        chart.marks.append(.bars(name: "null (\(HumanNumber.count(a.nullStatistics.count)) permutations)", bins: counts, style: 5))
        let zoomHigh = max(nullHigh, a.criticalValue ?? nullHigh)
        let pad = max(zoomHigh - nullLow, 1e-6) * 0.15
        chart.zoom = .init(x: (nullLow - pad, zoomHigh + pad), y: (0, (counts.map(\.value).max() ?? 1) * 1.1), title: "zoom on the null")
        if let c = a.criticalValue { chart.marks.append(.verticalRule(x: c, label: "critical value", style: 2)) }
        if let t = a.statistic { chart.marks.append(.verticalRule(x: t, label: "observed \(HumanNumber.format(t))", style: 1)) }
        return chart
    }
}
