extension GradientBoostedTrees {
    /// How ``TrainableModel/continued(on:options:)`` adds trees.
    public struct ContinuationOptions: Sendable, Equatable {
        /// Trees to add.
        public var treeCount: Int
        /// Parameters of the new trees; the model's own when `nil`.
        public var configuration: Configuration?

        public init(treeCount: Int = 10, configuration: Configuration? = nil) {
            self.treeCount = treeCount
            self.configuration = configuration
        }
    }

    /// Fits a model with `options` and no validation set (see ``fit(_:validation:configuration:)``).
    public static func fit(_ data: LabeledData, options: Configuration) throws -> GradientBoostedTrees {
        try fit(data, validation: nil, configuration: options).model
    }

    /// Adds `options.treeCount` trees fitted on `data` (see ``continued(on:validation:treeCount:configuration:)``).
    public func continued(on data: LabeledData, options: ContinuationOptions) throws -> GradientBoostedTrees {
        try continued(on: data, validation: nil, treeCount: options.treeCount, configuration: options.configuration).model
    }
}
