/// Which class a mined example belongs to.
///
/// Hard *negatives* are negatives the model scores high (at or near the threshold, or above
/// it); hard *positives* are their mirror image, positives the model scores low.
public enum MiningSide: String, Sendable, CaseIterable, Codable {
    /// Label 0: hardness grows with the score.
    case negative
    /// Label 1: hardness grows as the score falls.
    case positive
}

/// The sides a mining run collects.
public enum MiningSides: String, Sendable, CaseIterable {
    case negatives
    case positives
    case both

    /// Whether `side` is collected.
    public func includes(_ side: MiningSide) -> Bool {
        switch (self, side) {
        case (.both, _), (.negatives, .negative), (.positives, .positive): true
        default: false
        }
    }
}
