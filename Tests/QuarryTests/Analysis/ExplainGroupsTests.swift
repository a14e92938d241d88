import Testing
@testable import Quarry

@Suite struct ExplainGroupsTests {
    @Test func cutsAgainstBruteForce() throws {
        var g = SeededGenerator(seed: 5)
        let n = 500
        let labels = (0..<n).map { _ in g.nextUnitDouble() < 0.4 }
        let scores = labels.map { min(1, max(0, ($0 ? 0.65 : 0.35) + (g.nextUnitDouble() - 0.5) * 0.8)) }
        for (band, minimum, margin) in [(0.1, 5, 0.1), (0.05, 1000, 0.3), (0.3, 0, 0.0)] {
            let options = ExplainGroups.Options(positiveBand: band, minimumPositives: minimum, easyMargin: margin)
            let groups = try ExplainGroups(scores: scores, labels: labels, threshold: 0.5, options: options)
            let inBand = (0..<n).filter { labels[$0] && scores[$0] >= 0.5 && scores[$0] <= 0.5 + band }
            let fellBack = inBand.count < minimum
            #expect(groups.positivesFellBack == fellBack)
            #expect(groups.positives == (fellBack ? (0..<n).filter { labels[$0] && scores[$0] >= 0.5 } : inBand))
            #expect(groups.hardNegatives == (0..<n).filter { !labels[$0] && scores[$0] >= 0.5 })
            #expect(groups.easyNegatives == (0..<n).filter { !labels[$0] && scores[$0] < 0.5 - margin })
        }
    }

    @Test func givenHardRows() throws {
        let groups = try ExplainGroups(scores: [0.9, 0.2, 0.8, 0.1], labels: [false, false, true, false], threshold: 0.5, hardRows: [3, 1, 3])
        #expect(groups.hardNegatives == [1, 3])
        #expect(groups.hardRowsGiven)
        #expect(groups.easyNegatives.isEmpty)
    }

    @Test func badInputIsNamed() {
        #expect(throws: InvalidInput.self) { try ExplainGroups(scores: [0.1], labels: [true, false], threshold: 0.5) }
        #expect(throws: InvalidInput.self) { try ExplainGroups(scores: [.nan], labels: [true], threshold: 0.5) }
        #expect(throws: InvalidInput.self) { try ExplainGroups(scores: [0.1], labels: [true], threshold: .infinity) }
        #expect(throws: InvalidInput.self) { try ExplainGroups(scores: [0.1, 0.2], labels: [true, false], threshold: 0.5, hardRows: [0]) }
        #expect(throws: InvalidInput.self) { try ExplainGroups(scores: [0.1, 0.2], labels: [true, false], threshold: 0.5, hardRows: [7]) }
    }
}
