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
            side (ties: the higher threshold). Undefined values are null with a warning.
            """)

        @OptionGroup var input: ScoredInputOptions
        @OptionGroup var operatingPoint: OperatingPointOptions

        @Option(help: "Half-width W of the band [t − W, t + W] around the threshold.")
        var band: Double?

        @Option(name: .customLong("max-fpr"), help: "Report the partial AUC up to this false-positive rate (McClish-standardized).")
        var maxFPR: Double?

        @Option(help: "Bootstrap replicates for the 95% intervals (0 = none).")
        var bootstrap: Int = 0

        @Option(help: "The bootstrap seed.")
        var seed: UInt64 = 0

        @Flag(help: "Print the machine-readable JSON report on stdout.")
        var json = false

        @Flag(help: "No progress output.")
        var quiet = false

        func run() throws {
            let data = try input.load()
            let options = EvaluationOptions(operatingPoint: operatingPoint.rule(), bandHalfWidth: band, maxFPR: maxFPR,
                                            bootstrapReplicates: bootstrap, seed: seed)
            let report = try Evaluator(options: options).evaluate(ScoredLabels(scores: data.scores, labels: data.labels))
            if json {
                Terminal.print(report.json(leadingParameters: input.parametersJSON).serialized(pretty: true))
            } else {
                Terminal.print(report.text)
            }
        }
    }
}
