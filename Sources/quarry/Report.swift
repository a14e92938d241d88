import ArgumentParser
import Quarry

extension QuarryCommand {
    /// `quarry report`: one self-contained HTML file for a scored file, a loop run, an explain
    /// result or a retrieval mining summary.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a result as one self-contained HTML report (inline SVG and CSS, no script, nothing fetched).",
            discussion: """
            INPUT is recognised by what it is: a loop run folder (holds manifest.json); an explain \
            result (the JSON of `quarry explain -o`); a retrieval mining summary (the output of \
            `quarry mine-retrieval --json`); otherwise a scored CSV file, which needs --label and \
            --score and takes the operating-point options (default --target-recall 0.9), --band, \
            --bootstrap and --seed as `quarry evaluate` does. A loop run's paired comparison comes from \
            the summary.json the loop wrote into the folder, or from --summary. Prints the report's path.
            """)

        @Argument(help: "A scored CSV file, a loop run folder, an explain result (JSON) or a retrieval mining summary (JSON).")
        var input: String

        @Option(name: [.short, .customLong("output")], help: "The HTML file to write.")
        var output: String

        @Option(help: "Scored file: the label column (0/1, true/false, or see --positive).")
        var label: String?

        @Option(help: "Scored file: the score column.")
        var score: String?

        @Option(help: "Scored file: the id column (names the hardest negatives).")
        var id: String?

        @Option(help: "Scored file: the label value that marks a positive.")
        var positive: String?

        @Option(help: "Scored file: the field delimiter (one character; \\t for tab).")
        var delimiter: String = ","

        @OptionGroup var operatingPoint: OperatingPointOptions

        @Option(parsing: .unconditional, help: "Scored file: half-width W of the band [t − W, t + W] around the threshold.")
        var band: Double = 0.1

        @Option(name: .customLong("max-fpr"), parsing: .unconditional, help: "Scored file: report the partial AUC up to this false-positive rate.")
        var maxFPR: Double?

        @Option(parsing: .unconditional, help: "Scored file: bootstrap replicates for the 95% intervals (0 = none).")
        var bootstrap: Int = 1000

        @Option(parsing: .unconditional, help: "Scored file: the bootstrap seed.")
        var seed: UInt64 = 0

        @Option(name: .customLong("calibration-bins"), parsing: .unconditional, help: "Scored file: bins of the reliability diagram in the band.")
        var calibrationBins: Int = 10

        @Option(help: "Loop run: the JSON summary `quarry loop --json` printed (instead of the run folder's summary.json).")
        var summary: String?

        @Flag(help: "No progress output.")
        var quiet = false

        var evaluationOptions: EvaluationOptions {
            EvaluationOptions(operatingPoint: operatingPoint.rule(default: .targetRecall(0.9)), bandHalfWidth: band, maxFPR: maxFPR,
                              bootstrapReplicates: bootstrap, seed: seed, calibrationBins: calibrationBins)
        }

        func validate() throws {
            try Flags.validate { try evaluationOptions.validate() }
            if let label, label == score {
                throw ValidationError("--label and --score name the same column '\(label)'; the score must be the model's output, not the label")
            }
        }

        func run() throws {
            try Outputs.claim([output], inputs: [input, summary])
            let kind = try ReportInput.recognise(input)
            let report: HTMLReport
            switch kind {
            case .scoredFile(let path):
                report = try scoredReport(path)
            case .loopRun(let path):
                let summaryJSON = try summary.map { try ReportInput.readJSON($0) }
                report = HTMLReport.loop(try LoopRunRecord(directory: path, summary: summaryJSON, summaryFile: summary ?? "summary"), source: path)
            case .explain(let path, let json):
                report = HTMLReport.explain(try ExplainResult(json: json, file: path), source: path)
            case .retrieval(let path, let json):
                report = HTMLReport.retrieval(try RetrievalMiningSummary(json: json, file: path), source: path)
            }
            try AtomicFile.write(Array(report.html.utf8), to: output)
            Terminal.print("report (\(kind.kindName), \(report.charts.count) charts): \(output)")
        }

        func scoredReport(_ path: String) throws -> HTMLReport {
            guard let label, let score else {
                throw InvalidInput("\(path) is a scored file: give --label and --score (the label and score columns)")
            }
            let file = try ScoredFile.load(path: path, columns: .init(label: label, score: score, id: id, positive: positive),
                                           csv: try CSVOptions(delimiter: delimiter))
            let data = try ScoredLabels(scores: file.scores, labels: file.labels)
            let evaluation = try Evaluator(options: evaluationOptions).evaluate(data, progress: TerminalProgress.reporter(quiet: quiet))
            let ids = try id.map { try file.table.text(named: $0) }
            return HTMLReport.scored(data, evaluation: evaluation, source: path, ids: ids)
        }
    }
}
