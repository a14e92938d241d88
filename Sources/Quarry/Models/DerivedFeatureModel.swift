/// A model that computes derived columns from its input columns before its base model sees them.
///
/// The model's ``featureNames`` are the input columns only; ``derivedFeatures`` are evaluated
/// in order (each may use the inputs and the derived columns before it) and appended, and the
/// base model, trained on inputs + derived columns, scores the result. A model file records
/// the definitions in `derived_features` (text form `name = expression`) and reading it
/// recomputes them, so `quarry score` needs only the input columns.
///
/// ```swift
/// let ratio = try DerivedFeature(parsing: "x1_x_x2 = x1 * x2")
/// let model = try DerivedFeatureModel<LogisticRegression>.fit(data, options: .init(base: .init(), derivedFeatures: [ratio]))
/// try model.score(data.features)   // computes x1_x_x2, then the logistic model scores
/// ```
public struct DerivedFeatureModel<Base: Model>: Model {
    /// The file kind is the base model's: the derived features live in their own key.
    public static var kind: String { Base.kind }

    /// The input columns, in the order the model reads them.
    public let inputNames: [String]
    /// The derived columns, computed in order from the inputs (and earlier derived columns).
    public let derivedFeatures: [DerivedFeature]
    /// The model trained on `inputNames + derivedFeatures.map(\.name)`.
    public let base: Base

    public var featureNames: [String] { inputNames }

    /// Wraps a base model whose features are the inputs followed by the derived columns.
    /// - Throws: ``InvalidInput`` when the base model's feature names are not
    ///   `inputNames + derivedFeatures.map(\.name)`.
    public init(base: Base, inputNames: [String], derivedFeatures: [DerivedFeature]) throws {
        let expected = inputNames + derivedFeatures.map(\.name)
        guard base.featureNames == expected else {
            throw InvalidInput("the base model's features \(Table.list(base.featureNames)) are not the inputs followed by the derived features \(Table.list(expected))", kind: .dataError)
        }
        self.inputNames = inputNames
        self.derivedFeatures = derivedFeatures
        self.base = base
    }

    /// A model without derived features (what a file with an empty `derived_features` holds).
    public init(parametersJSON: JSONValue, featureNames: [String]) throws {
        try self.init(base: Base(parametersJSON: parametersJSON, featureNames: featureNames), inputNames: featureNames, derivedFeatures: [])
    }

    public func parametersJSON() -> JSONValue { base.parametersJSON() }

    /// Scores rows of the input columns (the derived columns are computed here).
    /// - Throws: ``InvalidInput`` when `features.names` differ from ``featureNames``.
    public func score(_ features: FeatureMatrix) throws -> [Double] {
        try base.score(augmented(features))
    }

    /// The input columns with the derived columns appended (what the base model reads).
    /// - Throws: ``InvalidInput`` when `features.names` differ from ``featureNames``.
    /// - Complexity: O(rows × (inputs + expression nodes)).
    public func augmented(_ features: FeatureMatrix) throws -> FeatureMatrix {
        try checkFeatures(features)
        return try Self.appending(derivedFeatures, to: features)
    }

    /// `features` with each of `derived` evaluated and appended, in order.
    /// - Throws: ``InvalidInput`` for an unknown column or a name that already exists.
    public static func appending(_ derived: [DerivedFeature], to features: FeatureMatrix) throws -> FeatureMatrix {
        try DerivedFeature.appending(derived, to: features)
    }

    /// `data` with the derived columns appended to its features.
    static func appending(_ derived: [DerivedFeature], to data: LabeledData) throws -> LabeledData {
        derived.isEmpty ? data : try LabeledData(features: appending(derived, to: data.features), labels: data.labels, weights: data.weights)
    }
}

extension DerivedFeatureModel: TrainableModel where Base: TrainableModel {
    /// The base model's options and the derived features to compute before it trains.
    public struct TrainingOptions: Sendable {
        public var base: Base.TrainingOptions
        public var derivedFeatures: [DerivedFeature]

        public init(base: Base.TrainingOptions, derivedFeatures: [DerivedFeature] = []) {
            self.base = base
            self.derivedFeatures = derivedFeatures
        }
    }

    /// Continuation keeps the derived features and continues the base model.
    public typealias ContinuationOptions = Base.ContinuationOptions

    /// Computes the derived columns of `data` and fits the base model on inputs + derived.
    /// - Throws: ``InvalidInput`` for an expression over an unknown column, a derived name
    ///   that is already a column, or what the base model's training throws.
    public static func fit(_ data: LabeledData, options: TrainingOptions) throws -> Self {
        let base = try Base.fit(appending(options.derivedFeatures, to: data), options: options.base)
        return try Self(base: base, inputNames: data.features.names, derivedFeatures: options.derivedFeatures)
    }

    /// Continues the base model on `data` with the same derived features.
    public func continued(on data: LabeledData, options: ContinuationOptions) throws -> Self {
        try checkFeatures(data.features)
        let next = try base.continued(on: Self.appending(derivedFeatures, to: data), options: options)
        return try Self(base: next, inputNames: inputNames, derivedFeatures: derivedFeatures)
    }
}

/// A model carrying derived-feature definitions, as a model file records them.
public protocol DerivedFeatureCarrier: Model {
    /// The input columns (``Model/featureNames``) are what a file lists in `feature_names`.
    var derivedFeatures: [DerivedFeature] { get }
    /// Rebuilds the model from its base parameters, inputs and definitions.
    init(baseParametersJSON: JSONValue, inputNames: [String], derivedFeatures: [DerivedFeature]) throws
}

extension DerivedFeatureModel: DerivedFeatureCarrier {
    public init(baseParametersJSON: JSONValue, inputNames: [String], derivedFeatures: [DerivedFeature]) throws {
        let base = try Base(parametersJSON: baseParametersJSON, featureNames: inputNames + derivedFeatures.map(\.name))
        try self.init(base: base, inputNames: inputNames, derivedFeatures: derivedFeatures)
    }
}

extension DerivedFeature {
    /// `features` with each of `derived` evaluated and appended, in order (each may use the
    /// columns before it).
    /// - Throws: ``InvalidInput`` for an unknown column or a name that already exists.
    public static func appending(_ derived: [DerivedFeature], to features: FeatureMatrix) throws -> FeatureMatrix {
        var result = features
        for feature in derived { result = try feature.appended(to: result) }
        return result
    }

    /// Wraps any model (an existential, as `ModelFile` and `quarry train` hold them) whose
    /// features are `inputNames` followed by the derived columns in a ``DerivedFeatureModel``.
    /// - Throws: ``InvalidInput`` when the model's features are not inputs + derived names.
    public static func model(wrapping base: any Model, inputNames: [String], derivedFeatures: [DerivedFeature]) throws -> any Model {
        func wrap<B: Model>(_ model: B) throws -> any Model {
            try DerivedFeatureModel<B>(base: model, inputNames: inputNames, derivedFeatures: derivedFeatures)
        }
        return try wrap(base)
    }
}
