import Foundation
import Quarry

/// `quarry-bench explain-audit-withheld [--withhold f1,f2,…] [--bands 0.2,0.4] [--permutations B]`
///
/// The real-data withheld-feature check on the bundled spam data, in every region: for each
/// withheld feature, a logistic regression (defaults of `quarry train`) fitted on all other
/// features scores the rows in-sample, and the beyond-score audit runs on the rows at or above
/// the 0.5 threshold and in bands around it. Prints per region the rows (spam / legitimate),
/// the verdict, T, the power, and the withheld feature's GCM rank, z and Holm p; and, as the
/// control, the same for the model that saw every feature. Also prints where the withheld
/// feature's signal sits: the share of spam mails with it present above and below the threshold.
enum AuditWithheldBenchmark {
    static func run(_ args: ArraySlice<String>) throws {
        func value(_ flag: String) -> String? {
            args.firstIndex(of: flag).flatMap { i in i + 1 < args.endIndex ? args[i + 1] : nil }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Examples/data/spam.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let labelColumn = header.firstIndex(of: "label")!
        let featureColumns = header.indices.filter { $0 != labelColumn && header[$0] != "id" }
        let names = featureColumns.map { header[$0] }
        var columns = [[Double]](repeating: [], count: featureColumns.count)
        var labels: [Bool] = []
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            for (k, c) in featureColumns.enumerated() { columns[k].append(Double(cells[c])!) }
            labels.append(Double(cells[labelColumn])! > 0.5)
        }
        let withheld = value("--withhold").map { $0.split(separator: ",").map(String.init) } ?? ["charDollar"]
        let bands = value("--bands").map { $0.split(separator: ",").compactMap { Double($0) } } ?? [0.2, 0.4]
        let permutations = value("--permutations").flatMap(Int.init) ?? 199
        let all = FeatureMatrix(names: names, rowCount: labels.count, values: columns.flatMap { $0 })
        print("explain-audit-withheld: spam, \(labels.count) rows, \(names.count) features, threshold 0.5, B = \(permutations)")
        print("model                   region        rows (spam/legit)   verdict         T        power  withheld: rank  z      Holm p   named")
        for feature in withheld {
            guard let w = names.firstIndex(of: feature) else { print("no feature \(feature)"); continue }
            let kept = names.indices.filter { $0 != w }
            let without = FeatureMatrix(names: kept.map { names[$0] }, rowCount: labels.count, values: kept.flatMap { columns[$0] })
            for (model, matrix) in [("without \(feature)", without), ("all features", all)] {
                let fitted = try LogisticRegression.fit(LabeledData(features: matrix, labels: labels), options: .init())
                let scores = try fitted.score(matrix)
                let present = { (i: Int) in columns[w][i] > 0 }
                let spamAbove = labels.indices.filter { labels[$0] && scores[$0] >= 0.5 }
                let spamBelow = labels.indices.filter { labels[$0] && scores[$0] < 0.5 }
                print(String(format: "  %@: spam with %@ > 0: %.1f%% of %d at or above 0.5, %.1f%% of %d below", model, feature,
                             100 * Double(spamAbove.filter(present).count) / Double(max(1, spamAbove.count)), spamAbove.count,
                             100 * Double(spamBelow.filter(present).count) / Double(max(1, spamBelow.count)), spamBelow.count))
                let regions: [(String, BeyondScoreAudit.Region)] = [("score ≥ 0.5", .atOrAboveThreshold)] + bands.map { ("band ±\($0)", .band(halfWidth: $0)) }
                for (name, region) in regions {
                    let audit = try BeyondScoreAudit(features: all, labels: labels, scores: scores, threshold: 0.5,
                                                     options: .init(region: region, permutations: permutations))
                    let rank = audit.features.firstIndex { $0.name == feature }
                    let e = rank.map { audit.features[$0] }
                    print(model.padding(toLength: 24, withPad: " ", startingAt: 0)
                          + name.padding(toLength: 14, withPad: " ", startingAt: 0)
                          + "\(audit.rows.count) (\(audit.positives)/\(audit.negatives))".padding(toLength: 20, withPad: " ", startingAt: 0)
                          + audit.verdict.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
                          + String(format: "%-8.4f %-6.2f %3d of %d    %-6.2f %-8.2g %@", audit.statistic ?? .nan, audit.power ?? .nan,
                                   (rank ?? -2) + 1, audit.features.count, e?.statistic ?? .nan, e?.adjustedPValue ?? .nan,
                                   e?.named == true ? "yes" : "no"))
                }
            }
        }
    }
}
