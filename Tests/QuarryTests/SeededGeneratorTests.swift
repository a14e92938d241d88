import Testing
@testable import Quarry

@Suite struct SeededGeneratorTests {
    @Test func sameSeedSameStream() {
        var a = SeededGenerator(seed: 7)
        var b = SeededGenerator(seed: 7)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
    }

    @Test func differentSeedsGiveDifferentStreams() {
        var g = SeededGenerator(seed: 0)
        var h = SeededGenerator(seed: 1)
        #expect((0..<8).map { _ in g.next() } != (0..<8).map { _ in h.next() })
    }

    @Test(arguments: [1, 2, 3, 7, 10, 1000])
    func boundedIntsStayInRange(bound: Int) {
        var g = SeededGenerator(seed: 99)
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let x = g.nextInt(below: bound)
            #expect(x >= 0 && x < bound)
            seen.insert(x)
        }
        if bound <= 10 { #expect(seen.count == bound) }
    }
}
