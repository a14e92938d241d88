/// A trained binary classifier that scores rows of features.
///
/// Scores are probabilities of the positive class in [0, 1], so the threshold-region
/// metrics (calibration, log loss) apply. A model records the feature names it was trained
/// on; scoring data whose columns differ is a clear error, never a silent misalignment.
public protocol Model: Sendable {
    /// The model kind written in model files (`"logistic"`, `"gbdt"`).
    static var kind: String { get }
    /// The features, in the order the model reads them.
    var featureNames: [String] { get }
    /// Positive-class probabilities, one per row of `features`.
    /// - Throws: ``InvalidInput`` when `features.names` differ from ``featureNames``.
    func score(_ features: FeatureMatrix) throws -> [Double]
    /// The model's parameters as the `model` member of a model file.
    func parametersJSON() -> JSONValue
    /// Rebuilds a model from ``parametersJSON()`` output.
    init(parametersJSON: JSONValue, featureNames: [String]) throws
}

/// A model that can be fitted from labelled data and continued (fine-tuned) on new data.
///
/// `fit` trains from scratch; `continued` starts from the current state and returns the
/// updated model (proximal logistic regression, added trees for boosting), leaving `self`
/// unchanged. Each model kind has its own option types, validated when it trains.
public protocol TrainableModel: Model {
    /// Options of a fit from scratch (penalty, iterations, seed, …).
    associatedtype TrainingOptions: Sendable
    /// Options of a continuation from the current state.
    associatedtype ContinuationOptions: Sendable
    /// Fits a new model on `data`.
    /// - Throws: ``InvalidInput`` for invalid options or data the model cannot learn from.
    static func fit(_ data: LabeledData, options: TrainingOptions) throws -> Self
    /// Continues training from this model's state on `data`.
    /// - Throws: ``InvalidInput`` when `data` does not carry this model's features.
    func continued(on data: LabeledData, options: ContinuationOptions) throws -> Self
    /// Applies the revise strategy to `input`: a model that carries derived features
    /// (``DerivedFeatureModel``) revises them; every other model throws (the default,
    /// in ReviseFeaturesStrategy.swift). A requirement, so the strategy needs no cast.
    static func revised(_ input: StrategyInput<Self>, by strategy: ReviseFeaturesStrategy) throws -> StrategyOutcome<Self>
}

extension Model {
    /// Checks that `features` carries exactly this model's feature names, in order.
    public func checkFeatures(_ features: FeatureMatrix) throws {
        guard features.names == featureNames else {
            let missing = featureNames.filter { !features.names.contains($0) }
            let extra = features.names.filter { !featureNames.contains($0) }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(Table.list(missing))") }
            if !extra.isEmpty { parts.append("unexpected \(Table.list(extra))") }
            if parts.isEmpty { parts.append("the columns are in another order") }
            throw InvalidInput("the data does not match the model's features: " + parts.joined(separator: "; "), kind: .dataError)
        }
    }
}
