import Foundation
@testable import Quarry

/// Shared data and brute-force references for the GBDT tests.
enum GBDTTestSupport {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtureURL = packageRoot.appendingPathComponent("Tests/Fixtures/models/gbdt_spam_lightgbm.json")
    static let spamURL = packageRoot.appendingPathComponent("Examples/data/spam.csv")
    static var spamAvailable: Bool { FileManager.default.fileExists(atPath: spamURL.path) }

    /// Reads the bundled spam CSV (plain numeric fields): features except `id` and `label`.
    static func loadSpam() throws -> LabeledData {
        let text = try String(contentsOf: spamURL, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        let labelColumn = header.firstIndex(of: "label")!
        let featureColumns = header.indices.filter { header[$0] != "id" && header[$0] != "label" }
        var columns = [[Double]](repeating: [], count: featureColumns.count)
        var labels: [Bool] = []
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            for (k, c) in featureColumns.enumerated() { columns[k].append(Double(fields[c]) ?? .nan) }
            labels.append(fields[labelColumn] == "1")
        }
        let matrix = FeatureMatrix(names: featureColumns.map { header[$0] }, rowCount: labels.count,
                                   values: columns.flatMap { $0 })
        return try LabeledData(features: matrix, labels: labels)
    }

    /// A seeded synthetic problem: `rows × columns` uniform features, a noisy nonlinear label,
    /// and about `missingShare` of the values replaced by NaN.
    static func synthetic(rows: Int, columns: Int, seed: UInt64, missingShare: Double = 0.1) throws -> LabeledData {
        var rng = SeededGenerator(seed: seed)
        var values = [Double](repeating: 0, count: rows * columns)
        for i in 0..<values.count { values[i] = (rng.nextUnitDouble() * 20).rounded() / 4 }
        var labels: [Bool] = []
        for r in 0..<rows {
            let a = values[r], b = values[rows + r], c = values[min(2, columns - 1) * rows + r]
            let logit = 0.8 * a - 0.6 * b + (c > 2.5 ? 1.5 : -1) + (rng.nextUnitDouble() - 0.5) * 3
            labels.append(logit > 0)
        }
        for i in 0..<values.count where rng.nextUnitDouble() < missingShare { values[i] = .nan }
        let names = (0..<columns).map { "f\($0)" }
        return try LabeledData(features: FeatureMatrix(names: names, rowCount: rows, values: values), labels: labels)
    }

    /// ROC AUC by brute force over all positive–negative pairs (ties count half).
    static func bruteForceAUC(scores: [Double], labels: [Bool]) -> Double {
        var wins = 0.0, pairs = 0.0
        for i in scores.indices where labels[i] {
            for j in scores.indices where !labels[j] {
                pairs += 1
                if scores[i] > scores[j] { wins += 1 } else if scores[i] == scores[j] { wins += 0.5 }
            }
        }
        return wins / pairs
    }

    /// The best split of `rows` found by trying every feature, threshold bin and missing
    /// direction, summing gradients row by row (no histograms). Child row counts for
    /// `minChildSamples` are estimated from hessians as LightGBM does (`count × H_child / H`).
    static func exhaustiveBestSplit(data: BinnedFeatures, rows: [Int], gradients: [Float], hessians: [Float],
                                    configuration: GradientBoostedTrees.Configuration) -> (gain: Double, feature: Int, threshold: Int, defaultLeft: Bool)? {
        let l2 = configuration.l2Regularization
        func score(_ g: Double, _ h: Double) -> Double { g * g / (h + l2) }
        var totalG = 0.0, totalH = 0.0
        for r in rows { totalG += Double(gradients[r]); totalH += Double(hessians[r]) }
        var best: (gain: Double, feature: Int, threshold: Int, defaultLeft: Bool)? = nil
        for f in 0..<data.featureCount {
            let mapper = data.mappers[f]
            let missingBin = mapper.missingBin
            let hasMissing = rows.contains { Int(data.bin(row: $0, feature: f)) == missingBin }
            for t in 0..<max(0, mapper.valueBinCount - 1) {
                for missingLeft in (hasMissing ? [false, true] : [false]) {
                    var lg = 0.0, lh = 0.0
                    for r in rows {
                        let b = Int(data.bin(row: r, feature: f))
                        let left = b == missingBin ? missingLeft : b <= t
                        if left { lg += Double(gradients[r]); lh += Double(hessians[r]) }
                    }
                    let estimatedLeft = (lh * Double(rows.count) / totalH).rounded()
                    let estimatedRight = Double(rows.count) - estimatedLeft
                    let rh = totalH - lh
                    guard estimatedLeft >= Double(configuration.minChildSamples),
                          estimatedRight >= Double(configuration.minChildSamples),
                          lh >= configuration.minSumHessian, rh >= configuration.minSumHessian else { continue }
                    let gain = score(lg, lh) + score(totalG - lg, rh) - score(totalG, totalH)
                    guard gain > configuration.minSplitGain else { continue }
                    if best == nil || gain > best!.gain * (1 + 1e-12) {
                        best = (gain, f, t, hasMissing ? missingLeft : estimatedLeft >= estimatedRight)
                    }
                }
            }
        }
        return best
    }
}
