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

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case csv, jsonl
        }

        @OptionGroup var input: ScoredInputOptions
        @OptionGroup var operatingPoint: OperatingPointOptions

        @Option(help: "How to pick hard examples: \(Strategy.allCases.map(\.rawValue).joined(separator: ", ")).")
        var strategy: Strategy = .falsePositives

        @Option(help: "How many to keep per side with --strategy top-k.")
        var k: Int?

        @Option(help: "The margin W with --strategy margin: negatives scored ≥ threshold − W.")
        var band: Double?

        @Option(help: "Which side to mine: negatives, positives or both.")
        var side: MiningSides = .negatives

        @Option(name: .shortAndLong, help: "Write the mined rows here (CSV or JSONL by extension, or --format).")
        var output: String?

        @Option(help: "The output format: csv or jsonl (default: from the extension of -o).")
        var format: Format?

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
            case .topK:
                guard let k else { throw ValidationError("--strategy top-k needs --k N") }
                guard k > 0 else { throw ValidationError("--k must be ≥ 1; got \(k)") }
            case .margin:
                guard band != nil else { throw ValidationError("--strategy margin needs --band W") }
                if operatingPoint.rule() == nil {
                    throw ValidationError("--strategy margin needs an operating point: --threshold T or --target-recall/--target-precision/--target-fpr")
                }
            case .falsePositives:
                if operatingPoint.rule() == nil {
                    throw ValidationError("--strategy false-positives needs an operating point: --threshold T or --target-recall/--target-precision/--target-fpr")
                }
            }
            if k != nil, strategy != .topK { throw ValidationError("--k applies only to --strategy top-k") }
            if excludeSuspects, operatingPoint.rule() == nil {
                throw ValidationError("--exclude-suspects needs an operating point: suspects are judged against the threshold")
            }
            if features != nil, !excludeSuspects { throw ValidationError("--features applies only to --exclude-suspects") }
            if band != nil, strategy != .margin { throw ValidationError("--band applies only to --strategy margin") }
            if scoreCounts != nil {
                switch operatingPoint.rule() {
                case .threshold?, nil: throw ValidationError("--score-counts applies to a derived threshold: --target-recall, --target-precision or --target-fpr")
                default: break
                }
            }
        }

        /// The output format: `--format`, else the extension of `-o`.
        func outputFormat() throws -> Format {
            if let format { return format }
            guard let output else { return .csv }
            let lower = output.lowercased()
            if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { return .jsonl }
            if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") { return .csv }
            // stdout, /dev/null, a FIFO: a stream has no extension to go by.
            if AtomicFile.writesAsStream(output) { return .csv }
            throw ValidationError("cannot tell the format of '\(output)' from its extension: use .csv or .jsonl, or --format")
        }

        func run() throws {
            try Outputs.claim([output], inputs: [input.file, scoreCounts])
            let format = try outputFormat()
            let csvOptions = try input.csvOptions()
            // A derived threshold needs the whole score distribution first, and suspects every
            // row's features: both read the file into memory once, before the streaming pass.
            var derivedThreshold = operatingPoint.rule() != nil && scoreCounts == nil
            if case .threshold? = operatingPoint.rule() { derivedThreshold = false }
            // The file is read once (a FIFO or process substitution works) and shared by both passes.
            let file = try MappedFile(path: input.file)
            let loaded = derivedThreshold || excludeSuspects ? try input.load(file: file, progress: TerminalProgress.reporter(quiet: quiet)) : nil
            var threshold: Double?
            var chosenPoint: OperatingPoint?
            switch operatingPoint.rule() {
            case .threshold(let t)?: threshold = t
            case let rule?:
                let point: OperatingPoint?
                if let scoreCounts {
                    point = try ScoreCounts.read(path: scoreCounts).operatingPoint(rule)
                } else {
                    let data = loaded!
                    point = ThresholdCurve(try ScoredLabels(scores: data.scores, labels: data.labels)).operatingPoint(rule)
                }
                guard let point else {
                    throw InvalidInput("\(scoreCounts ?? input.file): no threshold meets \(rule.key.replacingOccurrences(of: "_", with: "-")) \(rule.value) on this data", kind: .dataError)
                }
                threshold = point.threshold
                chosenPoint = point
            case nil: break
            }
            let rule: any HardExampleStrategy
            switch strategy {
            case .falsePositives: rule = FalsePositiveStrategy(threshold: threshold!)
            case .topK: rule = try TopKStrategy(k: k!)
            case .margin: rule = try MarginStrategy(threshold: threshold!, band: band!)
            }

            var suspects: LabelSuspects?
            if excludeSuspects, let threshold, let data = loaded {
                let names = try input.featureColumns(of: data, named: LabeledInput.featureList(features))
                let matrix = try FeatureMatrix(table: data.table, features: names)
                let hard = data.scores.indices.filter { !data.labels[$0] && data.scores[$0] >= threshold }
                suspects = try LabelSuspects(features: matrix, labels: data.labels, scores: data.scores, threshold: threshold, candidates: hard)
            }
            let pass = try StreamingMiningPass(file: file, csvOptions: csvOptions, label: input.label,
                                               score: input.score, id: input.id, positive: input.positive, quiet: quiet,
                                               skipping: suspects?.rows ?? [])
            let summaryParameters: [(String, JSONValue)] = input.parametersJSON + [
                ("side", .string(side.rawValue)),
                ("operating_point", operatingPoint.rule().map { .object([($0.key, .number($0.value))]) } ?? .null),
                ("threshold", .optional(threshold)),
                ("output", output.map { .string($0) } ?? .null),
                ("format", .string(format.rawValue)),
                ("exclude_suspects", .bool(excludeSuspects)),
            ]
            var summary: JSONValue
            let preview: [String]
            switch format {
            case .csv:
                let result = try pass.run(strategy: rule, sides: side) { reader, record in Array(reader.recordBytes(record)) }
                if let output { try MinedRowsWriter.writeCSV(result, header: pass.headerBytes, delimiter: csvOptions.delimiter, to: output) }
                summary = MinedRowsWriter.summary(result, parameters: summaryParameters, operatingPoint: chosenPoint)
                preview = MinedRowsWriter.preview(result)
            case .jsonl:
                let result = try pass.run(strategy: rule, sides: side) { reader, record in record.fields.map { reader.string($0) } }
                if let output { try MinedRowsWriter.writeJSONL(result, header: pass.header, to: output) }
                summary = MinedRowsWriter.summary(result, parameters: summaryParameters, operatingPoint: chosenPoint)
                preview = MinedRowsWriter.preview(result)
            }
            if let suspects, case .object(var members) = summary {
                members.insert(("suspects_excluded", [
                    "count": .number(Double(suspects.suspects.count)),
                    "rows": .array(suspects.suspects.map { .number(Double($0.row)) }),
                    "confident_threshold": .optional(suspects.confidentThreshold),
                ]), at: members.count - 1)
                summary = .object(members)
            }
            if json {
                Terminal.print(summary.serialized(pretty: true))
            } else {
                Terminal.print(MinedRowsWriter.text(summary: summary, preview: preview))
            }
        }
    }
}

extension MiningSides: ExpressibleByArgument {}
