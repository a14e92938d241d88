import Foundation
import Quarry

extension QuarryCommand.Demo {
    /// One mining-loop run of the demo.
    struct LoopRun {
        var model: String
        var strategy: String
        var summary: LoopSummary
        var strategySeconds: Double
    }

    /// Part 4 of the demo: a bootstrapping split of the spam data, then the mining loop with
    /// each model and strategy, compared on test at the validation threshold for recall 0.9.
    func runLoops(folder: String, seed: UInt64, into out: inout DemoPrinter) throws -> [LoopRun] {
        let input = try LabeledInput.load(file: folder + "/spam.csv", label: "label", features: nil, id: "id", csv: CSVOptions())
        let data = input.data
        let split = BootstrapSplit(labels: data.labels, testShare: 0.25, validationShare: 0.2, negativeShare: 0.1, seed: seed)
        let sets = try MiningLoop<LogisticRegression>.DataSets(
            train: data.selecting(rows: split.train), pool: data.selecting(rows: split.pool),
            validation: data.selecting(rows: split.validation), test: data.selecting(rows: split.test))
        let poolIDs = input.ids.map { ids in split.pool.map { ids[$0] } }
        let configuration = try MiningLoopConfiguration(operatingPoint: .targetRecall(0.9), rounds: 5, perRound: 100,
                                                        band: 0.05, seed: seed)
        out.section("4. Fix the model: the mining loop")
        out.line("A seeded split (seed \(seed)) as in detector bootstrapping: the initial training set holds every spam of its")
        out.line("share but only 10% of the legitimate mails (\(split.train.count) rows); the other \(split.pool.count) legitimate mails form")
        out.line("the pool where hard negatives are mined (\(configuration.perRound) a round); the threshold is chosen on validation")
        out.line("(\(split.validation.count) rows) for recall ≥ 0.9 and everything is reported on test (\(split.test.count) rows).")

        var runs: [LoopRun] = []
        for model in ["logistic", "gbdt"] {
            for strategyName in ["expand", "fine-tune"] {
                let strategy: any ImprovementStrategy = strategyName == "expand" ? try ExpandStrategy() : try FineTuneStrategy(replayRatio: 10)
                let directory = LoopRunDirectory(path: "\(output)/loop-\(model)-\(strategyName)")
                try? FileManager.default.removeItem(atPath: directory.path)
                let summary: LoopSummary
                if model == "logistic" {
                    summary = try LoopSummary.run(
                        MiningLoop<LogisticRegression>(configuration: configuration, strategy: strategy, trainingOptions: .init(),
                                                       continuationOptions: .init(c: 1, proximal: 100), data: sets),
                        directory: directory, header: [("demo", "spam")], poolIDs: poolIDs, resume: false, quiet: true)
                } else {
                    var trees = GradientBoostedTrees.Configuration()
                    trees.seed = seed
                    // Added trees are capped (max_delta_step) so a batch of confident mistakes cannot overshoot.
                    var added = trees
                    added.maxDeltaStep = 1
                    summary = try LoopSummary.run(
                        MiningLoop<GradientBoostedTrees>(configuration: configuration, strategy: strategy, trainingOptions: trees,
                                                         continuationOptions: .init(rounds: 20, configuration: added),
                                                         data: try .init(train: sets.train, pool: sets.pool, validation: sets.validation, test: sets.test)),
                        directory: directory, header: [("demo", "spam")], poolIDs: poolIDs, resume: false, quiet: true)
                }
                runs.append(LoopRun(model: model, strategy: strategyName, summary: summary,
                                    strategySeconds: summary.rounds.compactMap(\.strategySeconds).reduce(0, +)))
            }
        }

        let maxRounds = runs.map(\.summary.rounds.count).max() ?? 0
        out.line("")
        out.line("Test precision / FPR at the validation threshold for recall 0.9, per round (round 0 = before mining):")
        var header = "model     strategy  "
        for r in 0..<maxRounds { header += "round \(r)".leftPadded(15) }
        header += "   training s  stopped"
        out.line(header)
        for run in runs {
            var line = run.model.padding(toLength: 10, withPad: " ", startingAt: 0) + run.strategy.padding(toLength: 10, withPad: " ", startingAt: 0)
            for r in 0..<maxRounds {
                if r < run.summary.rounds.count {
                    let round = run.summary.rounds[r]
                    let p = LoopSummary.test(round, "precision"), f = LoopSummary.test(round, "fpr")
                    line += "\(Self.short(p))/\(Self.short(f))".leftPadded(15)
                } else {
                    line += "".leftPadded(15)
                }
            }
            line += String(format: "%.3f", run.strategySeconds).leftPadded(13) + "  " + run.summary.stop.rawValue
            out.line(line)
        }
        out.line("")
        for run in runs {
            guard let first = run.summary.rounds.first, let last = run.summary.rounds.last,
                  let p0 = LoopSummary.test(first, "precision"), let p1 = LoopSummary.test(last, "precision"),
                  let f0 = LoopSummary.test(first, "fpr"), let f1 = LoopSummary.test(last, "fpr") else { continue }
            let verb = p1 > p0 ? "raised" : p1 < p0 ? "lowered" : "left"
            out.line("- \(run.model) · \(run.strategy): \(verb) test precision \(Self.short(p0)) → \(Self.short(p1)), FPR \(Self.short(f0)) → \(Self.short(f1)) (training \(String(format: "%.3f", run.strategySeconds)) s in all)")
        }
        out.line("Run folders (manifest, per-round models, mined rows, metrics): \(output)/loop-*")
        return runs
    }

    static func short(_ x: Double?) -> String {
        x.map { String(format: "%.3f", $0) } ?? "n/a"
    }
}
