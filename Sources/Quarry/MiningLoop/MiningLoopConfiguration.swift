/// The settings of a mining loop, validated once.
public struct MiningLoopConfiguration: Sendable, Equatable {
    /// How the threshold is chosen on the validation set each round.
    public var operatingPoint: OperatingPointRule
    /// The most strategy applications (rounds of mining); the loop evaluates `rounds + 1` models.
    public var rounds: Int
    /// The most hard negatives mined from the pool per round.
    public var perRound: Int
    /// Stop when the validation metric has not improved for this many rounds (`nil`: never).
    public var patience: Int?
    /// The most training rows; beyond it the easiest negatives are dropped (`nil`: no limit).
    public var cacheLimit: Int?
    /// The half-width of the band around the threshold in the test report.
    public var bandHalfWidth: Double
    /// The seed of the loop's random choices: each round's strategy seed (replay samples,
    /// revise's candidates) derives from it. Model seeds are set in the training options.
    public var seed: UInt64
    /// The control arms run next to the strategy (empty: none). The first is the one the
    /// summary compares against; `full-pool` adds the model fitted on the whole pool.
    public var controls: [LoopControl]
    /// How the recommended model is chosen at the end of the run.
    public var chooser: LoopChooser

    /// - Throws: ``InvalidInput`` naming the first invalid setting.
    public init(operatingPoint: OperatingPointRule, rounds: Int, perRound: Int, patience: Int? = nil,
                cacheLimit: Int? = nil, bandHalfWidth: Double = 0.05, seed: UInt64 = 0,
                controls: [LoopControl] = [.random], chooser: LoopChooser = .best) throws {
        try operatingPoint.validate()
        guard rounds >= 0 else { throw InvalidInput(parameter: "rounds", "must be ≥ 0; got \(rounds)") }
        guard perRound > 0 else { throw InvalidInput(parameter: "perRound", "must be ≥ 1; got \(perRound)") }
        if let patience, patience < 1 { throw InvalidInput(parameter: "patience", "must be ≥ 1; got \(patience)") }
        if let cacheLimit, cacheLimit < 1 { throw InvalidInput(parameter: "cacheLimit", "must be ≥ 1; got \(cacheLimit)") }
        guard bandHalfWidth.isFinite, bandHalfWidth >= 0 else { throw InvalidInput(parameter: "bandHalfWidth", "must be a finite number ≥ 0; got \(bandHalfWidth)") }
        self.operatingPoint = operatingPoint
        self.rounds = rounds
        self.perRound = perRound
        self.patience = patience
        self.cacheLimit = cacheLimit
        self.bandHalfWidth = bandHalfWidth
        guard Set(controls).count == controls.count else {
            throw InvalidInput("controls must not repeat; got \(controls.map(\.rawValue).joined(separator: ","))")
        }
        self.seed = seed
        self.controls = controls
        self.chooser = chooser
    }

    /// The name of the validation metric the loop tracks: the side the target does not fix.
    public var validationMetricName: String {
        switch operatingPoint {
        case .targetRecall: "precision"
        case .targetPrecision, .targetFPR: "recall"
        case .threshold: "f1"
        }
    }

    /// The settings as JSON, for the manifest.
    /// The manifest names the chooser only when it is not ``LoopChooser/best``.
    public var json: JSONValue {
        guard case .object(let pairs) = basicJSON, chooser != .best else { return basicJSON }
        return .object(pairs + [("chooser", .string(chooser.rawValue))])
    }

    private var basicJSON: JSONValue {
        [
            "operating_point": .object([(operatingPoint.key, .number(operatingPoint.value))]),
            "rounds": .number(Double(rounds)),
            "per_round": .number(Double(perRound)),
            "patience": patience.map { .number(Double($0)) } ?? .null,
            "cache_limit": cacheLimit.map { .number(Double($0)) } ?? .null,
            "band": .number(bandHalfWidth),
            "seed": .string(String(seed)),
            "controls": .array(controls.map { .string($0.rawValue) }),
        ]
    }
}
