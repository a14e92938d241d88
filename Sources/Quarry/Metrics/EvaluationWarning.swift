/// Why a reported value is `null`: the key it concerns and a sentence saying why.
public struct EvaluationWarning: Sendable, Equatable {
    /// The report key (`roc_auc`, `operating_point.precision`, …).
    public let key: String
    /// Why the value is missing or what to look at.
    public let reason: String

    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }
}
