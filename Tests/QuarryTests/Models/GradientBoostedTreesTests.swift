import Foundation
import Testing
@testable import Quarry

@Suite("GradientBoostedTrees")
struct GradientBoostedTreesTests {
    // MARK: Quality against LightGBM

    struct LightGBMCase: Sendable, CustomStringConvertible {
        let name: String
        let configuration: GradientBoostedTrees.Configuration
        let lightGBMAUC: Double
        var description: String { name }
    }

    static func lightGBMCases() throws -> [LightGBMCase] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: GBDTTestSupport.fixtureURL)) as! [String: Any]
        return (json["cases"] as! [[String: Any]]).map { c in
            var config = GradientBoostedTrees.Configuration()
            config.numLeaves = c["num_leaves"] as! Int
            let depth = c["max_depth"] as! Int
            config.maxDepth = depth > 0 ? depth : nil
            config.learningRate = c["learning_rate"] as! Double
            config.treeCount = c["n_estimators"] as! Int
            config.minChildSamples = c["min_child_samples"] as! Int
            config.l2Regularization = c["reg_lambda"] as! Double
            config.maxBins = c["max_bin"] as! Int
            return LightGBMCase(name: c["name"] as! String, configuration: config,
                                lightGBMAUC: c["lightgbm_test_roc_auc"] as! Double)
        }
    }

    @Test("spam: test ROC AUC within 0.002 of LightGBM's (or better)",
          .enabled(if: GBDTTestSupport.spamAvailable, "Examples/data/spam.csv is absent"),
          arguments: try lightGBMCases())
    func matchesLightGBMOnSpam(_ testCase: LightGBMCase) throws {
        let spam = try GBDTTestSupport.loadSpam()
        let fixture = try JSONSerialization.jsonObject(with: Data(contentsOf: GBDTTestSupport.fixtureURL)) as! [String: Any]
        #expect(fixture["feature_names"] as! [String] == spam.features.names)
        let testRows = fixture["test_rows"] as! [Int]
        let testSet = Set(testRows)
        let trainRows = (0..<spam.labels.count).filter { !testSet.contains($0) }
        let (model, report) = try GradientBoostedTrees.fit(spam.selecting(rows: trainRows), configuration: testCase.configuration)
        #expect(report.treesAdded == testCase.configuration.treeCount)
        let test = spam.selecting(rows: testRows)
        let auc = GBDTTestSupport.bruteForceAUC(scores: try model.score(test.features), labels: test.labels)
        #expect(auc >= testCase.lightGBMAUC - 0.002, "Quarry AUC \(auc) vs LightGBM \(testCase.lightGBMAUC)")
    }

    // MARK: Split finding against exhaustive search

    @Test("the root split equals an exhaustive search over bins and missing directions",
          arguments: [(UInt64(1), 0.0, 5), (2, 1.0, 20), (3, 10.0, 1), (4, 0.0, 40)])
    func rootSplitIsExhaustiveBest(seed: UInt64, lambda: Double, minChild: Int) throws {
        let data = try GBDTTestSupport.synthetic(rows: 400, columns: 5, seed: seed, missingShare: 0.15)
        var config = GradientBoostedTrees.Configuration()
        config.numLeaves = 2
        config.maxBins = 16
        config.l2Regularization = lambda
        config.minChildSamples = minChild
        let binned = BinnedFeatures(data.features, configuration: config, threads: 1)
        var rng = SeededGenerator(seed: seed &+ 100)
        let gradients = (0..<400).map { _ in Float(rng.nextUnitDouble() * 2 - 1) }
        let hessians = (0..<400).map { _ in Float(rng.nextUnitDouble() * 0.25 + 0.01) }
        let learner = TreeLearner(data: binned, configuration: config, threads: 1)
        let grown = gradients.withUnsafeBufferPointer { g in
            hessians.withUnsafeBufferPointer { h in
                learner.grow(rows: nil, gradients: g.baseAddress!, hessians: h.baseAddress!, features: Array(0..<5))
            }
        }
        let expected = try #require(GBDTTestSupport.exhaustiveBestSplit(
            data: binned, rows: Array(0..<400), gradients: gradients, hessians: hessians, configuration: config))
        let tree = try #require(grown?.tree)
        #expect(Int(tree.splitFeature[0]) == expected.feature)
        #expect(Int(tree.thresholdBin[0]) == expected.threshold)
        #expect(tree.defaultLeft[0] == expected.defaultLeft)
        #expect(abs(tree.gain[0] - expected.gain) <= 1e-9 * abs(expected.gain))
    }

    @Test("every split of a leaf-wise tree is the exhaustive best of its leaf (histogram subtraction, partition)",
          arguments: [UInt64(5), 6, 7])
    func everySplitIsExhaustiveBest(seed: UInt64) throws {
        let rows = 600
        let data = try GBDTTestSupport.synthetic(rows: rows, columns: 4, seed: seed, missingShare: 0.1)
        var config = GradientBoostedTrees.Configuration()
        config.numLeaves = 8
        config.maxBins = 12
        config.minChildSamples = 10
        config.l2Regularization = 0.5
        let binned = BinnedFeatures(data.features, configuration: config, threads: 1)
        var rng = SeededGenerator(seed: seed)
        let gradients = (0..<rows).map { _ in Float(rng.nextUnitDouble() * 2 - 1) }
        let hessians = (0..<rows).map { _ in Float(rng.nextUnitDouble() * 0.25 + 0.01) }
        let learner = TreeLearner(data: binned, configuration: config, threads: 2)
        let grown = try #require(gradients.withUnsafeBufferPointer { g in
            hessians.withUnsafeBufferPointer { h in
                learner.grow(rows: nil, gradients: g.baseAddress!, hessians: h.baseAddress!, features: Array(0..<4))
            }
        })
        // Walk the tree: each node's rows are those routed to it; its split must be their exhaustive best.
        func rowsReaching(_ node: Int) -> [Int] {
            var path: [(Int, Bool)] = []
            var target = node
            while target != 0 {
                let parent = grown.tree.leftChild.firstIndex(of: Int32(target)).map { ($0, true) }
                    ?? (grown.tree.rightChild.firstIndex(of: Int32(target))!, false)
                path.insert(parent, at: 0)
                target = parent.0
            }
            return (0..<rows).filter { r in
                path.allSatisfy { (n, wentLeft) in
                    let f = Int(grown.tree.splitFeature[n])
                    let b = binned.bin(row: r, feature: f)
                    let left = Int(b) == binned.mappers[f].missingBin ? grown.tree.defaultLeft[n] : b <= grown.tree.thresholdBin[n]
                    return left == wentLeft
                }
            }
        }
        #expect(grown.tree.splitFeature.count == config.numLeaves - 1)
        for node in grown.tree.splitFeature.indices {
            let nodeRows = rowsReaching(node)
            let expected = try #require(GBDTTestSupport.exhaustiveBestSplit(
                data: binned, rows: nodeRows, gradients: gradients, hessians: hessians, configuration: config))
            #expect(Int(grown.tree.splitFeature[node]) == expected.feature, "node \(node)")
            #expect(Int(grown.tree.thresholdBin[node]) == expected.threshold, "node \(node)")
            #expect(abs(grown.tree.gain[node] - expected.gain) <= 1e-8 * abs(expected.gain), "node \(node)")
        }
        // Leaf ranges of the partition hold exactly the rows each leaf's path selects.
        var covered = [Int](repeating: 0, count: rows)
        for range in grown.leafRanges { for i in range { covered[Int(learner.rowIndices[i])] += 1 } }
        #expect(covered.allSatisfy { $0 == 1 })
    }

    @Test("chunked parallel partitioning and histogram building, row-wise or col-wise, equal the one-worker results")
    func parallelPathsMatchSerial() throws {
        let rows = 5_000
        let data = try GBDTTestSupport.synthetic(rows: rows, columns: 7, seed: 8, missingShare: 0.1)
        var config = GradientBoostedTrees.Configuration()
        config.numLeaves = 31
        config.minChildSamples = 5
        let binned = BinnedFeatures(data.features, configuration: config, threads: 2)
        #expect(binned.bins == BinnedFeatures(data.features, configuration: config, threads: 1).bins)
        var rng = SeededGenerator(seed: 8)
        let gradients = (0..<rows).map { _ in Float(rng.nextUnitDouble() * 2 - 1) }
        let hessians = (0..<rows).map { _ in Float(rng.nextUnitDouble() * 0.25 + 0.01) }
        func grow(_ learner: TreeLearner) -> (RegressionTree?, [Int32]) {
            let grown = gradients.withUnsafeBufferPointer { g in
                hessians.withUnsafeBufferPointer { h in
                    learner.grow(rows: nil, gradients: g.baseAddress!, hessians: h.baseAddress!, features: Array(0..<7))
                }
            }
            return (grown?.tree, learner.rowIndices)
        }
        let serial = grow(TreeLearner(data: binned, configuration: config, threads: 1))
        let parallel = grow(TreeLearner(data: binned, configuration: config, threads: 2, partitionChunk: 97, parallelRows: 1))
        #expect(serial.0 != nil)
        #expect(serial.0 == parallel.0)
        #expect(serial.1 == parallel.1)
        // Row-wise histograms (every leaf but the root, or none) sum each bin in the same row order.
        for share in [0.0, 1.0] {
            for threads in [1, 2] {
                let other = grow(TreeLearner(data: binned, configuration: config, threads: threads, parallelRows: 1,
                                             rowWiseShare: share))
                #expect(other.0 == serial.0, "rowWiseShare \(share), \(threads) threads")
            }
        }
        // With feature sampling (a non-contiguous feature group), both modes agree too.
        func growSampled(_ learner: TreeLearner) -> RegressionTree? {
            gradients.withUnsafeBufferPointer { g in
                hessians.withUnsafeBufferPointer { h in
                    learner.grow(rows: nil, gradients: g.baseAddress!, hessians: h.baseAddress!, features: [0, 2, 3, 6])?.tree
                }
            }
        }
        let columnSampled = growSampled(TreeLearner(data: binned, configuration: config, threads: 2, parallelRows: 1, rowWiseShare: 0))
        #expect(columnSampled != nil)
        #expect(columnSampled == growSampled(TreeLearner(data: binned, configuration: config, threads: 2, parallelRows: 1, rowWiseShare: 1)))
    }

    // MARK: Binning

    @Test("few distinct values get one bin each; many get at most maxBins quantile bins; NaN has its own bin")
    func binning() {
        let few = BinMapper(sample: [3, 1, 2, 2, .nan, 3, 1], maxBins: 255)
        #expect(few.upperBounds == [1.5, 2.5, .infinity])
        #expect([1.0, 2, 3, .nan, 0, 10].map { few.bin(of: $0) } == [0, 1, 2, 3, 0, 2])
        var rng = SeededGenerator(seed: 9)
        let many = (0..<10_000).map { _ in rng.nextUnitDouble() }
        let mapper = BinMapper(sample: many, maxBins: 20)
        #expect(mapper.valueBinCount == 20)
        var counts = [Int](repeating: 0, count: 20)
        for x in many { counts[Int(mapper.bin(of: x))] += 1 }
        #expect(counts.allSatisfy { abs($0 - 500) <= 60 }, "\(counts)")
        // A heavy value (half the data at 0) gets a bin of its own.
        let heavy = [Double](repeating: 0, count: 5_000) + many.prefix(5_000)
        let heavyMapper = BinMapper(sample: heavy, maxBins: 10)
        let zeroBin = heavyMapper.bin(of: 0)
        #expect(heavy.filter { heavyMapper.bin(of: $0) == zeroBin }.count == 5_000)
        #expect(BinMapper(sample: [.nan, .nan], maxBins: 10).upperBounds == [.infinity])
    }

    @Test("the SIMD bin lookup equals the binary search on edges, NaN, ±∞ and random values",
          arguments: [2, 3, 8, 17, 255])
    func fastBinLookupMatchesBinarySearch(maxBins: Int) {
        var rng = SeededGenerator(seed: UInt64(maxBins))
        let sample = (0..<5_000).map { _ in (rng.nextUnitDouble() * 20).rounded() / 2 - 5 + rng.nextUnitDouble() * 1e-3 }
        let mapper = BinMapper(sample: sample, maxBins: maxBins)
        var values = sample + mapper.upperBounds + mapper.upperBounds.map { $0.nextUp } + mapper.upperBounds.map { $0.nextDown }
        values += [.nan, .infinity, -.infinity, 0, -0.0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        values += (0..<1_001).map { _ in rng.nextUnitDouble() * 30 - 15 }  // not a multiple of 4: the scalar tail runs
        var fast = [UInt8](repeating: 0xFF, count: values.count)
        values.withUnsafeBufferPointer { v in
            fast.withUnsafeMutableBufferPointer { mapper.bins(of: v.baseAddress!, count: values.count, into: $0.baseAddress!) }
        }
        #expect(fast == values.map { mapper.bin(of: $0) })
    }

    @Test("the radix sort of bin samples equals the standard sort without NaN")
    func radixSortMatchesSort() {
        var rng = SeededGenerator(seed: 21)
        var sample = (0..<20_000).map { _ in (rng.nextUnitDouble() - 0.5) * pow(10, Double(rng.nextInt(below: 40)) - 20) }
        sample += [.nan, .infinity, -.infinity, 0, -0.0, 1, 1, -1, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .nan]
        let expected = sample.filter { !$0.isNaN }.sorted()
        let sorted = BinMapper.sortedValues(sample)
        #expect(sorted == expected)
        #expect(BinMapper.sortedValues([]) == [])
        #expect(BinMapper.sortedValues([.nan]) == [])
    }

    // MARK: Determinism

    @Test("1 and 2 threads, and repeated runs with one seed, give identical models; another seed differs")
    func determinism() throws {
        let data = try GBDTTestSupport.synthetic(rows: 3_000, columns: 6, seed: 11)
        var config = GradientBoostedTrees.Configuration()
        config.treeCount = 15
        config.baggingFraction = 0.7
        config.baggingFrequency = 2
        config.featureFraction = 0.6
        config.seed = 3
        config.threadCount = 1
        let one = try GradientBoostedTrees.fit(data, configuration: config).model
        config.threadCount = 2
        let two = try GradientBoostedTrees.fit(data, configuration: config).model
        let again = try GradientBoostedTrees.fit(data, configuration: config).model
        #expect(one.trees == two.trees)
        #expect(two.parametersJSON().serialized() == again.parametersJSON().serialized())
        #expect(try one.score(data.features) == two.score(data.features))
        config.seed = 4
        let other = try GradientBoostedTrees.fit(data, configuration: config).model
        #expect(other.trees != two.trees)
    }

    // MARK: Missing values

    @Test("missing values are routed by a learned default direction", arguments: [true, false])
    func missingValueRouting(missingIsPositive: Bool) throws {
        var rng = SeededGenerator(seed: missingIsPositive ? 21 : 22)
        let rows = 2_000
        var x = [Double](repeating: 0, count: rows)
        var labels: [Bool] = []
        for r in 0..<rows {
            if rng.nextUnitDouble() < 0.3 {
                x[r] = .nan
                labels.append(missingIsPositive)
            } else {
                x[r] = rng.nextUnitDouble()
                labels.append(missingIsPositive ? x[r] > 0.8 : x[r] < 0.2 || x[r] > 0.8)
            }
        }
        let data = try LabeledData(features: FeatureMatrix(names: ["x"], rowCount: rows, values: x), labels: labels)
        var config = GradientBoostedTrees.Configuration()
        config.treeCount = 30
        let model = try GradientBoostedTrees.fit(data, configuration: config).model
        let probe = FeatureMatrix(names: ["x"], rowCount: 3, values: [.nan, 0.5, 0.9])
        let p = try model.score(probe)
        if missingIsPositive {
            #expect(p[0] > 0.95 && p[1] < 0.05 && p[2] > 0.95, "\(p)")
        } else {
            #expect(p[0] < 0.05 && p[1] < 0.05 && p[2] > 0.95, "\(p)")
        }
    }

    // MARK: Continued training

    @Test("continuing N rounds by M equals N + M rounds in one go (same data, seed, bagging)",
          arguments: [(7, 5), (4, 9), (0, 6)])
    func continuedEqualsOneRun(first: Int, more: Int) throws {
        let data = try GBDTTestSupport.synthetic(rows: 2_500, columns: 5, seed: 31)
        var config = GradientBoostedTrees.Configuration()
        config.baggingFraction = 0.8
        config.baggingFrequency = 3
        config.featureFraction = 0.8
        config.seed = 17
        config.treeCount = first + more
        let oneRun = try GradientBoostedTrees.fit(data, configuration: config).model
        config.treeCount = first
        let start = try GradientBoostedTrees.fit(data, configuration: config).model
        let continued = try start.continued(on: data, treeCount: more).model
        #expect(continued.trees.count == first + more)
        #expect(continued.trees == oneRun.trees)
        #expect(try continued.score(data.features) == oneRun.score(data.features))
    }

    @Test("continued training on hard negatives only lowers their scores and keeps the old trees")
    func continuedOnNegatives() throws {
        let data = try GBDTTestSupport.synthetic(rows: 3_000, columns: 5, seed: 41)
        var config = GradientBoostedTrees.Configuration()
        config.treeCount = 20
        let model = try GradientBoostedTrees.fit(data, configuration: config).model
        let scores = try model.score(data.features)
        let hard = (0..<3_000).filter { !data.labels[$0] }.sorted { scores[$0] > scores[$1] }.prefix(200)
        let negatives = data.selecting(rows: Array(hard))
        var tuneConfig = config
        tuneConfig.minChildSamples = 5
        let tuned = try model.continued(on: negatives, options: .init(treeCount: 10, configuration: tuneConfig))
        #expect(Array(tuned.trees.prefix(20)) == model.trees)
        #expect(tuned.trees.count == 30)
        let before = try model.score(negatives.features).reduce(0, +)
        let after = try tuned.score(negatives.features).reduce(0, +)
        #expect(after < before)
    }

    // MARK: Early stopping

    @Test("early stopping keeps the best validation round", arguments: GradientBoostedTrees.EarlyStoppingMetric.allCases)
    func earlyStopping(metric: GradientBoostedTrees.EarlyStoppingMetric) throws {
        let all = try GBDTTestSupport.synthetic(rows: 1_500, columns: 5, seed: 51, missingShare: 0.05)
        let train = all.selecting(rows: Array(0..<600))
        let valid = all.selecting(rows: Array(600..<1_500))
        var config = GradientBoostedTrees.Configuration()
        config.treeCount = 300
        config.learningRate = 0.5
        config.numLeaves = 63
        config.minChildSamples = 2
        config.earlyStoppingRounds = 10
        config.earlyStoppingMetric = metric
        let (model, report) = try GradientBoostedTrees.fit(train, validation: valid, configuration: config)
        #expect(report.stopReason == .earlyStopping)
        let history = report.validationHistory
        let best = metric == .logLoss ? history.min()! : history.max()!
        let bestRound = history.firstIndex(of: best)! + 1
        #expect(report.bestRound == bestRound)
        #expect(history.count == bestRound + 10)
        #expect(model.trees.count == bestRound)
        // The kept model's validation metric, recomputed from its scores, is the best one.
        let raw = try model.rawScores(valid.features)
        let recomputed = GradientBoostedTrees.metricValue(metric, scores: raw, labels: valid.labels, weights: nil)
        #expect(abs(recomputed - best) <= 1e-12)
        if metric == .rocAUC {
            #expect(abs(best - GBDTTestSupport.bruteForceAUC(scores: raw, labels: valid.labels)) <= 1e-12)
        }
    }

    // MARK: Weights

    @Test("a weight of 2 matches duplicating the row")
    func weightsMatchDuplication() throws {
        let data = try GBDTTestSupport.synthetic(rows: 800, columns: 4, seed: 61)
        let doubled = (0..<800).filter { $0 % 3 == 0 }
        let weights = (0..<800).map { $0 % 3 == 0 ? 2.0 : 1.0 }
        let weighted = try LabeledData(features: data.features, labels: data.labels, weights: weights)
        let duplicated = data.selecting(rows: Array(0..<800) + doubled)
        var config = GradientBoostedTrees.Configuration()
        config.treeCount = 10
        config.minChildSamples = 1
        config.numLeaves = 8
        let a = try GradientBoostedTrees.fit(weighted, configuration: config).model
        let b = try GradientBoostedTrees.fit(duplicated, configuration: config).model
        #expect(a.trees.map(\.splitFeature) == b.trees.map(\.splitFeature))
        #expect(a.trees.map(\.threshold) == b.trees.map(\.threshold))
        let pa = try a.score(data.features), pb = try b.score(data.features)
        #expect(zip(pa, pb).allSatisfy { abs($0 - $1) <= 1e-6 })
    }

    // MARK: JSON

    @Test("a model rebuilt from its JSON (also after text round-trip of numbers) predicts identically")
    func jsonRoundTrip() throws {
        let data = try GBDTTestSupport.synthetic(rows: 2_000, columns: 5, seed: 71)
        var config = GradientBoostedTrees.Configuration()
        config.treeCount = 12
        config.maxDepth = 5
        config.earlyStoppingRounds = 3
        let model = try GradientBoostedTrees.fit(data, configuration: config).model
        let json = model.parametersJSON()
        let rebuilt = try GradientBoostedTrees(parametersJSON: json, featureNames: model.featureNames)
        #expect(rebuilt == model)
        #expect(try rebuilt.score(data.features) == model.score(data.features))
        // Numbers survive the serialized text exactly (shortest round-trip form).
        let text = json.serialized()
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let firstTree = (parsed["trees"] as! [[String: Any]])[0]
        let thresholds = (firstTree["threshold"] as! [NSNumber]).map(\.doubleValue)
        #expect(thresholds == model.trees[0].threshold)
        #expect(parsed["initial_score"] as! Double == model.initialScore)
    }

    @Test("malformed model JSON is a data error naming the key",
          arguments: [("trees", JSONValue.string("x")), ("initial_score", .null)])
    func malformedJSON(key: String, value: JSONValue) throws {
        let data = try GBDTTestSupport.synthetic(rows: 300, columns: 3, seed: 81)
        var config = GradientBoostedTrees.Configuration()
        config.treeCount = 2
        let model = try GradientBoostedTrees.fit(data, configuration: config).model
        guard case .object(var members) = model.parametersJSON() else { Issue.record("not an object"); return }
        members = members.map { $0.0 == key ? ($0.0, value) : $0 }
        let error = #expect(throws: InvalidInput.self) {
            try GradientBoostedTrees(parametersJSON: .object(members), featureNames: model.featureNames)
        }
        #expect(error?.kind == .dataError)
        #expect(error?.message.contains(key) == true)
    }

    // MARK: Input errors

    @Test("bad parameters are usage errors naming the parameter",
          arguments: ["num_leaves", "max_bin", "learning_rate", "bagging_fraction", "feature_fraction", "max_depth"])
    func badParameters(name: String) throws {
        let data = try GBDTTestSupport.synthetic(rows: 100, columns: 2, seed: 91)
        var config = GradientBoostedTrees.Configuration()
        switch name {
        case "num_leaves": config.numLeaves = 1
        case "max_bin": config.maxBins = 256
        case "learning_rate": config.learningRate = 0
        case "bagging_fraction": config.baggingFraction = 1.5
        case "feature_fraction": config.featureFraction = 0
        default: config.maxDepth = 0
        }
        let error = #expect(throws: InvalidInput.self) { try GradientBoostedTrees.fit(data, configuration: config) }
        #expect(error?.kind == .usage)
        #expect(error?.message.contains(name) == true)
    }

    @Test("single-class training data, and scoring other columns, are data errors")
    func dataErrors() throws {
        let features = FeatureMatrix(names: ["a"], rowCount: 3, values: [1, 2, 3])
        let oneClass = try LabeledData(features: features, labels: [true, true, true])
        let error = #expect(throws: InvalidInput.self) { try GradientBoostedTrees.fit(oneClass) }
        #expect(error?.kind == .dataError)
        let data = try GBDTTestSupport.synthetic(rows: 200, columns: 2, seed: 92)
        var config = GradientBoostedTrees.Configuration()
        config.treeCount = 2
        let model = try GradientBoostedTrees.fit(data, configuration: config).model
        let other = FeatureMatrix(names: ["f1", "f0"], rowCount: 1, values: [0, 0])
        #expect(throws: InvalidInput.self) { try model.score(other) }
    }
}
