extension EvaluationReport {
    /// A readable multi-line rendering (what `quarry evaluate` prints without `--json`).
    /// Numbers are shown with 4 decimals; missing values as "—".
    public var text: String {
        var lines: [String] = []
        lines.append("rows \(rows)  positives \(positives)  negatives \(negatives)")
        var global = "roc_auc \(Self.format(rocAUC))  average_precision \(Self.format(averagePrecision))"
        if let maxFPR = options.maxFPR {
            global += "  partial_auc(max_fpr=\(Self.format(maxFPR))) \(Self.format(partialAUC))"
        }
        lines.append(global)
        if logLoss != nil || brier != nil {
            lines.append("log_loss \(Self.format(logLoss))  brier \(Self.format(brier))")
        }
        if let rule = options.operatingPoint {
            let how = rule.key == "threshold" ? "fixed threshold" : "\(rule.key) \(Self.format(rule.value))"
            if let p = operatingPoint {
                lines.append("")
                lines.append("operating point (\(how)): score ≥ \(Self.format(p.threshold, digits: 6))")
                lines.append("  tp \(p.truePositives)  fp \(p.falsePositives)  tn \(p.trueNegatives)  fn \(p.falseNegatives)")
                lines.append("  precision \(Self.format(p.precision))\(intervalText(intervals?.precision))"
                             + "  recall \(Self.format(p.recall))\(intervalText(intervals?.recall))")
                lines.append("  f1 \(Self.format(p.f1))  fpr \(Self.format(p.falsePositiveRate))\(intervalText(intervals?.falsePositiveRate))")
            } else {
                lines.append("")
                lines.append("operating point (\(how)): none")
            }
        }
        if let b = band {
            lines.append("")
            lines.append("band [\(Self.format(b.low, digits: 6)), \(Self.format(b.high, digits: 6))]: \(b.rows) rows"
                         + " (\(b.positives) positive, \(b.negatives) negative)")
            lines.append("  error_rate \(Self.format(b.errorRate))  ece \(Self.format(b.ece))")
        }
        if let i = intervals {
            lines.append("")
            lines.append("bootstrap: \(i.replicates) replicates, seed \(i.seed), 95% percentile intervals"
                         + "; average_precision\(intervalText(i.averagePrecision))")
        }
        if !warnings.isEmpty {
            lines.append("")
            lines.append("warnings:")
            for w in warnings { lines.append("  \(w.key): \(w.reason)") }
        }
        return lines.joined(separator: "\n")
    }

    private func intervalText(_ i: ConfidenceInterval?) -> String {
        guard let i else { return "" }
        return " [\(Self.format(i.low)), \(Self.format(i.high))]"
    }

    /// `value` rounded half away from zero to `digits` decimals, without Foundation.
    static func format(_ value: Double?, digits: Int = 4) -> String {
        guard let value, value.isFinite else { return "—" }
        return NumberFormat.fixed(value, digits)
    }
}
