extension FeatureExpression {
    /// The expression as text that ``init(parsing:)`` reads back to an equal value.
    ///
    /// ASCII operators (`+ - * /`), single spaces around binary operators, parentheses only
    /// where precedence or associativity needs them, names back-quoted when they are not
    /// plain identifiers.
    public var text: String { render(parentPrecedence: 0) }

    private func render(parentPrecedence: Int) -> String {
        switch self {
        case .column(let name):
            return Self.quotedName(name)
        case .number(let value):
            let literal = Self.formatNumber(value)
            return value < 0 || (value == 0 && value.sign == .minus) ? "(\(literal))" : literal
        case .negate(let inner):
            // Unary minus binds tighter than any binary operator.
            return "-" + inner.render(parentPrecedence: 3)
        case .binary(let op, let left, let right):
            // Left-associative: the right operand needs parentheses at equal precedence.
            let body = left.render(parentPrecedence: op.precedence) + " \(op.rawValue) "
                + right.render(parentPrecedence: op.precedence + 1)
            return op.precedence < parentPrecedence ? "(\(body))" : body
        case .call(let function, let arguments):
            return function.rawValue + "(" + arguments.map { $0.render(parentPrecedence: 0) }.joined(separator: ", ") + ")"
        }
    }

    /// `name` as written in an expression: bare when it is an identifier, else back-quoted.
    static func quotedName(_ name: String) -> String {
        guard let first = name.first, FeatureExpressionParser.isNameStart(first),
              name.allSatisfy(FeatureExpressionParser.isNameContinuation)
        else { return "`\(name)`" }
        return name
    }

    /// Integral values without a fraction, others in shortest round-trip form.
    static func formatNumber(_ value: Double) -> String { NumberFormat.shortest(value) }
}
