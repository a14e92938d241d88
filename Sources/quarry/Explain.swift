import ArgumentParser
import Quarry

extension QuarryCommand {
    /// `quarry explain`: why are the hard negatives hard, judged by the features?
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain the hard negatives by the features: is there information beyond the score, which features carry it, per-feature gaps, slices, suspected label errors.",
            discussion: """
            Compares three groups: hard negatives (negatives scoring ≥ the threshold, or the rows in \
            --hard), the true positives within --positive-band above the threshold (all true \
            positives when fewer than --min-positives), and easy negatives (below threshold − \
            --easy-margin). Features are every numeric column except label, score and id, unless \
            --features is given; --derive adds computed columns ("name = expression" with \
            + - * / × ÷, parentheses, log, log1p, abs, sqrt, min, max). The operating threshold \
            defaults to 0.5.

            The verdict audits the labelled rows scoring ≥ the threshold (or within --band of it): \
            a small GBDT boosted from the cross-fitted isotonic recalibration of the score, against \
            labels permuted within score bins (--permutations), with a power check; see docs/analysis.md.
            """)

        @OptionGroup var input: ScoredInputOptions
        @OptionGroup var operatingPoint: OperatingPointOptions

        @Option(help: "Comma-separated feature columns (default: every other numeric column).")
        var features: String?

        @Option(name: .customLong("derive"), help: "A derived feature \"name = expression\" (repeatable).")
        var derived: [String] = []

        @Option(help: "A CSV of already mined hard negatives: a 'row' column (0-based data row) or the --id column.")
        var hard: String?

        @Option(name: .customLong("positive-band"), parsing: .unconditional, help: "Width of the score band above the threshold for reference positives.")
        var positiveBand: Double = 0.2

        @Option(name: .customLong("min-positives"), parsing: .unconditional, help: "Fewer positives than this in the band: use all true positives.")
        var minimumPositives: Int = 30

        @Option(name: .customLong("easy-margin"), parsing: .unconditional, help: "Negatives below threshold − margin are easy.")
        var easyMargin: Double = 0.2

        @Option(parsing: .unconditional, help: "Cross-fitting folds of the beyond-score audit (3...10).")
        var folds: Int = 5

        @Option(parsing: .unconditional, help: "Label permutations of the audit's null (≥ 20 so p can fall below 0.05; 199 or more for a p-value to two digits).")
        var permutations: Int = 199

        @Option(parsing: .unconditional, help: "Audit the labelled rows within this distance of the threshold instead of every row at or above it.")
        var band: Double?

        @Option(name: .customLong("score-bins"), parsing: .unconditional, help: "Score-quantile bins the null permutes labels within (2...50).")
        var scoreBins: Int = 20

        @Option(name: .customLong("min-effect"), parsing: .unconditional, help: "Smallest effect worth finding, nats of log-loss per row (the power check's planted signal).")
        var minimumEffect: Double = 0.02

        @OptionGroup var threadOptions: ThreadsOptions
        var threads: Int? { threadOptions.count }

        @Option(parsing: .unconditional, help: "Random seed (folds, permutations, planted signals).")
        var seed: UInt64 = 0

        @Option(parsing: .unconditional, help: "Quantile bins per feature for slices.")
        var bins: Int = 5

        @Option(name: .customLong("min-support"), parsing: .unconditional, help: "Least negatives in a reported slice.")
        var minimumSupport: Int = 20

        @Option(parsing: .unconditional, help: "Nearest neighbours examined per suspect.")
        var neighbours: Int = 10

        @Option(name: .customLong("suspect-margin"), parsing: .unconditional, help: "A suspect scores at least threshold + this.")
        var suspectMargin: Double = 0.1

        @Option(parsing: .unconditional, help: "Ranked features shown in the text summary.")
        var top: Int = 10

        @Flag(help: "Print the machine-readable result (JSON) on stdout instead of the summary.")
        var json = false

        @Option(name: [.short, .customLong("output")], help: "Also write the JSON result to this file.")
        var output: String?

        @Flag(help: "No progress on stderr.")
        var quiet = false

        /// The analysis settings these flags describe.
        func explainOptions() -> ExplainOptions {
            var options = ExplainOptions()
            options.groups = .init(positiveBand: positiveBand, minimumPositives: minimumPositives, easyMargin: easyMargin)
            options.audit = .init(region: band.map { .band(halfWidth: $0) } ?? .atOrAboveThreshold, folds: folds,
                                  permutations: permutations, scoreBins: scoreBins, minimumEffect: minimumEffect,
                                  seed: seed, threads: threads)
            options.slices = .init(bins: bins, minimumSupport: minimumSupport)
            options.suspects = .init(neighbours: neighbours, minimumMargin: suspectMargin)
            options.topFeatures = top
            return options
        }

        func validate() throws {
            try Flags.validate { try explainOptions().validate() }
        }

        /// The library request these flags describe.
        func request() throws -> ExplainRequest {
            var request = ExplainRequest(file: input.file, columns: input.columns)
            request.csv = try input.csvOptions()
            request.features = LabeledInput.featureList(features)
            request.derived = try DeriveOption.parse(derived)
            request.operatingPoint = operatingPoint.rule()
            request.hardRowsFile = hard
            request.options = explainOptions()
            return request
        }

        func run() throws {
            try Outputs.claim([output], inputs: [input.file, hard])
            let report = try request().run(progress: TerminalProgress.reporter(quiet: quiet))
            // The audit's advice names settings (`strategy: revise`): shown as flags, in the file too.
            let jsonText = Flags.render(report.json.serialized(pretty: true))
            if let output { try AtomicFile.write(Array((jsonText + "\n").utf8), to: output) }
            Terminal.print(json ? jsonText : Flags.render(report.text))
        }
    }
}
