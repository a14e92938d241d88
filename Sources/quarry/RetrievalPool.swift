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

        @Option(help: "Query embeddings (.npy).")
        var queries: String
        @Option(help: "Corpus embeddings (.npy).")
        var corpus: String
        @OptionGroup var pairOptions: RetrievalPairOptions
        @OptionGroup var selection: RetrievalSelectionOptions
        @OptionGroup var threadOptions: ThreadsOptions
        var threads: Int { threadOptions.countOrZero }
        @Option(name: [.short, .long], help: "The pool (JSONL).")
        var output: String
        @Flag(help: "Print nothing but errors.")
        var quiet = false

        func run() throws {
            try Outputs.claim([output], inputs: [queries, corpus] + pairOptions.files)
            let options = try selection.libraryOptions()
            let queryMatrix = try EmbeddingMatrix.load(npy: queries)
            let corpusMatrix = try EmbeddingMatrix.load(npy: corpus)
            let task = try RetrievalTask.load(pairOptions.sources(), queryCount: queryMatrix.rows, corpusCount: corpusMatrix.rows)
            let progress = Progress("search", unit: "corpus rows", total: corpusMatrix.rows, quiet: quiet)
            defer { progress.finish() }
            let miner = RetrievalMiner(options: options, searcher: .exact(threads: threads, progress: { progress.update($0) }),
                                       threads: threads)
            let pool = try miner.candidatePool(queries: queryMatrix, corpus: corpusMatrix, task: task)
            try pool.write(to: output, task: task)
            if !quiet {
                Terminal.writeStderr("quarry: wrote the candidate pool of \(task.queryRows.count) queries (window \(pool.depth)) to \(output)\n")
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
        @Option(help: "Corpus embeddings (.npy); needed only with --dedupe-threshold.")
        var corpus: String?
        @OptionGroup var outputOptions: RetrievalOutputOptions

        func run() throws {
            try Outputs.claim([outputOptions.output, outputOptions.suspects],
                              inputs: [pool, scores, corpus] + pairOptions.files)
            let options = try selection.libraryOptions()
            let corpusMatrix = try corpus.map { try EmbeddingMatrix.load(npy: $0) }
            let task = try RetrievalTask.load(pairOptions.sources(), queryCount: nil, corpusCount: corpusMatrix?.rows)
            let progress = TerminalProgress.reporter(quiet: outputOptions.quiet)
            let candidatePool = try CandidatePool.read(path: pool, task: task, progress: progress)
            let external = try ExternalPairScores.read(path: scores, task: task, progress: progress)
            let result = try RetrievalMiner(options: options)
                .selectRescored(pool: candidatePool, task: task, corpus: corpusMatrix) { external.score(query: $0, row: $1) }
            try outputOptions.finish(result, command: "retrieval-select")
        }
    }
}
