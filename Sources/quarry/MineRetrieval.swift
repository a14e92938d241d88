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

        @Option(help: "Query embeddings (.npy).")
        var queries: String
        @Option(help: "Corpus embeddings (.npy).")
        var corpus: String
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
                              inputs: [queries, corpus] + pairOptions.files)
            let options = try selection.libraryOptions()
            let shard = try corpusShard.map { try CorpusShard(parsing: $0) }
            let block = try queryBlock.map { try QueryBlock(parsing: $0) }
            if shard != nil, outputOptions.output == nil {
                throw RetrievalMiningFailure("--corpus-shard needs -o FILE for the partial candidate file", kind: .usage)
            }
            // A shard or block reads only its rows of the memory-mapped files (checked by the miner).
            let lazy = shard != nil || block != nil
            let queryMatrix = try EmbeddingMatrix.load(npy: queries, checkingFinite: !lazy)
            let corpusMatrix = try EmbeddingMatrix.load(npy: corpus, checkingFinite: !lazy)
            let whole = try RetrievalTask.load(pairOptions.sources(), queryCount: queryMatrix.rows, corpusCount: corpusMatrix.rows)
            let task = block.map { whole.restricted(to: $0) } ?? whole
            // Rows/s and ETA of the search on stderr when it is a terminal; silent in pipes and CI.
            let progress = Progress("search", unit: "corpus rows", total: corpusMatrix.rows, quiet: outputOptions.quiet)
            defer { progress.finish() }
            let miner = RetrievalMiner(options: options, searcher: .exact(threads: threads, progress: { progress.update($0) }),
                                       threads: threads)
            if let shard, let output = outputOptions.output {
                let part = try miner.searchShard(queries: queryMatrix, corpus: corpusMatrix, task: task, shard: shard)
                try PartialCandidateFile.write(part, task: task, to: output)
                if !outputOptions.quiet {
                    let blockText = block.map { ", query block \($0.index)/\($0.count): \(task.queryRows.count) queries" } ?? ""
                    Terminal.writeStderr("quarry: wrote shard \(shard.index)/\(shard.count)\(blockText) (corpus rows \(part.slice.lowerBound)..<\(part.slice.upperBound), depth \(part.lists.depth)) to \(output)\n")
                }
                return
            }
            if lazy { try miner.checkReadRows(queries: queryMatrix, corpus: corpusMatrix, task: task) }
            let result = try miner.mine(queries: queryMatrix, corpus: corpusMatrix, task: task)
            try outputOptions.finish(result, command: "mine-retrieval")
        }
    }
}
