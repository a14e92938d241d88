/// Everything that configures an explain run, validated once.
public struct ExplainOptions: Sendable, Equatable {
    public var groups: ExplainGroups.Options
    public var separability: SeparabilityTest.Options
    public var slices: WeakSliceFinder.Options
    public var suspects: LabelSuspects.Options
    /// How many ranked features the text summary shows (the JSON has them all).
    public var topFeatures: Int

    public init(groups: ExplainGroups.Options = .init(), separability: SeparabilityTest.Options = .init(),
                slices: WeakSliceFinder.Options = .init(), suspects: LabelSuspects.Options = .init(), topFeatures: Int = 10) {
        self.groups = groups
        self.separability = separability
        self.slices = slices
        self.suspects = suspects
        self.topFeatures = topFeatures
    }

    /// The random seed (used by the separability folds and permutations).
    public var seed: UInt64 {
        get { separability.seed }
        set { separability.seed = newValue }
    }
}
