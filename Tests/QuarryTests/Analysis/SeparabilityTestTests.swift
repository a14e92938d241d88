import Testing
@testable import Quarry

@Suite struct SeparabilityTestTests {
    /// Interaction gains recomputed by a depth-first walk from each root, passing the parent's
    /// feature down (an independent traversal of the same trees).
    @Test func interactionsMatchATreeWalk() throws {
        var g = SeededGenerator(seed: 8)
        let n = 400
        let values = (0..<(n * 4)).map { _ in g.nextUnitDouble() }
        let features = FeatureMatrix(names: ["a", "b", "c", "d"], rowCount: n, values: values)
        let labels = (0..<n).map { (features[$0, 0] > 0.5) != (features[$0, 1] > 0.5) || g.nextUnitDouble() < 0.1 }
        let model = try GradientBoostedTrees.fit(LabeledData(features: features, labels: labels),
                                                 configuration: SeparabilityTest.discriminatorConfiguration(.init())).model
        var expected: [String: Double] = [:]
        var total = 0.0
        func walk(_ tree: RegressionTree, _ node: Int32, parentFeature: Int?) {
            guard node >= 0 else { return }
            let i = Int(node), feature = Int(tree.splitFeature[i])
            if let parentFeature {
                total += tree.gain[i]
                if parentFeature != feature {
                    let key = [features.names[min(feature, parentFeature)], features.names[max(feature, parentFeature)]].joined(separator: "×")
                    expected[key, default: 0] += tree.gain[i]
                }
            }
            walk(tree, tree.leftChild[i], parentFeature: feature)
            walk(tree, tree.rightChild[i], parentFeature: feature)
        }
        for tree in model.trees where !tree.splitFeature.isEmpty { walk(tree, 0, parentFeature: nil) }
        let ranked = FeatureInteraction.rank(trees: model.trees, names: features.names)
        #expect(ranked.count == expected.count)
        for pair in ranked {
            let want = try #require(expected["\(pair.first)×\(pair.second)"])
            #expect(abs(pair.gain - want) <= 1e-9 * max(1, want))
            #expect(abs(pair.share - want / total) < 1e-12)
        }
        #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0.gain >= $1.gain })
        #expect(Set([ranked[0].first, ranked[0].second]) == ["a", "b"])
    }

    @Test func tooFewRowsIsInsufficientData() throws {
        let features = FeatureMatrix(names: ["a"], rowCount: 6, values: [1, 2, 3, 4, 5, 6])
        let groups = try ExplainGroups(scores: [0.9, 0.8, 0.7, 0.9, 0.1, 0.2], labels: [false, false, false, true, false, true], threshold: 0.5)
        let test = try SeparabilityTest(features: features, groups: groups)
        #expect(test.verdict == .insufficientData)
        #expect(test.crossValidatedAUC == nil)
        #expect(test.json["verdict"]?.stringValue == "insufficient_data")
        #expect(throws: InvalidInput.self) { try SeparabilityTest(features: features, groups: groups, options: .init(folds: 1)) }
    }

    @Test func foldsAreStratifiedAndSeeded() {
        let targets = (0..<103).map { $0 % 3 == 0 }
        let a = SeparabilityTest.stratifiedFolds(targets: targets, folds: 5, generator: SeededGenerator(seed: 1))
        let b = SeparabilityTest.stratifiedFolds(targets: targets, folds: 5, generator: SeededGenerator(seed: 1))
        #expect(a == b)
        for cls in [true, false] {
            let counts = (0..<5).map { k in targets.indices.filter { targets[$0] == cls && a[$0] == k }.count }
            #expect(counts.max()! - counts.min()! <= 1)
        }
    }
}
