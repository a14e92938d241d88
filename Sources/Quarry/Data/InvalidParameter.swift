/// A value of a named parameter of a library operation that the operation cannot use.
///
/// Library messages name parameters by their Swift names in backticks (`` `maxDerived` must be
/// ≥ 0; got -1 ``), never by a command-line flag: the CLI maps each name to its flag through
/// one table, so a Swift or Python caller reads the name it passed and a CLI user the flag.
public struct InvalidParameter: QuarryFailure {
    /// Always ``FailureKind/usage``.
    public var kind: FailureKind { .usage }
    /// The parameter's Swift name (`maxDerived`).
    public let parameter: String
    /// What is wrong with the value: the requirement and what was found (`must be ≥ 0; got -1`).
    public let problem: String

    /// - Parameters:
    ///   - parameter: the parameter's Swift name.
    ///   - problem: the requirement and the value found; other parameters it names go in backticks.
    public init(_ parameter: String, _ problem: String) {
        self.parameter = parameter
        self.problem = problem
    }

    /// `` `parameter` problem ``.
    public var message: String { "`\(parameter)` \(problem)" }

    /// A parameter's name as messages write it, in backticks.
    public static func named(_ parameter: String) -> String { "`\(parameter)`" }
}
