import Foundation
import Testing
@testable import Quarry

@Suite struct LogisticRegressionTests {
    static let tight = LogisticRegression.TrainingOptions(maxIterations: 10_000, tolerance: 1e-10)

    func options(_ c: ModelFixtures.Case) -> LogisticRegression.TrainingOptions {
        var o = Self.tight
        o.c = c.c
        o.classWeight = c.balanced ? .balanced : .none
        o.standardize = c.standardize
        return o
    }

    /// Coefficients within 1e-4 relative (of the largest coefficient for the tiny ones) and
    /// log-loss within 1e-6 of scikit-learn.
    func check(_ c: ModelFixtures.Case, _ data: LabeledData) throws {
        let (model, report) = try LogisticRegression.fitWithReport(data, options: options(c))
        #expect(report.converged, "\(report)")
        let largest = c.coefficients.map(abs).max()!
        for (mine, theirs) in zip(model.coefficients, c.coefficients) {
            #expect(abs(mine - theirs) <= 1e-4 * max(abs(theirs), 0.01 * largest), "\(mine) vs \(theirs)")
        }
        #expect(abs(model.intercept - c.intercept) <= 1e-4 * max(abs(c.intercept), 0.01 * largest))
        let p = try model.score(data.features)
        #expect(abs(ModelFixtures.logLoss(p, data) - c.logLoss) <= 1e-6)
    }

    @Test("matches scikit-learn on generated data", arguments: ModelFixtures.cases(spam: false))
    func matchesScikitLearnGenerated(_ c: ModelFixtures.Case) throws {
        try check(c, ModelFixtures.data(for: c))
    }

    @Test("matches scikit-learn on the bundled spam data", arguments: ModelFixtures.cases(spam: true))
    func matchesScikitLearnSpam(_ c: ModelFixtures.Case) throws {
        try check(c, ModelFixtures.data(for: c))
    }
}
