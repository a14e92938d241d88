import ArgumentParser
import Quarry

extension QuarryCommand {
    /// `quarry evaluate`: measures a scored, labelled table in its threshold region.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure a model where it matters: ranking metrics, an operating point, the band around it.",
            discussion: """
            Reads a CSV file with a label and a score column. A row is predicted positive when \
            score ≥ threshold. A target option picks, among the distinct scores, the threshold that \
            meets the target with the best value of the other side: --target-recall R the most precise \
            threshold with recall ≥ R; --target-precision P the threshold with the most recall and \
            precision ≥ P; --target-fpr F the threshold with the most recall and false-positive rate ≤ F \
            (ties: the higher threshold). Undefined values are null with a reason under "warnings". \
            See docs/metrics.md for every definition.
            """)

        @OptionGroup var input: ScoredInputOptions
        @OptionGroup var operatingPoint: OperatingPointOptions

        @Option(help: "Report the band [t − W, t + W] around the operating threshold t.")
        var band: Double?

        @Option(name: .customLong("max-fpr"), help: "Report the McClish-standardized partial ROC AUC up to this false-positive rate, in (0, 1].")
        var maxFPR: Double?

        @Option(help: "Bootstrap replicates for 95% percentile intervals (0 = none).")
        var bootstrap: Int = 0

        @Option(help: "The bootstrap seed.")
        var seed: UInt64 = 0

        @Option(name: .customLong("calibration-bins"), help: "Equal-width bins of the band's expected calibration error.")
        var calibrationBins: Int = 10

        @Option(help: "Threads (default: every core); results do not depend on it.")
        var threads: Int?

        @Flag(help: "Print the machine-readable JSON report on stdout instead of text.")
        var json = false

        @Option(name: [.short, .customLong("output")], help: "Also write the JSON report to this file.")
        var output: String?

        @Flag(help: "Print nothing on stdout (use with --output).")
        var quiet = false

        /// The library options the flags describe.
        var evaluationOptions: EvaluationOptions {
            EvaluationOptions(operatingPoint: operatingPoint.rule(), bandHalfWidth: band, maxFPR: maxFPR,
                              bootstrapReplicates: bootstrap, seed: seed, calibrationBins: calibrationBins,
                              threads: threads)
        }

        func validate() throws {
            do {
                try evaluationOptions.validate()
            } catch let error as MetricsInputError {
                if case let .invalidOption(key, expected, found) = error {
                    throw ValidationError("--\(key.replacingOccurrences(of: "_", with: "-")) must be \(expected); got \(found)")
                }
                throw error
            }
        }

        func run() throws {
            let evaluator = try Evaluator(options: evaluationOptions)
            let loaded = try CSVTable(path: input.file, options: CSVTable.Options(
                csv: try CSVOptions(delimiter: input.delimiter), numericColumns: [input.score], threads: threads))
            let labels = try loaded.binaryLabels(column: input.label, positive: input.positive)
            let scores = try loaded.finiteNumbers(column: input.score)
            let data: ScoredLabels
            do {
                data = try ScoredLabels(scores: scores, labels: labels)
            } catch MetricsInputError.empty {
                throw InvalidInput("\(loaded.path): no data rows after the header; expected at least one scored row",
                                   kind: .dataError)
            }
            let report = evaluator.evaluate(data)
            var parameters: [(String, JSONValue)] = [
                ("file", .string(input.file)), ("label", .string(input.label)), ("score", .string(input.score)),
            ]
            if let positive = input.positive { parameters.append(("positive", .string(positive))) }
            let jsonText = report.json(leadingParameters: parameters).serialized(pretty: true) + "\n"
            if let output {
                let file = try AtomicFile(path: output)
                do {
                    try file.write(jsonText)
                    try file.commit()
                } catch {
                    file.discard()
                    throw error
                }
            }
            guard !quiet else { return }
            Terminal.print(json ? String(jsonText.dropLast()) : report.text)
        }
    }
}
