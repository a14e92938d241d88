import ArgumentParser
import Quarry

extension QuarryCommand {
    /// `quarry mine`: the hard examples of a scored, labelled file.
    struct Mine: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mine hard negatives (and hard positives) from a scored, labelled file.",
            discussion: """
            Strategies: false-positives (negatives scored ≥ threshold, hardest first), top-k \
            (the k highest-scoring negatives), margin (negatives scored ≥ threshold − band). \
            With --side positives or both, the mirror image: positives scored below the threshold \
            (below threshold + band for margin; the k lowest for top-k), lowest first.

            With --threshold, or top-k without a threshold, mining is one streaming pass whose memory \
            is bounded by the output (plus 8 bytes per row for the score summary). A threshold \
            derived from a target (--target-recall …) needs a first pass over the score and label \
            columns to choose it, then the same streaming pass.

            The output (-o) holds the mined rows with their original columns plus quarry_score, \
            quarry_rank (1 = hardest within its side) and quarry_side; negatives first.
            """)

        enum Strategy: String, ExpressibleByArgument, CaseIterable {
            case falsePositives = "false-positives"
            case topK = "top-k"
            case margin
        }

        @OptionGroup var input: ScoredInputOptions
        @OptionGroup var operatingPoint: OperatingPointOptions

        @Option(help: "How to pick hard examples: \(Strategy.allCases.map(\.rawValue).joined(separator: ", ")).")
        var strategy: Strategy = .falsePositives

        @Option(parsing: .unconditional, help: "How many to keep per side with --strategy top-k.")
        var k: Int?

        @Option(parsing: .unconditional, help: "The margin W with --strategy margin: negatives scored ≥ threshold − W.")
        var band: Double?

        @Option(help: "Which side to mine: negatives, positives or both.")
        var side: MiningSides = .negatives

        @Option(name: .shortAndLong, help: "Write the mined rows here (CSV or JSONL by extension, or --format).")
        var output: String?

        @Option(help: "The output format: csv or jsonl (default: from the extension of -o).")
        var format: TableFormat?

        @Flag(name: .customLong("exclude-suspects"),
              help: "Leave out suspected label errors: hard negatives that look like positives by score and by their nearest labelled neighbours (see quarry explain).")
        var excludeSuspects = false

        @Option(help: "Comma-separated feature columns for --exclude-suspects (default: every numeric column but label, score and id).")
        var features: String?

        @Option(help: "Derive the threshold from these exact score counts (quarry score-counts, merge-score-counts) instead of this file: the whole pool's threshold when mining one partition of it.")
        var scoreCounts: String?

        @Flag(help: "Print the summary as JSON on stdout.")
        var json = false

        @Flag(help: "No progress output.")
        var quiet = false

        func validate() throws {
            switch strategy {
            case .topK: guard k != nil else { throw ValidationError("--strategy top-k needs --k N") }
            case .margin: guard band != nil else { throw ValidationError("--strategy margin needs --band W") }
            case .falsePositives: break
            }
            if k != nil, strategy != .topK { throw ValidationError("--k applies only to --strategy top-k") }
            if band != nil, strategy != .margin { throw ValidationError("--band applies only to --strategy margin") }
            try Flags.validate { try request(format: .csv).validate() }
        }

        /// The output format: `--format`, else the extension of `-o`.
        func outputFormat() throws -> TableFormat {
            if let format { return format }
            guard let output else { return .csv }
            if let format = TableFormat(extensionOf: output) { return format }
            // stdout, /dev/null, a FIFO: a stream has no extension to go by.
            if AtomicFile.writesAsStream(output) { return .csv }
            throw ValidationError("cannot tell the format of '\(output)' from its extension: use .csv or .jsonl, or --format")
        }

        /// The library request these flags describe.
        func request(format: TableFormat) throws -> ScoredFileMining {
            var request = ScoredFileMining(file: input.file, columns: input.columns)
            request.csv = try input.csvOptions()
            switch strategy {
            case .falsePositives: request.miningStrategy = .falsePositives
            case .topK: request.miningStrategy = .topK(k: k ?? 0)
            case .margin: request.miningStrategy = .margin(width: band ?? 0)
            }
            request.operatingPoint = operatingPoint.rule()
            request.sides = side
            request.output = output
            request.format = format
            request.excludeSuspects = excludeSuspects
            request.suspectFeatures = LabeledInput.featureList(features)
            request.scoreCounts = scoreCounts
            return request
        }

        func run() throws {
            try Outputs.claim([output], inputs: [input.file, scoreCounts])
            let report = try request(format: outputFormat()).run(progress: TerminalProgress.reporter(quiet: quiet))
            Terminal.print(json ? report.json.serialized(pretty: true) : report.text)
        }
    }
}

extension MiningSides: ExpressibleByArgument {}
extension TableFormat: ExpressibleByArgument {}
