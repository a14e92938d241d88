import ArgumentParser

extension QuarryCommand {
    /// Every subcommand, in the order `quarry --help` lists them.
    static let allSubcommands: [any ParsableCommand.Type] = [
        MineRetrieval.self,
        Merge.self,
    ]
}
