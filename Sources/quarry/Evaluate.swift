import ArgumentParser
import Quarry

extension QuarryCommand {
    /// `quarry evaluate`: the threshold-region report of a scored, labelled file.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure a model's scores in the threshold region.",
            discussion: """
            Reports ROC AUC, average precision and partial AUC; precision, recall, F1 and FPR at \
            the operating point; error rate and calibration inside a band around it; and seeded \
            bootstrap intervals. A row is predicted positive when score ≥ threshold. A derived \
            threshold is the distinct score that meets the target with the best value of the other \
            side: --target-recall R the most precise threshold with recall ≥ R; --target-precision P \
            the threshold with the most recall and precision ≥ P; --target-fpr F the threshold with \
            the most recall and false-positive rate ≤ F (ties: the higher threshold). Undefined \
            values are null with a warning. Definitions: docs/metrics.md.
            """)

        @OptionGroup var input: ScoredInputOptions
        @OptionGroup var operatingPoint: OperatingPointOptions

        @Option(parsing: .unconditional, help: "Half-width W of the band [t − W, t + W] around the threshold.")
        var band: Double?

        @Option(name: .customLong("max-fpr"), parsing: .unconditional, help: "Report the partial AUC up to this false-positive rate (McClish-standardized).")
        var maxFPR: Double?

        @Option(parsing: .unconditional, help: "Bootstrap replicates for the 95% intervals (0 = none).")
        var bootstrap: Int = 0

        @Option(parsing: .unconditional, help: "The bootstrap seed.")
        var seed: UInt64 = 0

        @Option(name: .customLong("calibration-bins"), parsing: .unconditional, help: "Equal-width bins of the band's expected calibration error.")
        var calibrationBins: Int = 10

        @OptionGroup var threadOptions: ThreadsOptions
        var threads: Int? { threadOptions.count }

        @Flag(help: "Print the machine-readable JSON report on stdout.")
        var json = false

        @Option(name: [.short, .customLong("output")], help: "Also write the JSON report to this file.")
        var output: String?

        @Flag(help: "No progress output.")
        var quiet = false

        /// The library options the flags describe.
        var evaluationOptions: EvaluationOptions {
            EvaluationOptions(operatingPoint: operatingPoint.rule(), bandHalfWidth: band, maxFPR: maxFPR,
                              bootstrapReplicates: bootstrap, seed: seed, calibrationBins: calibrationBins,
                              threads: threads)
        }

        func validate() throws {
            try Flags.validate { try evaluationOptions.validate() }
        }

        func run() throws {
            try Outputs.claim([output], inputs: [input.file])
            let evaluator = try Evaluator(options: evaluationOptions)
            let progress = TerminalProgress.reporter(quiet: quiet)
            let data = try input.load(threads: threads, progress: progress)
            let report = evaluator.evaluate(try ScoredLabels(scores: data.scores, labels: data.labels), progress: progress)
            let jsonText = report.json(leadingParameters: input.parametersJSON).serialized(pretty: true)
            if let output { try AtomicFile.write(Array((jsonText + "\n").utf8), to: output) }
            Terminal.print(json ? jsonText : report.text)
        }
    }
}
