/// Everything that configures an explain run, validated once.
public struct ExplainOptions: Sendable, Equatable {
    public var groups: ExplainGroups.Options
    /// The beyond-score audit (the verdict).
    public var audit: BeyondScoreAudit.Options
    public var slices: WeakSliceFinder.Options
    public var suspects: LabelSuspects.Options
    /// How many ranked features the text summary shows (the JSON has them all).
    public var topFeatures: Int

    public init(groups: ExplainGroups.Options = .init(), audit: BeyondScoreAudit.Options = .init(),
                slices: WeakSliceFinder.Options = .init(), suspects: LabelSuspects.Options = .init(), topFeatures: Int = 10) {
        self.groups = groups
        self.audit = audit
        self.slices = slices
        self.suspects = suspects
        self.topFeatures = topFeatures
    }

    /// Checks every setting's range.
    /// - Throws: ``InvalidInput`` naming the first parameter out of range.
    public func validate() throws {
        try audit.validate()
        try slices.validate()
        try suspects.validate()
        guard groups.positiveBand >= 0, groups.easyMargin >= 0, groups.minimumPositives >= 0 else {
            throw InvalidInput("\(InvalidInput.named("positiveBand")), \(InvalidInput.named("easyMargin")) and \(InvalidInput.named("minimumPositives")) must not be negative",
                               kind: .usage)
        }
        guard topFeatures >= 0 else { throw InvalidInput(parameter: "topFeatures", "must not be negative; got \(topFeatures)") }
    }

    /// The random seed (the audit's folds, permutations and planted signals).
    public var seed: UInt64 {
        get { audit.seed }
        set { audit.seed = newValue }
    }
}
