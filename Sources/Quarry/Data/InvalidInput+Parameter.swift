extension InvalidInput {
    /// A usage error about a named parameter of a library operation: `` `maxDerived` must be ≥ 0; got -1 ``.
    ///
    /// Library messages name parameters by their Swift names in backticks, never by a
    /// command-line flag: the CLI maps each name to its flag through one table, so a Swift or
    /// Python caller reads the name it passed and a CLI user the flag.
    /// - Parameters:
    ///   - parameter: the parameter's Swift name.
    ///   - problem: the requirement and the value found; other parameters it names go through ``named(_:)``.
    public init(parameter: String, _ problem: String) {
        self.init("\(Self.named(parameter)) \(problem)", kind: .usage)
    }

    /// Throws a usage error about `parameter` unless `ok`: `` `bins` must be in 2...64; got 1 ``.
    /// - Parameters:
    ///   - bound: what the value must be (`in 2...64`, `at least 1`).
    ///   - value: the value found.
    public static func check(_ ok: Bool, _ parameter: String, _ bound: String, _ value: Any) throws {
        guard ok else { throw InvalidInput(parameter: parameter, "must be \(bound); got \(value)") }
    }

    /// A parameter's name as messages write it, in backticks.
    public static func named(_ parameter: String) -> String { "`\(parameter)`" }

    /// A parameter set to a value as library prose writes it, in backticks: `` `control: none` ``
    /// (the CLI shows `--control none`).
    public static func setting(_ parameter: String, _ value: String) -> String { "`\(parameter): \(value)`" }
}
