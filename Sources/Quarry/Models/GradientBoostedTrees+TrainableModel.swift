extension GradientBoostedTrees {
    /// How ``TrainableModel/continued(on:options:)`` adds trees.
    public struct ContinuationOptions: Sendable, Equatable {
        /// Trees to add.
        public var rounds: Int
        /// Parameters of the new trees; the model's own when `nil`.
        public var configuration: Configuration?

        public init(rounds: Int = 10, configuration: Configuration? = nil) {
            self.rounds = rounds
            self.configuration = configuration
        }
    }

    /// Fits a model with `options` and no validation set (see ``fit(_:validation:configuration:)``).
    public static func fit(_ data: LabeledData, options: Configuration) throws -> GradientBoostedTrees {
        try fit(data, validation: nil, configuration: options).model
    }

    /// Adds `options.rounds` trees fitted on `data` (see ``continued(on:validation:rounds:configuration:)``).
    public func continued(on data: LabeledData, options: ContinuationOptions) throws -> GradientBoostedTrees {
        try continued(on: data, validation: nil, rounds: options.rounds, configuration: options.configuration).model
    }
}
