import ArgumentParser
import Quarry

extension QuarryCommand {
    /// `quarry score-counts`: exact per-score label counts of one partition of a scored pool.
    struct ScoreCountsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score-counts",
            abstract: "Count negatives and positives per distinct score (exact, no binning) for a distributed threshold.",
            discussion: """
            Writes CSV score,negatives,positives, one line per distinct score, descending, scores at full \
            precision. Counts of disjoint partitions combine exactly with merge-score-counts; \
            `mine --score-counts MERGED --target-recall R` then derives the threshold the whole pool would give.
            """)

        @OptionGroup var input: ScoredInputOptions
        @Option(name: .shortAndLong, help: "The counts file to write.")
        var output: String
        @Flag(help: "No summary on stdout.")
        var quiet = false

        func run() throws {
            try Outputs.claim([output], inputs: [input.file])
            let data = try input.load()
            let counts = ScoreCounts(try ScoredLabels(scores: data.scores, labels: data.labels))
            try counts.write(to: output)
            if !quiet { Terminal.print("quarry: \(counts.rows) rows, \(counts.scores.count) distinct scores → \(output)") }
        }
    }

    /// `quarry merge-score-counts`: the exact counts of the union of partitions.
    struct MergeScoreCounts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-score-counts",
            abstract: "Merge score-counts files of disjoint partitions into the exact counts of their union.")

        @Argument(help: "score-counts files, one per partition.")
        var parts: [String]
        @Option(name: .shortAndLong, help: "The merged counts file to write.")
        var output: String
        @Flag(help: "No summary on stdout.")
        var quiet = false

        func run() throws {
            guard !parts.isEmpty else { throw ValidationError("give at least one score-counts file") }
            try Outputs.claim([output], inputs: parts)
            let merged = ScoreCounts.merged(try parts.map { try ScoreCounts.read(path: $0) })
            try merged.write(to: output)
            if !quiet { Terminal.print("quarry: \(parts.count) parts, \(merged.rows) rows, \(merged.scores.count) distinct scores → \(output)") }
        }
    }
}
