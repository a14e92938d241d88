import ArgumentParser
import Quarry

/// Parsing of the repeatable `--derive "name = expression"` option of train and loop.
enum DeriveOption {
    /// The parsed definitions; a parse error prints its message and the definition with a
    /// caret under the offending character, then exits with the usage code.
    static func parse(_ texts: [String]) throws -> [DerivedFeature] {
        do {
            return try texts.map { try DerivedFeature(parsing: $0) }
        } catch let error as FeatureExpressionError {
            Terminal.error(error.message)
            Terminal.writeStderr(error.caretDiagram.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "  " + $0 }.joined(separator: "\n") + "\n")
            throw ExitCode(error.kind.rawValue)
        }
    }
}
