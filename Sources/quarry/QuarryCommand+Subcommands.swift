import ArgumentParser

extension QuarryCommand {
    /// Every subcommand, in the order `quarry --help` lists them.
    static let allSubcommands: [any ParsableCommand.Type] = [
        Demo.self,
        Evaluate.self,
        Mine.self,
        ScoreCountsCommand.self,
        MergeScoreCounts.self,
        Explain.self,
        Train.self,
        Score.self,
        Loop.self,
        Report.self,
        MineRetrieval.self,
        Merge.self,
        RetrievalPool.self,
        RetrievalSelect.self,
    ]
}
