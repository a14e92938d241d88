import ArgumentParser
import Quarry

extension QuarryCommand {
    /// `quarry merge`: combine corpus-shard partial files and select negatives.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Combine `mine-retrieval --corpus-shard` partial files and apply the filters and sampling.",
            discussion: """
            Give every part once, with the same --pairs/id/text files and selection options as the shards; the \
            result is byte-identical to a single mine-retrieval run. --dedupe-threshold also needs --corpus. \
            With --query-block j/n, give the corpus-shard parts of query block j: the result is that block's rows.
            """)

        @Argument(help: "Partial candidate files, one per shard.")
        var parts: [String]
        @OptionGroup var pairOptions: RetrievalPairOptions
        @OptionGroup var selection: RetrievalSelectionOptions
        @OptionGroup var dedupeCorpus: RetrievalDedupeCorpusOptions
        @Option(help: "The query block j/n the parts were searched for (mine-retrieval --query-block).")
        var queryBlock: String?
        @OptionGroup var outputOptions: RetrievalOutputOptions

        func run() throws {
            try Outputs.claim([outputOptions.output, outputOptions.suspects],
                              inputs: parts + [dedupeCorpus.corpus] + pairOptions.files)
            let options = try selection.libraryOptions()
            let block = try queryBlock.map { try QueryBlock(parsing: $0) }
            let request = RetrievalRequest(sources: try pairOptions.sources(), options: options, queryBlock: block,
                                           progress: TerminalProgress.reporter(quiet: outputOptions.quiet))
            let result = try request.merge(parts: parts, corpus: dedupeCorpus.corpus)
            try outputOptions.finish(result, command: "merge")
        }
    }
}
