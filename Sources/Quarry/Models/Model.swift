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
