extension HTMLReport {
    /// The threshold-region report of a scored, labelled set: score histograms with the
    /// threshold and band, precision–recall and ROC curves with a zoomed panel on the
    /// operating point and its bootstrap interval, the calibration diagram in the band, and
    /// the tables behind them.
    ///
    /// - Parameters:
    ///   - data: the scores and labels.
    ///   - evaluation: ``Evaluator/evaluate(_:)`` of `data` (its options give the band, bins and intervals).
    ///   - source: what the data is (a file name), shown under the title.
    ///   - hardNegatives: rows mined as hard negatives; `nil` = negatives scored at or above the threshold.
    ///   - ids: row ids for the table of the hardest negatives.
    /// - Complexity: O(n log n) for the curves and histograms.
    public static func scored(_ data: ScoredLabels, evaluation: EvaluationReport, source: String,
                              hardNegatives: [Int]? = nil, ids: [String]? = nil) -> HTMLReport {
        var report = HTMLReport(title: "Threshold region — \(source)",
                                subtitle: "\(HumanNumber.count(data.count)) rows: \(HumanNumber.count(data.positives)) positives, \(HumanNumber.count(data.negatives)) negatives.")
        let curve = ThresholdCurve(data, threads: evaluation.options.threads)
        let point = evaluation.operatingPoint
        let intervals = evaluation.intervals
        let hard: [Int]
        if let hardNegatives {
            hard = hardNegatives
        } else if let point {
            hard = data.scores.indices.filter { data.labels[$0] == 0 && data.scores[$0] >= point.threshold }
        } else {
            hard = []
        }

        report.section("At the operating point")
        if let point {
            report.paragraph("Rule: \(ruleText(evaluation.options.operatingPoint)). Threshold \(HumanNumber.format(point.threshold, significant: 4)); a row is predicted positive when its score is at or above it. \(HumanNumber.count(hard.count)) hard negatives (negatives at or above the threshold).")
        } else {
            report.verdict("No operating point:", evaluation.warnings.first { $0.key == "operating_point" }?.reason ?? "none was requested", tone: .bad)
        }
        report.table(caption: "Metrics (95% percentile-bootstrap intervals over rows, threshold held fixed)",
                     headers: ["metric", "value", "95% interval"], rows: metricRows(evaluation))

        // Score distributions.
        report.section("Score distributions")
        report.chart(scoreHistogram(data, hard: hard, point: point, band: evaluation.band))

        // Curves.
        report.section("Precision–recall and ROC curves")
        if let pr = curve.precisionRecallCurve { report.chart(precisionRecallChart(pr, point: point, intervals: intervals, positiveShare: Double(data.positives) / Double(data.count))) }
        if let roc = curve.rocCurve { report.chart(rocChart(roc, point: point, intervals: intervals)) }
        if curve.precisionRecallCurve == nil || curve.rocCurve == nil {
            report.paragraph("Curves need both classes; this data has \(data.positives == 0 ? "no positive" : "no negative") rows.")
        }

        // Calibration in the band.
        if let band = evaluation.band {
            report.section("Calibration in the band")
            let bins = calibrationBins(curve, band: band, count: evaluation.options.calibrationBins)
            if data.areProbabilities, bins.contains(where: { $0.rows > 0 }) {
                report.chart(calibrationChart(bins, band: band, threshold: point?.threshold))
                report.table(caption: "Reliability in the band [\(HumanNumber.format(band.low, significant: 4)), \(HumanNumber.format(band.high, significant: 4))] (ECE \(HumanNumber.format(band.ece)))",
                             headers: ["score bin", "rows", "mean score", "share positive", "gap"],
                             rows: bins.filter { $0.rows > 0 }.map(calibrationRow))
            } else {
                report.paragraph(data.areProbabilities ? "No row scores inside the band." : "The scores are not all in [0, 1], so they are not probabilities: no calibration diagram.")
            }
        }

        if !hard.isEmpty {
            report.section("The hardest negatives")
            let top = hard.sorted { data.scores[$0] != data.scores[$1] ? data.scores[$0] > data.scores[$1] : $0 < $1 }.prefix(15)
            var rows: [[String]] = []
            for (k, row) in top.enumerated() {
                let name: String = ids?[row] ?? HumanNumber.count(row + 1)
                let margin: String = point.map { HumanNumber.format(data.scores[row] - $0.threshold) } ?? "—"
                rows.append([String(k + 1), name, HumanNumber.format(data.scores[row], significant: 4), margin])
            }
            report.table(caption: "The \(top.count) highest-scored of \(HumanNumber.count(hard.count)) hard negatives",
                         headers: ["rank", ids == nil ? "row" : "id", "score", "margin over threshold"], rows: rows)
        }
        if !evaluation.warnings.isEmpty {
            report.section("Warnings")
            report.list(evaluation.warnings.map { "\($0.key): \($0.reason)" })
        }
        return report
    }

    static func ruleText(_ rule: OperatingPointRule?) -> String {
        switch rule {
        case .threshold(let t): "fixed threshold \(HumanNumber.format(t, significant: 4))"
        case .targetRecall(let r): "the most precise threshold with recall ≥ \(HumanNumber.tick(r))"
        case .targetPrecision(let p): "the threshold with the most recall and precision ≥ \(HumanNumber.tick(p))"
        case .targetFPR(let f): "the threshold with the most recall and false-positive rate ≤ \(HumanNumber.tick(f))"
        case nil: "none"
        }
    }

    static func intervalText(_ i: ConfidenceInterval?) -> String {
        i.map { "[\(HumanNumber.format($0.low)), \(HumanNumber.format($0.high))]" } ?? "—"
    }

    static func metricRows(_ e: EvaluationReport) -> [[String]] {
        var rows: [[String]] = []
        let p = e.operatingPoint, i = e.intervals
        if let p {
            rows.append(["precision", HumanNumber.format(p.precision), intervalText(i?.precision)])
            rows.append(["recall", HumanNumber.format(p.recall), intervalText(i?.recall)])
            rows.append(["false-positive rate", HumanNumber.format(p.falsePositiveRate), intervalText(i?.falsePositiveRate)])
            rows.append(["F1", HumanNumber.format(p.f1), "—"])
            rows.append(["true / false positives", "\(HumanNumber.count(p.truePositives)) / \(HumanNumber.count(p.falsePositives))", "—"])
            rows.append(["true negatives / false negatives", "\(HumanNumber.count(p.trueNegatives)) / \(HumanNumber.count(p.falseNegatives))", "—"])
        }
        rows.append(["ROC AUC", HumanNumber.format(e.rocAUC), "—"])
        rows.append(["average precision", HumanNumber.format(e.averagePrecision), intervalText(i?.averagePrecision)])
        if let maxFPR = e.options.maxFPR { rows.append(["partial AUC (FPR ≤ \(HumanNumber.tick(maxFPR)))", HumanNumber.format(e.partialAUC), "—"]) }
        if let b = e.band {
            rows.append(["rows in the band [\(HumanNumber.format(b.low, significant: 4)), \(HumanNumber.format(b.high, significant: 4))]", HumanNumber.count(b.rows), "—"])
            rows.append(["error rate in the band", HumanNumber.format(b.errorRate), "—"])
            rows.append(["calibration error (ECE) in the band", HumanNumber.format(b.ece), "—"])
        }
        if e.logLoss != nil { rows.append(["log loss", HumanNumber.format(e.logLoss), "—"]) }
        if e.brier != nil { rows.append(["Brier score", HumanNumber.format(e.brier), "—"]) }
        return rows
    }

    /// Counts of `values` in `bins` equal-width bins over [low, high].
    static func histogram(_ values: [Double], low: Double, high: Double, bins: Int) -> [Chart.Bin] {
        var counts = [Int](repeating: 0, count: bins)
        let width = (high - low) / Double(bins)
        for v in values {
            let b = width > 0 ? min(bins - 1, max(0, Int((v - low) / width))) : 0
            counts[b] += 1
        }
        return counts.enumerated().map { Chart.Bin(low: low + Double($0.offset) * width, high: low + Double($0.offset + 1) * width, value: Double($0.element)) }
    }

    static func scoreHistogram(_ data: ScoredLabels, hard: [Int], point: OperatingPoint?, band: ThresholdBand?) -> Chart {
        let low = data.scores.min() ?? 0, high = data.scores.max() ?? 1
        let domain = data.areProbabilities ? (0.0, 1.0) : ChartScale.niceDomain([low, high], kind: .linear)
        let bins = 50
        let positives = data.scores.indices.filter { data.labels[$0] == 1 }.map { data.scores[$0] }
        let negatives = data.scores.indices.filter { data.labels[$0] == 0 }.map { data.scores[$0] }
        var chart = Chart(title: "Scores of positives, negatives and hard negatives",
                          caption: "Rows per score bin (log scale). Negatives right of the threshold line are the hard negatives; the shaded strip is the band.",
                          x: .init(label: "score", domain: domain), y: .init(label: "rows", kind: .log))
        if let band { chart.marks.append(.xBand(low: band.low, high: band.high, label: "band ±\(HumanNumber.tick((band.high - band.low) / 2))")) }
        chart.marks.append(.bars(name: "negatives (\(HumanNumber.count(negatives.count)))", bins: histogram(negatives, low: domain.0, high: domain.1, bins: bins), style: 0))
        chart.marks.append(.bars(name: "positives (\(HumanNumber.count(positives.count)))", bins: histogram(positives, low: domain.0, high: domain.1, bins: bins), style: 3))
        if !hard.isEmpty {
            chart.marks.append(.bars(name: "hard negatives (\(HumanNumber.count(hard.count)))", bins: histogram(hard.map { data.scores[$0] }, low: domain.0, high: domain.1, bins: bins), style: 1))
        }
        if let point { chart.marks.append(.verticalRule(x: point.threshold, label: "threshold \(HumanNumber.format(point.threshold, significant: 4))", style: 4)) }
        return chart
    }

    /// Curve points thinned so that consecutive kept points differ by at least `step` on an axis.
    static func thinned(_ points: [Chart.Point], step: Double = 0.0008) -> [Chart.Point] {
        guard var last = points.first else { return [] }
        var out = [last]
        for p in points.dropFirst().dropLast() where abs(p.x - last.x) >= step || abs(p.y - last.y) >= step {
            out.append(p)
            last = p
        }
        if points.count > 1 { out.append(points[points.count - 1]) }
        return out
    }

    static func zoomRange(_ center: Double, low: Double?, high: Double?, minimumHalf: Double, limit: (Double, Double)) -> (low: Double, high: Double) {
        let half = max(minimumHalf, 1.6 * max(center - (low ?? center), (high ?? center) - center))
        var a = center - half, b = center + half
        if a < limit.0 { b += limit.0 - a; a = limit.0 }
        if b > limit.1 { a -= b - limit.1; b = limit.1 }
        return (max(limit.0, a), min(limit.1, b))
    }

    static func precisionRecallChart(_ pr: PrecisionRecallCurve, point: OperatingPoint?, intervals: BootstrapIntervals?, positiveShare: Double) -> Chart {
        let points = thinned(zip(pr.recall, pr.precision).reversed().map { Chart.Point($0.0, $0.1) })
        var chart = Chart(title: "Precision–recall curve",
                          caption: "Each point is one threshold; up and right is better. The dashed line is the positive share (a random ranking); the dot is the operating point with its 95% bootstrap intervals.",
                          x: .init(label: "recall", domain: (0, 1)), y: .init(label: "precision", domain: (0, 1)))
        chart.marks.append(.line(name: "model", points: points, style: 0))
        chart.marks.append(.horizontalRule(y: positiveShare, label: "random (\(HumanNumber.format(positiveShare)))", style: 5))
        if let point, let r = point.recall, let p = point.precision {
            let i = intervals
            chart.marks.append(.points(name: "operating point", points: [Chart.Point(r, p, xLow: i?.recall?.low, xHigh: i?.recall?.high, yLow: i?.precision?.low, yHigh: i?.precision?.high)], style: 1))
            chart.zoom = .init(x: zoomRange(r, low: i?.recall?.low, high: i?.recall?.high, minimumHalf: 0.05, limit: (0, 1)),
                               y: zoomRange(p, low: i?.precision?.low, high: i?.precision?.high, minimumHalf: 0.05, limit: (0, 1)))
        }
        return chart
    }

    static func rocChart(_ roc: ROCCurve, point: OperatingPoint?, intervals: BootstrapIntervals?) -> Chart {
        let points = thinned(zip(roc.falsePositiveRates, roc.truePositiveRates).map { Chart.Point($0.0, $0.1) })
        var chart = Chart(title: "ROC curve",
                          caption: "True-positive rate against false-positive rate over every threshold; up and left is better, the diagonal is a random ranking. The zoom shows the low-FPR region around the operating point.",
                          x: .init(label: "false-positive rate", domain: (0, 1)), y: .init(label: "true-positive rate (recall)", domain: (0, 1)))
        chart.marks.append(.line(name: "model", points: points, style: 0))
        chart.marks.append(.line(name: "random", points: [Chart.Point(0, 0), Chart.Point(1, 1)], style: 5, dashed: true))
        if let point, let f = point.falsePositiveRate, let r = point.recall {
            let i = intervals
            chart.marks.append(.points(name: "operating point", points: [Chart.Point(f, r, xLow: i?.falsePositiveRate?.low, xHigh: i?.falsePositiveRate?.high, yLow: i?.recall?.low, yHigh: i?.recall?.high)], style: 1))
            let fHigh = min(1, max(0.02, 2.5 * (i?.falsePositiveRate?.high ?? f)))
            chart.zoom = .init(x: (0, fHigh), y: zoomRange(r, low: i?.recall?.low, high: i?.recall?.high, minimumHalf: 0.05, limit: (0, 1)))
        }
        return chart
    }

    /// One reliability bin of the band.
    struct CalibrationBin {
        var low: Double, high: Double, rows: Int, meanScore: Double, positiveShare: Double
    }

    /// The band cut into `count` equal-width bins, as ``ThresholdBand``'s ECE cuts it.
    static func calibrationBins(_ curve: ThresholdCurve, band: ThresholdBand, count: Int) -> [CalibrationBin] {
        let width = band.high - band.low
        var rows = [Int](repeating: 0, count: count), positives = [Int](repeating: 0, count: count), sums = [Double](repeating: 0, count: count)
        for (score, label) in zip(curve.sortedScores, curve.sortedLabels) where score >= band.low && score <= band.high {
            let b = width > 0 ? min(count - 1, Int((score - band.low) / width * Double(count))) : 0
            rows[b] += 1
            positives[b] += Int(label)
            sums[b] += score
        }
        var out: [CalibrationBin] = []
        for b in 0..<count {
            let n = Double(rows[b])
            let binLow: Double = band.low + width * Double(b) / Double(count)
            let binHigh: Double = band.low + width * Double(b + 1) / Double(count)
            out.append(CalibrationBin(low: binLow, high: binHigh, rows: rows[b],
                                      meanScore: rows[b] > 0 ? sums[b] / n : .nan,
                                      positiveShare: rows[b] > 0 ? Double(positives[b]) / n : .nan))
        }
        return out
    }

    static func calibrationRow(_ b: CalibrationBin) -> [String] {
        let range: String = HumanNumber.format(b.low, significant: 4) + "–" + HumanNumber.format(b.high, significant: 4)
        return [range, HumanNumber.count(b.rows), HumanNumber.format(b.meanScore), HumanNumber.format(b.positiveShare),
                HumanNumber.format(b.positiveShare - b.meanScore)]
    }

    static func calibrationChart(_ bins: [CalibrationBin], band: ThresholdBand, threshold: Double?) -> Chart {
        let low = max(0, band.low), high = min(1, band.high)
        var chart = Chart(title: "Reliability diagram in the band",
                          caption: "For each score bin in the band: the share of positives against the mean score. On the diagonal the score is calibrated; above it the model under-predicts.",
                          x: .init(label: "mean score in bin", domain: (low, high)), y: .init(label: "share of positives", domain: (0, 1)))
        chart.marks.append(.line(name: "perfect calibration", points: [Chart.Point(low, low), Chart.Point(high, high)], style: 5, dashed: true))
        let filled = bins.filter { $0.rows > 0 }
        chart.marks.append(.line(name: "", points: filled.map { Chart.Point($0.meanScore, $0.positiveShare) }, style: 0))
        chart.marks.append(.points(name: "bins (\(HumanNumber.count(filled.reduce(0) { $0 + $1.rows })) rows)", points: filled.map { Chart.Point($0.meanScore, $0.positiveShare) }, style: 0))
        if let threshold { chart.marks.append(.verticalRule(x: threshold, label: "threshold", style: 4)) }
        return chart
    }
}
