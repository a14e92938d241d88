/// Binary logistic regression with built-in standardization and mean imputation.
///
/// The model scores `σ(b + Σ_c β_c · (x_c − center_c) · scale_c)`. With standardization
/// (the default), `center` and `1 / scale` are the training mean and population standard
/// deviation of each feature (a constant feature gets scale 1, as scikit-learn's
/// `StandardScaler`), and the L2 penalty applies to these standardized coefficients.
/// A missing value (`NaN`) is replaced by the feature's training mean (stored in the model),
/// so it contributes nothing after centering; an infinite value is a data error.
///
/// ```swift
/// let model = try LogisticRegression.fit(data, options: .init(c: 1, classWeight: .balanced))
/// let scores = try model.score(data.features)
/// ```
public struct LogisticRegression: TrainableModel, Equatable {
    public static let kind = "logistic"
    public let featureNames: [String]
    /// Coefficients of the standardized features, one per feature.
    public let coefficients: [Double]
    /// The intercept in the standardized space.
    public let intercept: Double
    /// Subtracted from each feature before scaling (0 without standardization).
    public let centers: [Double]
    /// Multiplies each centered feature (`1 / std`, or 1 without standardization).
    public let scales: [Double]
    /// The value a missing feature takes (its training mean).
    public let imputeValues: [Double]

    /// Creates a model from its parts; all arrays have one entry per feature.
    public init(featureNames: [String], coefficients: [Double], intercept: Double,
                centers: [Double], scales: [Double], imputeValues: [Double]) {
        let d = featureNames.count
        precondition(coefficients.count == d && centers.count == d && scales.count == d && imputeValues.count == d,
                     "one coefficient, center, scale and impute value per feature")
        self.featureNames = featureNames
        self.coefficients = coefficients
        self.intercept = intercept
        self.centers = centers
        self.scales = scales
        self.imputeValues = imputeValues
    }

    /// Coefficients of the raw features: `β_c · scale_c`.
    public var originalCoefficients: [Double] { zip(coefficients, scales).map { $0 * $1 } }

    /// The intercept for raw features: `b − Σ_c β_c · scale_c · center_c`.
    public var originalIntercept: Double {
        var b = intercept
        for c in coefficients.indices { b -= coefficients[c] * scales[c] * centers[c] }
        return b
    }

    /// The linear margins `z` (log-odds), one per row.
    /// - Complexity: O(rows × features), on all cores.
    public func margins(_ features: FeatureMatrix) throws -> [Double] {
        try checkFeatures(features)
        let prepared = try prepare(features)
        var z = [Double](repeating: 0, count: features.rowCount)
        z.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            coefficients.withUnsafeBufferPointer { beta in
                nonisolated(unsafe) let beta = beta
                LinearFeatures.forEachChunk(prepared.chunkCount) { chunk in
                    _ = prepared.margins(chunk: chunk, coefficients: beta, intercept: intercept,
                                         into: out.baseAddress! + chunk * LinearFeatures.chunkRows)
                }
            }
        }
        return z
    }

    /// Positive-class probabilities `σ(z)`, one per row.
    /// - Complexity: O(rows × features), on all cores.
    public func score(_ features: FeatureMatrix) throws -> [Double] {
        try margins(features).map(LogSigmoid.sigmoid)
    }

    /// The features ready for this model's kernels.
    func prepare(_ features: FeatureMatrix) throws -> LinearFeatures {
        try LinearFeatures(features, impute: imputeValues, centers: centers, scales: scales)
    }
}

extension LogisticRegression {
    /// `{"intercept", "coefficients", "centers", "scales", "impute_values", "original_space": {…}}`;
    /// `original_space` is informative (coefficients for raw features) and ignored on load.
    public func parametersJSON() -> JSONValue {
        [
            "intercept": .number(intercept),
            "coefficients": .array(coefficients.map(JSONValue.number)),
            "centers": .array(centers.map(JSONValue.number)),
            "scales": .array(scales.map(JSONValue.number)),
            "impute_values": .array(imputeValues.map(JSONValue.number)),
            "original_space": [
                "intercept": .number(originalIntercept),
                "coefficients": .array(originalCoefficients.map(JSONValue.number)),
            ],
        ]
    }

    /// Reads ``parametersJSON()`` output.
    /// - Throws: ``InvalidInput`` (`.dataError`) naming the missing or malformed key.
    public init(parametersJSON json: JSONValue, featureNames: [String]) throws {
        func numbers(_ key: String) throws -> [Double] {
            guard let items = json[key]?.arrayValue else {
                throw InvalidInput("logistic model: expected an array '\(key)'", kind: .dataError)
            }
            let values = items.compactMap(\.doubleValue)
            guard values.count == items.count, values.count == featureNames.count, values.allSatisfy(\.isFinite) else {
                throw InvalidInput("logistic model: '\(key)' must hold \(featureNames.count) finite numbers (one per feature), found \(items.count) items", kind: .dataError)
            }
            return values
        }
        guard let intercept = json["intercept"]?.doubleValue, intercept.isFinite else {
            throw InvalidInput("logistic model: expected a number 'intercept'", kind: .dataError)
        }
        self.init(featureNames: featureNames, coefficients: try numbers("coefficients"), intercept: intercept,
                  centers: try numbers("centers"), scales: try numbers("scales"), imputeValues: try numbers("impute_values"))
    }
}
