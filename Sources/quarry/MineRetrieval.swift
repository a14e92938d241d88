import ArgumentParser
import Quarry

extension QuarryCommand {
    /// `quarry mine-retrieval`: hard negatives for dense retrieval from query and corpus embeddings.
    struct MineRetrieval: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mine-retrieval",
            abstract: "Mine hard negatives for retrieval training (sentence-transformers mine_hard_negatives semantics, exact search).",
            discussion: """
            Reads query and corpus embeddings (.npy, n × d float32/float64) and positive pairs (JSONL, or TREC/BEIR qrels), and writes \
            training rows (JSONL) that datasets.load_dataset("json", …) loads straight into a sentence-transformers run. \
            With --corpus-shard i/n only slice i of n of the corpus is searched and a partial candidate file is written \
            to -o; combine the parts with `quarry merge`. With --query-block j/n only block j of n of the queries \
            (in pairs order) is mined; the blocks' outputs concatenated in block order are the output of one run.
            """)

        @OptionGroup var embeddings: RetrievalEmbeddingOptions
        @OptionGroup var pairOptions: RetrievalPairOptions
        @OptionGroup var selection: RetrievalSelectionOptions
        @Option(help: "Search only slice i of n of the corpus and write a partial candidate file (e.g. 0/4).")
        var corpusShard: String?
        @Option(help: "Mine only block j of n of the queries, in pairs order (e.g. 0/4); combine with --corpus-shard for a 2-D split.")
        var queryBlock: String?
        @OptionGroup var threadOptions: ThreadsOptions
        var threads: Int { threadOptions.countOrZero }
        @OptionGroup var outputOptions: RetrievalOutputOptions

        func run() throws {
            try Outputs.claim([outputOptions.output, outputOptions.suspects],
                              inputs: [embeddings.queries, embeddings.corpus] + pairOptions.files)
            let options = try selection.libraryOptions()
            let shard = try corpusShard.map { try CorpusShard(parsing: $0) }
            let block = try queryBlock.map { try QueryBlock(parsing: $0) }
            if shard != nil, outputOptions.output == nil {
                throw RetrievalMiningFailure("--corpus-shard needs -o FILE for the partial candidate file", kind: .usage)
            }
            // Rows/s and ETA of the search on stderr when it is a terminal; silent in pipes and CI.
            let request = RetrievalRequest(sources: try pairOptions.sources(), options: options, queryBlock: block, threads: threads,
                                           progress: TerminalProgress.reporter(quiet: outputOptions.quiet))
            if let shard, let output = outputOptions.output {
                let part = try request.searchShard(shard, queries: embeddings.queries, corpus: embeddings.corpus, writingTo: output)
                if !outputOptions.quiet {
                    let blockText = block.map { ", query block \($0.index)/\($0.count): \(part.queries) queries" } ?? ""
                    Terminal.writeStderr("quarry: wrote shard \(shard.index)/\(shard.count)\(blockText) (corpus rows \(part.slice.lowerBound)..<\(part.slice.upperBound), depth \(part.depth)) to \(output)\n")
                }
                return
            }
            let result = try request.mine(queries: embeddings.queries, corpus: embeddings.corpus)
            try outputOptions.finish(result, command: "mine-retrieval")
        }
    }
}
