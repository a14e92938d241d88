import Testing
@testable import Quarry

@Suite struct BootstrapSplitTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func partitionsTheRowsAsDocumented(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let labels = (0..<1000).map { _ in rng.nextUnitDouble() < 0.4 }
        let split = BootstrapSplit(labels: labels, testShare: 0.25, validationShare: 0.2, negativeShare: 0.1, seed: seed)
        let all = split.train + split.pool + split.validation + split.test
        #expect(all.count == 1000 && Set(all).count == 1000)
        #expect(split.test.count == 250 && split.validation.count == 200)
        // Every positive outside validation and test trains; the pool holds negatives only.
        let rest = Set(0..<1000).subtracting(split.validation).subtracting(split.test)
        #expect(rest.filter { labels[$0] }.allSatisfy { split.train.contains($0) })
        #expect(split.pool.allSatisfy { !labels[$0] })
        let negatives = rest.filter { !labels[$0] }.count
        #expect(split.train.filter { !labels[$0] }.count == Int((0.1 * Double(negatives)).rounded()))
        #expect(BootstrapSplit(labels: labels, seed: seed) == BootstrapSplit(labels: labels, seed: seed))
    }
}
