import ArgumentParser
import Foundation
import Quarry

extension QuarryCommand {
    /// `quarry loop`: the mining loop over train / pool / validation / test files.
    struct Loop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Iterate: fit, choose the threshold on validation, report on test, mine the pool, fix the model.",
            discussion: """
            Each round fits or updates the model, chooses the operating threshold on --validation, \
            reports the full threshold-region metrics on --test at that threshold, scores --pool and \
            mines up to --per-round of its negatives scored at or above the threshold (never the same \
            row twice), then applies --strategy: expand (retrain from scratch on the training set plus \
            the hard negatives), fine-tune (continue the current model on them plus a replay sample) or \
            revise (add derived features — products and ratios of interacting pairs, weak-slice \
            indicators, log1p of heavy-tailed features, --derive definitions — chosen greedily by their \
            gain in the validation metric, then retrain on the expanded set; the model files record them). \
            It stops when no unmined pool negative reaches the threshold (converged), when the \
            validation metric has not improved for --patience rounds, or after --rounds rounds.

            Every round a control arm (--control, default random) receives the same budget from the same \
            pool with the same seed and model settings; the summary compares the strategy's final model \
            with the control's on test (FPR at the target recall on the test ROC and the partial AUC over \
            TPR ∈ [0.8, 1], paired bootstrap over test rows) and recommends the model that was best on \
            validation among round 0, the strategy's rounds and the controls' rounds.

            The run folder (-o) holds manifest.json, the recommended model.json and round-NNN/ folders \
            (model.json, metrics.json, mined.csv, state.json, timings.json, control-NAME/). \
            `quarry loop --resume RUN_DIR` continues a killed run and ends with the same files as an \
            uninterrupted one.
            """)

        enum StrategyKind: String, ExpressibleByArgument, CaseIterable {
            case expand
            case fineTune = "fine-tune"
            case revise
        }

        @Option(help: "The initial training set (CSV).") var train: String?
        @Option(help: "Labelled data the model has not trained on, where hard negatives are found.") var pool: String?
        @Option(help: "Where the operating threshold is chosen.") var validation: String?
        @Option(help: "Only ever reported.") var test: String?
        @Option(help: "The label column.") var label: String?
        @Option(help: "The id column (kept in mined.csv; never a feature).") var id: String?
        @Option(help: "Comma-separated feature columns (default: every numeric column but label and id).") var features: String?
        @Option(help: "The label value that marks a positive.") var positive: String?
        @Option(help: "The field delimiter.") var delimiter: String = ","

        @Option(help: "The model: logistic or gbdt.") var model: LoopModelKind = .logistic
        @OptionGroup(title: "Logistic regression (--model logistic)") var logistic: LogisticOptions
        @OptionGroup(title: "Gradient-boosted trees (--model gbdt)") var gbdt: GBDTOptions

        @Option(help: "How to fix the model: expand, fine-tune or revise.") var strategy: StrategyKind = .expand
        @Option(help: "How the strategy picks pool negatives: semi-hard (the default: half the budget drawn from the unused negatives nearest the threshold, half uniform; unweighted; measured in bench/results/loop.md), weighted (the model's importance-weighted sampler: case-control for logistic, goss for gbdt), top (the hardest at or above the threshold, unweighted), semi-hard-balanced (semi-hard's rows with the positives up-weighted to keep the initial class-weight ratio), per-model (semi-hard-balanced for logistic, semi-hard for gbdt), case-control or goss.")
        var sampler: LoopSamplerChoice = .semiHard
        @Option(help: "Control arms run next to the strategy on the same budget, seed and model settings, comma-separated: random, random-in-band, full-pool, or none. The first is compared against.")
        var control: String = "random"
        @Option(help: "How the recommended model is chosen: best (the best validation metric among every round of every arm) or guarded (the initial model or a control's final model, whichever has the lower validation FPR at the target recall; the strategy's final model only when it beats that beyond validation noise, paired bootstrap).")
        var chooser: LoopChooser = .best
        @Option(name: .customLong("derive"), help: "revise: a candidate derived feature \"name = expression\" (repeatable).")
        var derive: [String] = []
        @Option(name: .customLong("max-derived"), parsing: .unconditional, help: "revise: the most derived features added per round.") var maxDerived: Int = 2
        @Option(name: .customLong("min-gain"), parsing: .unconditional, help: "revise: the least validation-metric gain a derived feature must bring.")
        var minGain: Double = 0.002
        @OptionGroup(title: "Operating point (default --target-recall 0.9)") var target: OperatingPointOptions
        /// Deprecated spelling of the operating point (`recall=0.9`), kept for existing scripts.
        @Option(name: .customLong("operating-point"),
                help: ArgumentHelp("Deprecated alias: recall=R, precision=P, fpr=F or threshold=T.", visibility: .hidden))
        var operatingPoint: String?
        @Option(parsing: .unconditional, help: "The most rounds of mining.") var rounds: Int = 5
        @Option(name: .customLong("per-round"), parsing: .unconditional, help: "The most hard negatives mined per round.") var perRound: Int = 100
        @Option(parsing: .unconditional, help: "Stop when the validation metric has not improved for this many rounds.") var patience: Int?
        @Option(name: .customLong("cache-limit"), parsing: .unconditional, help: "The most training rows; the easiest negatives are dropped beyond it.")
        var cacheLimit: Int?
        @Option(parsing: .unconditional, help: "Half-width of the band in the test report.") var band: Double = 0.05
        @Option(name: .customLong("hard-weight"), parsing: .unconditional, help: "expand: sample weight of the added hard negatives.") var hardWeight: Double = 1
        @Option(name: .customLong("replay-ratio"), parsing: .unconditional, help: "fine-tune: replayed training rows per hard negative.") var replayRatio: Double = 10
        @Option(parsing: .unconditional, help: "fine-tune, logistic: strength λ of the pull λ/2·‖β − β₀‖² toward the current weights (the data term is C·Σ loss over the batch).")
        var proximal: Double = 100
        @Option(name: .customLong("fine-tune-trees"), parsing: .unconditional, help: "fine-tune, gbdt: trees added per round.") var fineTuneTrees: Int = 20
        @Option(name: .customLong("fine-tune-max-delta-step"), parsing: .unconditional, help: "fine-tune, gbdt: limit on each added leaf's output (0: none); keeps a batch of confident mistakes from overshooting.")
        var fineTuneMaxDeltaStep: Double = 1
        @Option(parsing: .unconditional, help: "Seed of every random choice.") var seed: UInt64 = 0

        @Option(name: .shortAndLong, help: "The run folder to create.") var output: String?
        @Option(help: "Continue the run in this folder (all other options are read from its manifest).") var resume: String?
        @Flag(help: "Print the summary as JSON on stdout.") var json = false
        @Flag(help: "No progress output.") var quiet = false

        func validate() throws {
            if resume != nil { return }
            for (name, value) in [("--train", train), ("--pool", pool), ("--validation", validation), ("--test", test),
                                  ("--label", label), ("-o", output)] where value == nil {
                throw ValidationError("\(name) is required (or --resume RUN_DIR)")
            }
            _ = try operatingPointRule()
            _ = try Self.parseControls(control)
            if !derive.isEmpty, strategy != .revise {
                throw ValidationError("--derive applies to --strategy revise (quarry train --derive fixes derived features of one model)")
            }
        }

        /// The operating point: `--threshold`/`--target-*`, else the deprecated `--operating-point`, else recall ≥ 0.9.
        func operatingPointRule() throws -> OperatingPointRule {
            if let operatingPoint {
                guard target.rule() == nil else {
                    throw ValidationError("give either --operating-point (deprecated) or --threshold/--target-recall/--target-precision/--target-fpr, not both")
                }
                return try Self.parseOperatingPoint(operatingPoint)
            }
            return target.rule(default: .targetRecall(0.9))!
        }

        /// `recall=0.9` → `.targetRecall(0.9)`, … (the deprecated `--operating-point` syntax)
        static func parseOperatingPoint(_ text: String) throws -> OperatingPointRule {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]) else {
                throw ValidationError("--operating-point must be recall=R, precision=P, fpr=F or threshold=T; got '\(text)'")
            }
            let rule: OperatingPointRule
            switch parts[0] {
            case "recall": rule = .targetRecall(value)
            case "precision": rule = .targetPrecision(value)
            case "fpr": rule = .targetFPR(value)
            case "threshold": rule = .threshold(value)
            default: throw ValidationError("--operating-point must start with recall=, precision=, fpr= or threshold=; got '\(text)'")
            }
            do { try rule.validate() } catch let error as QuarryFailure { throw ValidationError("--operating-point: \(error.message)") }
            return rule
        }

        /// `random,full-pool` → `[.random, .fullPool]`; `none` → `[]` (``LoopControl/list(parsing:)``).
        static func parseControls(_ text: String) throws -> [LoopControl] {
            do { return try LoopControl.list(parsing: text) } catch let error as QuarryFailure { throw ValidationError(Flags.render(error.message)) }
        }

        func run() throws {
            if let resume {
                let directory = LoopRunDirectory(path: resume)
                let arguments = try directory.recordedArguments(directory.readManifest())
                var original = try Loop.parse(arguments)
                original.quiet = quiet
                original.json = json
                try original.execute(folder: resume, arguments: arguments, resume: true)
            } else {
                try execute(folder: output!, arguments: Self.typedArguments(), resume: false)
            }
        }

        /// The options as typed after `loop` on this command line, stored in the manifest so
        /// that `--resume` re-parses exactly what the run started with.
        ///
        /// Recording the user's own words (rather than rebuilding a list from the parsed
        /// options) means a new option needs no bookkeeping here; `--json` and `--quiet` are
        /// taken from the resuming command instead.
        static func typedArguments() -> [String] {
            let all = CommandLine.arguments
            guard let subcommand = all.dropFirst().firstIndex(of: "loop") else { return Array(all.dropFirst()) }
            return Array(all[(subcommand + 1)...])
        }

        /// The request these options describe, for the loaded data.
        func request(train: LabeledData, pool: LabeledData, validation: LabeledData, test: LabeledData) throws -> LoopRequest {
            let configuration = try MiningLoopConfiguration(
                operatingPoint: try operatingPointRule(), rounds: rounds, perRound: perRound,
                patience: patience, cacheLimit: cacheLimit, bandHalfWidth: band, seed: seed, controls: try Self.parseControls(control),
                chooser: chooser)
            let strategyValue: any ImprovementStrategy
            switch strategy {
            case .expand: strategyValue = try ExpandStrategy(hardWeight: hardWeight)
            case .fineTune: strategyValue = try FineTuneStrategy(replayRatio: replayRatio)
            case .revise:
                strategyValue = try ReviseFeaturesStrategy(options: .init(
                    maxDerived: maxDerived, minGain: minGain, userFeatures: try DeriveOption.parse(derive), hardWeight: hardWeight))
            }
            var settings = LoopModelSettings(logistic: logistic.trainingOptions)
            settings.logisticContinuation.c = logistic.c
            settings.logisticContinuation.classWeight = logistic.trainingOptions.classWeight
            settings.logisticContinuation.proximal = proximal
            settings.trees = try gbdt.configuration(seed: seed)
            var added = settings.trees
            added.maxDeltaStep = fineTuneMaxDeltaStep
            try added.validate()
            settings.treeContinuation = .init(treeCount: fineTuneTrees, configuration: added)
            return LoopRequest(model: model, settings: settings, configuration: configuration, strategy: strategyValue,
                               sampler: sampler, train: train, pool: pool, validation: validation, test: test)
        }

        /// Runs (or resumes) the loop; `arguments` is the command line recorded in the manifest.
        func execute(folder: String, arguments: [String], resume: Bool) throws {
            let csv = try CSVOptions(delimiter: delimiter)
            if !resume { try Outputs.claim([output], inputs: [train, pool, validation, test]) }
            let files = LoopInputFiles(train: train!, pool: pool!, validation: validation!, test: test!, label: label!, id: id,
                                       features: LabeledInput.featureList(features), positive: positive, csv: csv)
            let progress = TerminalProgress.reporter(quiet: quiet)
            var run = try LoopRun.loading(files, folder: folder, manifestHeader: [("arguments", .array(arguments.map(JSONValue.string)))],
                                          progress: progress) { data in
                try request(train: data.train, pool: data.pool, validation: data.validation, test: data.test)
            }
            run.request.progress = progress
            let validationMetricName = run.request.configuration.validationMetricName
            let onRound = { (round: LoopRound) in
                if !progress.isSilent {
                    TerminalProgress.log("round \(round.round): \(validationMetricName) \(LoopSummary.format(round.validationMetric)) on validation, mined \(round.mined.count)")
                }
            }
            let summary = try resume ? run.resume(onRound: onRound) : run.start(onRound: onRound)
            Terminal.print(json ? summary.json.serialized(pretty: true) : Flags.render(summary.text))
        }
    }
}

extension LoopModelKind: ExpressibleByArgument {}
extension LoopSamplerChoice: ExpressibleByArgument {}
extension LoopChooser: ExpressibleByArgument {}
