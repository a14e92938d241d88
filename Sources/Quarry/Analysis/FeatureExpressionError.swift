/// A derived-feature definition that cannot be parsed, pointing at the offending character.
///
/// ``message`` is one line naming the 1-based column; ``caretDiagram`` is the definition
/// followed by a line with a caret under that column, for a terminal:
///
/// ```
/// ratio = a +* b
///            ^
/// ```
public struct FeatureExpressionError: QuarryFailure, Equatable {
    /// The full text that was parsed.
    public let text: String
    /// The 1-based position (in characters) of the offending character; `text.count + 1`
    /// at the end of the text.
    public let column: Int
    /// What the parser expected there.
    public let expected: String
    /// What it found (a quoted character, or "the end of the text").
    public let found: String

    public var kind: FailureKind { .usage }

    public var message: String {
        "cannot parse derived feature '\(text)' at column \(column): expected \(expected), found \(found)"
    }

    /// The definition and a caret under the offending column (two lines, no trailing newline).
    public var caretDiagram: String {
        text + "\n" + String(repeating: " ", count: max(0, column - 1)) + "^"
    }
}
