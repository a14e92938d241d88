import ArgumentParser

/// `--threads N`: worker threads, spelled and checked the same in every command.
struct ThreadsOptions: ParsableArguments {
    @Option(name: .customLong("threads"), parsing: .unconditional, help: "Worker threads (0 or absent = every core); results do not depend on it.")
    var value: Int?

    func validate() throws {
        if let value, value < 0 { throw ValidationError("--threads must be 0 (every core) or more; got \(value)") }
    }

    /// The count for library calls that take `nil` for every core.
    var count: Int? { value == 0 ? nil : value }

    /// The count for library calls that take 0 for every core.
    var countOrZero: Int { value ?? 0 }
}
