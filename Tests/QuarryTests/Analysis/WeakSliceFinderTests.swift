import Testing
@testable import Quarry

@Suite struct WeakSliceFinderTests {
    /// Negatives with three features; hard negatives concentrated where x0 is high and x1 low.
    static func data(seed: UInt64) -> (FeatureMatrix, [Bool], [Int]) {
        var g = SeededGenerator(seed: seed)
        let n = 400
        var x0: [Double] = [], x1: [Double] = [], x2: [Double] = []
        var labels: [Bool] = [], hard: [Int] = []
        for row in 0..<n {
            let a = g.nextUnitDouble(), b = Double(g.nextInt(below: 6)), c = g.nextUnitDouble()
            x0.append(a); x1.append(b); x2.append(g.nextUnitDouble() < 0.1 ? .nan : c)
            let positive = g.nextUnitDouble() < 0.2
            labels.append(positive)
            if !positive, g.nextUnitDouble() < (a > 0.6 && b < 2 ? 0.7 : 0.1) { hard.append(row) }
        }
        return (FeatureMatrix(names: ["x0", "x1", "x2"], rowCount: n, values: x0 + x1 + x2), labels, hard)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func countsAndRankingMatchBruteForce(seed: UInt64) throws {
        let (features, labels, hard) = Self.data(seed: seed)
        let options = WeakSliceFinder.Options(bins: 5, minimumSupport: 15, includePairs: true, maximumResults: 1000, maximumOverlap: 1)
        let slices = try WeakSliceFinder.find(features: features, labels: labels, hardNegatives: hard, options: options)
        #expect(!slices.isEmpty)
        let negatives = (0..<features.rowCount).filter { !labels[$0] }
        let hardSet = Set(hard)
        let rate = Double(hard.count) / Double(negatives.count)
        for slice in slices {
            // Recount each slice by evaluating its conditions on the raw values.
            let members = negatives.filter { row in slice.conditions.allSatisfy { $0.contains(features[row, $0.column]) } }
            let hardIn = members.filter { hardSet.contains($0) }.count
            #expect(members.count == slice.support, "\(slice.text)")
            #expect(hardIn == slice.hardNegatives, "\(slice.text)")
            #expect(slice.support >= options.minimumSupport)
            #expect(abs(slice.lift - Double(hardIn) / Double(members.count) / rate) < 1e-12)
            #expect(abs(slice.coverage - Double(hardIn) / Double(hard.count)) < 1e-12)
            #expect(slice.lift > 1)
        }
        #expect(zip(slices, slices.dropFirst()).allSatisfy { $0.lift >= $1.lift })
        // The planted region: the best slice constrains x0 from below or x1 from above.
        let top = slices[0]
        #expect(top.conditions.contains { ($0.feature == "x0" && $0.lower != nil) || ($0.feature == "x1" && $0.upper != nil) }, "\(top.text)")
    }

    @Test func bestSingleSliceIsTheBruteForceBest() throws {
        let (features, labels, hard) = Self.data(seed: 9)
        let options = WeakSliceFinder.Options(bins: 4, minimumSupport: 10, includePairs: false, maximumResults: 1000)
        let slices = try WeakSliceFinder.find(features: features, labels: labels, hardNegatives: hard, options: options)
        // Brute force: every quartile bin of every feature over the negatives.
        let negatives = (0..<features.rowCount).filter { !labels[$0] }
        let hardSet = Set(hard)
        let rate = Double(hard.count) / Double(negatives.count)
        var bestLift = 0.0
        for c in 0..<features.columnCount {
            let sorted = negatives.map { features[$0, c] }.filter { !$0.isNaN }.sorted()
            var cuts: [Double] = []
            for q in [0.25, 0.5, 0.75] {
                let v = DistributionSummary.quantile(sorted, q)
                if v < sorted.last!, cuts.last.map({ v > $0 }) ?? true { cuts.append(v) }
            }
            let bounds = [-Double.infinity] + cuts + [Double.infinity]
            for k in 0..<(bounds.count - 1) {
                let members = negatives.filter { let x = features[$0, c]; return !x.isNaN && x > bounds[k] && x <= bounds[k + 1] }
                guard members.count >= 10, members.count < negatives.count else { continue }
                bestLift = max(bestLift, Double(members.filter { hardSet.contains($0) }.count) / Double(members.count) / rate)
            }
        }
        #expect(abs(slices[0].lift - bestLift) < 1e-12)
    }

    @Test func nearDuplicatesAreSkipped() throws {
        let (features, labels, hard) = Self.data(seed: 2)
        let all = try WeakSliceFinder.find(features: features, labels: labels, hardNegatives: hard,
                                           options: .init(maximumResults: 1000, maximumOverlap: 1))
        let diverse = try WeakSliceFinder.find(features: features, labels: labels, hardNegatives: hard,
                                               options: .init(maximumResults: 1000, maximumOverlap: 0.3))
        #expect(diverse.count < all.count)
        #expect(diverse.first == all.first)
        let negatives = (0..<features.rowCount).filter { !labels[$0] }
        let members = diverse.map { slice in Set(negatives.filter { row in slice.conditions.allSatisfy { $0.contains(features[row, $0.column]) } }) }
        for i in members.indices {
            for j in members.indices where j < i {
                #expect(Double(members[i].intersection(members[j]).count) / Double(members[i].union(members[j]).count) <= 0.3)
            }
        }
    }

    @Test func emptyHardSetGivesNoSlices() throws {
        let (features, labels, _) = Self.data(seed: 4)
        #expect(try WeakSliceFinder.find(features: features, labels: labels, hardNegatives: []).isEmpty)
        #expect(throws: InvalidInput.self) { try WeakSliceFinder.find(features: features, labels: [true], hardNegatives: [1]) }
    }
}
