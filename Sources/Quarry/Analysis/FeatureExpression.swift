/// An arithmetic expression over feature columns, the right-hand side of a derived feature.
///
/// Built by parsing text such as `log1p(capital_run_length_total) / (1 + num_links)`
/// (see ``FeatureExpression/init(parsing:)``), evaluated column-wise over a ``FeatureMatrix``
/// or a ``Table`` (``FeatureExpression+Evaluation``) and written back as text
/// (``text``) so a model file can record how to recompute it.
///
/// Semantics: every operation runs on `Double`; a missing value (NaN) propagates; division
/// by zero gives NaN (missing), not infinity; any other non-finite result (`log(0)`,
/// `sqrt(-1)`, overflow) also becomes NaN, because a feature matrix treats NaN as missing and
/// has no use for infinities.
public indirect enum FeatureExpression: Sendable, Equatable {
    /// A feature column, by name.
    case column(String)
    /// A non-negative numeric literal (a leading minus parses as ``negate(_:)``).
    case number(Double)
    /// Unary minus.
    case negate(FeatureExpression)
    /// A binary arithmetic operation.
    case binary(BinaryOperator, FeatureExpression, FeatureExpression)
    /// A call of one of the built-in functions.
    case call(Function, [FeatureExpression])

    /// The deepest expression ``init(parsing:)`` accepts: levels of parentheses, operators,
    /// unary minus and function calls. Evaluation, printing and freeing of a tree recurse once
    /// per level, so a bound keeps a hostile definition (a model file's, say) from
    /// overflowing the stack; real definitions are a handful of levels deep.
    public static let maximumDepth = 256

    /// The four arithmetic operators.
    public enum BinaryOperator: String, Sendable, Equatable, CaseIterable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"

        /// Binding strength: multiplicative operators bind tighter than additive ones.
        var precedence: Int {
            switch self {
            case .add, .subtract: 1
            case .multiply, .divide: 2
            }
        }
    }

    /// The built-in functions and how many arguments each takes.
    public enum Function: String, Sendable, Equatable, CaseIterable {
        case log, log1p, abs, sqrt, min, max

        /// The accepted argument counts: one for the unary functions, two or more for `min`/`max`.
        var arity: ClosedRange<Int> {
            switch self {
            case .log, .log1p, .abs, .sqrt: 1...1
            case .min, .max: 2...Int.max
            }
        }
    }

    /// The column names the expression reads, each once, in order of first use.
    public var columnNames: [String] {
        var seen: [String] = []
        func visit(_ e: FeatureExpression) {
            switch e {
            case .column(let name): if !seen.contains(name) { seen.append(name) }
            case .number: break
            case .negate(let inner): visit(inner)
            case .binary(_, let l, let r): visit(l); visit(r)
            case .call(_, let args): args.forEach(visit)
            }
        }
        visit(self)
        return seen
    }
}

/// A named derived feature: `name = expression`.
///
/// ```swift
/// let ratio = try DerivedFeature(parsing: "links_per_word = num_links ÷ (1 + words)")
/// let values = try ratio.expression.evaluate(on: matrix)   // one value per row
/// ratio.text   // "links_per_word = num_links / (1 + words)"
/// ```
public struct DerivedFeature: Sendable, Equatable {
    /// The new column's name.
    public let name: String
    /// How to compute it from existing columns.
    public let expression: FeatureExpression

    /// A derived feature from its parts.
    public init(name: String, expression: FeatureExpression) {
        self.name = name
        self.expression = expression
    }

    /// The definition as text, `name = expression`, which ``init(parsing:)`` reads back to
    /// an equal value.
    public var text: String {
        "\(FeatureExpression.quotedName(name)) = \(expression.text)"
    }
}
