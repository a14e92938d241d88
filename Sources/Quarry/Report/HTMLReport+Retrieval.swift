extension HTMLReport {
    /// The report of a retrieval mining run: positive, negative and difference score
    /// distributions, what each filter removed, and the rank distribution of the chosen negatives.
    public static func retrieval(_ s: RetrievalMiningSummary, source: String) -> HTMLReport {
        var report = HTMLReport(title: "Retrieval hard negatives — \(source)",
                                subtitle: "\(HumanNumber.count(s.queries)) queries, \(HumanNumber.count(s.pairs)) pairs, \(HumanNumber.count(s.corpusRows)) corpus rows; \(HumanNumber.count(s.numNegatives)) negatives per query from candidate ranks \(s.rangeMin)–\(s.rangeMax) (\(s.sampling) sampling), written as \(s.outputFormat): \(HumanNumber.count(s.rows)) of \(HumanNumber.count(s.maximumRows)) possible rows.")

        report.section("Score distributions")
        let named: [(String, RetrievalMiningSummary.Distribution, Int)] = [("positive", s.positives, 3), ("negative", s.negatives, 0), ("difference (positive − negative)", s.differences, 2)]
        let boxes = named.enumerated().compactMap { k, item -> (Chart.Box, Int)? in
            let d = item.1
            guard let lo = d.minimum, let q1 = d.q25, let m = d.median, let q3 = d.q75, let hi = d.maximum else { return nil }
            return (Chart.Box(x: Double(k), minimum: lo, q1: q1, median: m, q3: q3, maximum: hi, mean: d.mean), item.2)
        }
        var chart = Chart(title: "Scores of positives, chosen negatives and their differences",
                          caption: "Box: quartiles; line: median; whiskers: minimum and maximum; dot: mean. A difference near 0 marks a hard (or falsely negative) pair.",
                          x: .init(label: "", categories: ["positive", "negative", "difference"]), y: .init(label: "similarity score"))
        for (box, style) in boxes { chart.marks.append(.boxes(name: "", boxes: [box], style: style)) }
        chart.marks.append(.horizontalRule(y: 0, label: "", style: 5))
        report.chart(chart)
        report.table(headers: ["", "count", "mean", "std", "min", "25%", "median", "75%", "max"], rows: named.map { name, d, _ in
            [name, HumanNumber.count(d.count), HumanNumber.format(d.mean), HumanNumber.format(d.standardDeviation), HumanNumber.format(d.minimum),
             HumanNumber.format(d.q25), HumanNumber.format(d.median), HumanNumber.format(d.q75), HumanNumber.format(d.maximum)]
        })

        report.section("What each filter removed")
        let examined = s.filters.first { $0.name == "candidates" }?.count ?? 0
        let removed = s.filters.filter { $0.name != "candidates" }
        var bars = Chart(title: "Candidates removed by each stage",
                         caption: "Of \(HumanNumber.count(examined)) candidates examined, in pipeline order; a tall bar is the stage that shapes the output most.",
                         x: .init(label: "stage", categories: removed.map { $0.name.replacingOccurrences(of: "_", with: " ") }), y: .init(label: "candidates removed"))
        bars.marks.append(.bars(name: "", bins: removed.enumerated().map { Chart.Bin(low: Double($0.offset) - 0.35, high: Double($0.offset) + 0.35, value: Double($0.element.count)) }, style: 1))
        report.chart(bars)
        report.table(headers: ["stage", "removed", "share of candidates"], rows: s.filters.map {
            [$0.name.replacingOccurrences(of: "_", with: " "), HumanNumber.count($0.count), examined > 0 ? HumanNumber.percent(Double($0.count) / Double(examined)) : "—"]
        })

        report.section("Where the chosen negatives rank")
        if s.chosenRanks.isEmpty || s.chosenRanks.allSatisfy({ $0 == 0 }) {
            report.paragraph("This summary has no chosen_ranks (written by an older Quarry, or no negative was chosen).")
        } else {
            var ranks = Chart(title: "Rank distribution of the chosen negatives",
                              caption: "Chosen negatives by their rank among the query's candidates (1 = the most similar corpus row; positives count in the ranking). Mass at low ranks means the hardest candidates were kept.",
                              x: .init(label: "candidate rank"), y: .init(label: "chosen negatives"))
            ranks.marks.append(.bars(name: "", bins: s.chosenRanks.enumerated().map { Chart.Bin(low: Double($0.offset) + 0.5, high: Double($0.offset) + 1.5, value: Double($0.element)) }, style: 0))
            report.chart(ranks)
        }
        if s.queriesShort > 0 {
            report.paragraph("\(HumanNumber.count(s.queriesShort)) queries got fewer than \(s.numNegatives) negatives: " + s.shortfalls.filter { $0.count > 0 }.map { "\(HumanNumber.count($0.count)) \($0.reason.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ") + ".")
        }
        if s.suspects > 0 { report.paragraph("\(HumanNumber.count(s.suspects)) candidates were set aside as suspected false negatives.") }
        if !s.warnings.isEmpty {
            report.section("Warnings")
            report.list(s.warnings)
        }
        return report
    }
}
