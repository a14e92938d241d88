import ArgumentParser
import Quarry

extension QuarryCommand {
    /// `quarry retrieval-pool`: stage 1 of two-stage mining — each query's dense candidate window.
    struct RetrievalPool: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retrieval-pool",
            abstract: "Write each query's dense candidate window (query_id, rank, corpus_id, dense_score, is_positive) for rescoring.",
            discussion: """
            Stage 1 of two-stage mining (sentence-transformers' cross_encoder rescoring): the window is the top \
            range_max + max positives distinct candidates the one-stage run would search, plus each query's positives \
            outside it (rank null). Score every line's pair with any scorer, then run `quarry retrieval-select` with \
            the same pairs, id/text files and selection options.
            """)

        @OptionGroup var embeddings: RetrievalEmbeddingOptions
        @OptionGroup var pairOptions: RetrievalPairOptions
        @OptionGroup var selection: RetrievalSelectionOptions
        @OptionGroup var threadOptions: ThreadsOptions
        var threads: Int { threadOptions.countOrZero }
        @Option(name: [.short, .long], help: "The pool (JSONL).")
        var output: String
        @Flag(help: "Print nothing but errors.")
        var quiet = false

        func run() throws {
            try Outputs.claim([output], inputs: [embeddings.queries, embeddings.corpus] + pairOptions.files)
            let options = try selection.libraryOptions()
            let request = RetrievalRequest(sources: try pairOptions.sources(), options: options, threads: threads,
                                           progress: TerminalProgress.reporter(quiet: quiet))
            let pool = try request.candidatePool(queries: embeddings.queries, corpus: embeddings.corpus, writingTo: output)
            if !quiet {
                Terminal.writeStderr("quarry: wrote the candidate pool of \(pool.queries) queries (window \(pool.depth)) to \(output)\n")
            }
        }
    }

    /// `quarry retrieval-select`: stage 2 — select negatives from a pool with external scores.
    struct RetrievalSelect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retrieval-select",
            abstract: "Select hard negatives from a `retrieval-pool` file with external scores (e.g. a cross-encoder's).",
            discussion: """
            --scores is JSONL {"query_id": …, "corpus_id": …, "score": …} covering every pair of the pool. The \
            reference's rules run on those scores: positives masked, margins against the lowest rescored positive, \
            max/min score, range_max, range_min, sampling. Give the pairs, id/text files and selection options of \
            stage 1; --dedupe-threshold also needs --corpus.
            """)

        @Option(help: "The candidate pool written by `quarry retrieval-pool`.")
        var pool: String
        @Option(help: "JSONL of {\"query_id\": …, \"corpus_id\": …, \"score\": …}, one per pool line.")
        var scores: String
        @OptionGroup var pairOptions: RetrievalPairOptions
        @OptionGroup var selection: RetrievalSelectionOptions
        @OptionGroup var dedupeCorpus: RetrievalDedupeCorpusOptions
        @OptionGroup var outputOptions: RetrievalOutputOptions

        func run() throws {
            try Outputs.claim([outputOptions.output, outputOptions.suspects],
                              inputs: [pool, scores, dedupeCorpus.corpus] + pairOptions.files)
            let options = try selection.libraryOptions()
            let request = RetrievalRequest(sources: try pairOptions.sources(), options: options,
                                           progress: TerminalProgress.reporter(quiet: outputOptions.quiet))
            let result = try request.selectRescored(pool: pool, scores: scores, corpus: dedupeCorpus.corpus)
            try outputOptions.finish(result, command: "retrieval-select")
        }
    }
}
