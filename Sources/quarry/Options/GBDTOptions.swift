import ArgumentParser
import Quarry

/// `--model gbdt` options (LightGBM's names and defaults).
struct GBDTOptions: ParsableArguments {
    @Option(name: .customLong("num-trees"), parsing: .unconditional, help: "Boosting rounds (LightGBM num_iterations).")
    var numTrees: Int = 100

    @Option(name: .customLong("learning-rate"), parsing: .unconditional, help: "Shrinkage of every leaf value.")
    var learningRate: Double = 0.1

    @Option(name: .customLong("num-leaves"), parsing: .unconditional, help: "Most leaves per tree (leaf-wise growth).")
    var numLeaves: Int = 31

    @Option(name: .customLong("max-depth"), parsing: .unconditional, help: "Deepest a leaf may be (default: unlimited).")
    var maxDepth: Int?

    @Option(name: .customLong("min-child-samples"), parsing: .unconditional, help: "Fewest training rows in a leaf.")
    var minChildSamples: Int = 20

    @Option(name: .customLong("lambda-l2"), parsing: .unconditional, help: "L2 penalty on leaf values.")
    var lambdaL2: Double = 0

    @Option(name: .customLong("max-delta-step"), parsing: .unconditional, help: "Limit on each leaf's output before shrinkage (0: none).")
    var maxDeltaStep: Double = 0

    @Option(name: .customLong("max-bin"), parsing: .unconditional, help: "Most histogram bins per feature (2…255).")
    var maxBin: Int = 255

    @Option(name: .customLong("bagging-fraction"), parsing: .unconditional, help: "Share of rows each bag draws (with --bagging-freq).")
    var baggingFraction: Double = 1

    @Option(name: .customLong("bagging-freq"), parsing: .unconditional, help: "Draw a new bag every this many rounds (0: no bagging).")
    var baggingFreq: Int = 0

    @Option(name: .customLong("feature-fraction"), parsing: .unconditional, help: "Share of features each tree may use.")
    var featureFraction: Double = 1

    /// The library configuration, seeded.
    func configuration(seed: UInt64) throws -> GradientBoostedTrees.Configuration {
        var c = GradientBoostedTrees.Configuration()
        c.treeCount = numTrees
        c.learningRate = learningRate
        c.numLeaves = numLeaves
        c.maxDepth = maxDepth
        c.minChildSamples = minChildSamples
        c.l2Regularization = lambdaL2
        c.maxDeltaStep = maxDeltaStep
        c.maxBins = maxBin
        c.baggingFraction = baggingFraction
        c.baggingFrequency = baggingFreq
        c.featureFraction = featureFraction
        c.seed = seed
        try c.validate()
        return c
    }
}

/// Trains `--model gbdt`.
enum GBDTTrainer: ModelTrainer {
    static let kind = GradientBoostedTrees.kind

    static func train(_ data: LabeledData, command: Train) throws -> (model: any Model, training: JSONValue) {
        let configuration = try command.gbdt.configuration(seed: command.seed)
        let model = try GradientBoostedTrees.fit(data, configuration: configuration,
                                                 progress: TerminalProgress.reporter(quiet: command.quiet)).model
        return (model, ["options": configuration.json])
    }
}
