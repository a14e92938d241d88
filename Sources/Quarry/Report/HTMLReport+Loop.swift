extension HTMLReport {
    /// The report of a loop run: per round, each arm's test measures with 95% Wilson intervals
    /// (test precision at the validation threshold, FPR at the target recall), the hard
    /// negatives left in the pool, and — with the loop's summary — the paired comparison.
    public static func loop(_ run: LoopRunRecord, source: String) -> HTMLReport {
        let strategyName = run.strategy + (run.sampler.map { " (\($0))" } ?? "")
        var report = HTMLReport(title: "Mining loop — \(source)",
                                subtitle: "\(run.model) model, strategy \(strategyName), \(run.arms[0].rounds.count) rounds; controls: \(run.arms.dropFirst().map(\.name).joined(separator: ", ").nonEmpty ?? "none"); stopped: \(run.stop ?? "not finished").")
        func armLabel(_ arm: LoopRunRecord.Arm) -> String { arm.name == "strategy" ? strategyName : "control: \(arm.name)" }
        let sampled = run.arms.filter { $0.name != "full-pool" }

        report.section("Did each round buy precision at the target recall?")
        if let c = run.comparison, let primary = c.differences.first {
            let tone: Tone = primary.verdict == "better" ? .good : primary.verdict == "worse" ? .bad : .neutral
            report.verdict("Against the \(c.control) control at round \(c.round):",
                           "FPR at the target recall \(HumanNumber.format(primary.strategy)) vs \(HumanNumber.format(primary.control)), difference \(HumanNumber.format(primary.difference)) with 95% paired-bootstrap interval \(intervalText(primary.interval)) — \(primary.verdict).", tone: tone)
            report.paragraph("Recommended model: \(c.chosenArm)\(c.chosenRound.map { " round \($0)" } ?? "") — \(c.chosenReason).")
        } else {
            report.paragraph("The run folder has no summary.json (the loop writes it when the run ends; a killed run has none until it is resumed to its end), so the paired comparison of the final models is not shown. The charts below compare the arms round by round.")
        }

        let rate = run.targetRecall.map { "recall \(HumanNumber.tick($0))" } ?? "recall 0.9"
        var precision = Chart(title: "Test \(run.metricName == "precision" ? "precision" : run.metricName) at the validation threshold, per round",
                              caption: "Each arm's test precision at the threshold chosen on validation, with 95% Wilson intervals over the predicted positives; higher is better.",
                              x: .init(label: "round"), y: .init(label: "test precision"))
        var fpr = Chart(title: "FPR at \(rate) on test, per round",
                        caption: "The least false-positive rate at the target recall on each arm's test ROC, with 95% Wilson intervals over the test negatives; lower is better.",
                        x: .init(label: "round"), y: .init(label: "false-positive rate"))
        var left = Chart(title: "Hard negatives left in the pool, per round",
                         caption: "Unused pool negatives scored at or above the round's threshold: what the next round could still mine. Falling means the model stops confusing them.",
                         x: .init(label: "round"), y: .init(label: "pool negatives ≥ threshold"))
        for (k, arm) in sampled.enumerated() {
            let style = k == 0 ? 1 : (k == 1 ? 0 : k + 1)
            let offset = Double(k) * 0.06 - 0.03 * Double(sampled.count - 1)
            let p = arm.rounds.compactMap { r -> Chart.Point? in
                guard let v = r.testPrecision else { return nil }
                let i = r.truePositives.flatMap { tp in r.falsePositives.flatMap { WilsonInterval.of(successes: tp, trials: tp + $0) } }
                return Chart.Point(Double(r.round) + offset, v, yLow: i?.low, yHigh: i?.high)
            }
            precision.marks.append(.line(name: "", points: p, style: style))
            precision.marks.append(.points(name: armLabel(arm), points: p, style: style))
            let f = arm.rounds.compactMap { r -> Chart.Point? in
                guard let v = r.fprAtTargetRecall else { return nil }
                let i = r.testNegatives.flatMap { n in WilsonInterval.of(successes: Int((v * Double(n)).rounded()), trials: n) }
                return Chart.Point(Double(r.round) + offset, v, yLow: i?.low, yHigh: i?.high)
            }
            fpr.marks.append(.line(name: "", points: f, style: style))
            fpr.marks.append(.points(name: armLabel(arm), points: f, style: style))
            let u = arm.rounds.map { Chart.Point(Double($0.round), Double($0.unusedCandidates)) }
            left.marks.append(.line(name: armLabel(arm), points: u, style: style))
            left.marks.append(.points(name: "", points: u, style: style))
        }
        let last = Double(max(1, (run.arms.first?.rounds.last?.round ?? 1)))
        for chart in [precision, fpr, left] {
            var c = chart
            c.x.domain = (-0.4, last + 0.4)
            if c.title.hasPrefix("Hard") { c.y.domain = ChartScale.niceDomain(c.marks.flatMap(\.extent.ys) + [0], kind: .linear) }
            report.chart(c)
        }

        report.section("Rounds")
        var rows: [[String]] = []
        for arm in run.arms {
            for r in arm.rounds {
                rows.append([arm.name == "strategy" ? run.strategy : arm.name, String(r.round), HumanNumber.format(r.threshold, significant: 4), HumanNumber.format(r.validation),
                             HumanNumber.format(r.testPrecision), HumanNumber.format(r.testRecall), HumanNumber.format(r.fprAtTargetRecall),
                             HumanNumber.format(r.partialAUC), HumanNumber.count(r.mined), HumanNumber.count(r.unusedCandidates), HumanNumber.count(r.trainingRows)])
            }
        }
        report.table(caption: "Every arm and round (test measures at the validation threshold; validation \(run.metricName))",
                     headers: ["arm", "round", "threshold", "validation", "test precision", "test recall", "FPR at \(rate)", "partial AUC", "mined", "left in pool", "training rows"],
                     rows: rows)
        if let c = run.comparison {
            report.table(caption: "Final models on test, paired bootstrap over test rows",
                         headers: ["measure", strategyName, c.control, "difference", "95% interval", "verdict"],
                         rows: c.differences.map { [$0.metric == "fpr_at_target_recall" ? "FPR at \(rate)" : "partial AUC, TPR ∈ [0.8, 1]",
                                                    HumanNumber.format($0.strategy), HumanNumber.format($0.control), HumanNumber.format($0.difference),
                                                    intervalText($0.interval), $0.verdict] })
        }
        return report
    }
}

extension String {
    /// `nil` when empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}
