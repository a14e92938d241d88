extension GradientBoostedTrees {
    /// The model as the `model` member of a model file: objective, initial score, configuration and trees.
    ///
    /// Thresholds and leaf values are written in shortest round-trip form, so a model read
    /// back predicts bit for bit the same.
    public func parametersJSON() -> JSONValue {
        func numbers<T: BinaryInteger>(_ xs: [T]) -> JSONValue { .array(xs.map { .number(Double($0)) }) }
        let treeValues: [JSONValue] = trees.map { tree in
            [
                "split_feature": numbers(tree.splitFeature),
                "threshold": .array(tree.threshold.map { .number($0) }),
                "default_left": .array(tree.defaultLeft.map { .bool($0) }),
                "left_child": numbers(tree.leftChild),
                "right_child": numbers(tree.rightChild),
                "leaf_value": .array(tree.leafValue.map { .number($0) }),
                "split_gain": .array(tree.gain.map { .number($0) }),
            ]
        }
        return [
            "objective": "binary_logloss",
            "initial_score": .number(initialScore),
            "configuration": configuration.json,
            "trees": .array(treeValues),
        ]
    }

    /// Rebuilds a model from ``parametersJSON()`` output.
    /// - Throws: ``InvalidInput`` (data error) naming the key that is missing or malformed.
    public init(parametersJSON json: JSONValue, featureNames: [String]) throws {
        func fail(_ key: String, _ expected: String) -> InvalidInput {
            InvalidInput("gbdt model: '\(key)' must be \(expected)", kind: .dataError)
        }
        guard let initial = json["initial_score"]?.doubleValue else { throw fail("initial_score", "a number") }
        guard let treeValues = json["trees"]?.arrayValue else { throw fail("trees", "an array") }
        let configuration = try Configuration(json: json["configuration"] ?? [:])
        var trees: [RegressionTree] = []
        for (t, value) in treeValues.enumerated() {
            let prefix = "trees[\(t)]."
            func doubles(_ key: String) throws -> [Double] {
                guard let items = value[key]?.arrayValue else { throw fail(prefix + key, "an array of numbers") }
                return try items.map { item in
                    guard let x = item.doubleValue else { throw fail(prefix + key, "an array of numbers") }
                    return x
                }
            }
            func integers(_ key: String, in range: Range<Int>) throws -> [Int32] {
                guard let items = value[key]?.arrayValue else { throw fail(prefix + key, "an array of integers") }
                return try items.map { item in
                    guard let x = item.intValue, range.contains(x) else {
                        throw fail(prefix + key, "an array of integers in \(range.lowerBound)..<\(range.upperBound)")
                    }
                    return Int32(x)
                }
            }
            var tree = RegressionTree()
            tree.leafValue = try doubles("leaf_value")
            let leaves = tree.leafValue.count
            guard leaves >= 1 else { throw fail(prefix + "leaf_value", "a non-empty array") }
            let nodes = leaves - 1
            tree.splitFeature = try integers("split_feature", in: 0..<max(featureNames.count, 1))
            tree.threshold = try doubles("threshold")
            guard let defaults = value["default_left"]?.arrayValue?.compactMap(\.boolValue) else {
                throw fail(prefix + "default_left", "an array of Booleans")
            }
            tree.defaultLeft = defaults
            tree.leftChild = try integers("left_child", in: -leaves..<nodes)
            tree.rightChild = try integers("right_child", in: -leaves..<nodes)
            tree.gain = value["split_gain"] == nil ? [Double](repeating: 0, count: nodes) : try doubles("split_gain")
            for (key, count) in [("split_feature", tree.splitFeature.count), ("threshold", tree.threshold.count),
                                 ("default_left", tree.defaultLeft.count), ("left_child", tree.leftChild.count),
                                 ("right_child", tree.rightChild.count), ("split_gain", tree.gain.count)]
                where count != nodes {
                throw fail(prefix + key, "an array of \(nodes) items (leaves − 1); found \(count)")
            }
            // Children must point forward so walking a tree always ends at a leaf.
            for i in 0..<nodes {
                for child in [tree.leftChild[i], tree.rightChild[i]] where child >= 0 && Int(child) <= i {
                    throw fail(prefix + "left_child/right_child", "children after their parent node")
                }
            }
            trees.append(tree)
        }
        self.init(featureNames: featureNames, configuration: configuration, initialScore: initial, trees: trees)
    }
}

extension GradientBoostedTrees.Configuration {
    /// The parameters with LightGBM-style snake_case names.
    public var json: JSONValue {
        [
            "rounds": .number(Double(treeCount)),
            "learning_rate": .number(learningRate),
            "num_leaves": .number(Double(numLeaves)),
            "max_depth": maxDepth.map { .number(Double($0)) } ?? .null,
            "min_child_samples": .number(Double(minChildSamples)),
            "min_sum_hessian": .number(minSumHessian),
            "min_split_gain": .number(minSplitGain),
            "reg_lambda": .number(l2Regularization),
            "max_delta_step": .number(maxDeltaStep),
            "max_bin": .number(Double(maxBins)),
            "bin_sample_count": .number(Double(binSampleCount)),
            "bagging_fraction": .number(baggingFraction),
            "bagging_freq": .number(Double(baggingFrequency)),
            "feature_fraction": .number(featureFraction),
            "early_stopping_rounds": earlyStoppingRounds.map { .number(Double($0)) } ?? .null,
            "early_stopping_metric": .string(earlyStoppingMetric.rawValue),
            "seed": .number(Double(seed)),
        ]
    }

    /// Reads ``json``; absent keys keep their defaults.
    /// - Throws: ``InvalidInput`` (data error) naming a key of the wrong type, or a parameter out of range.
    init(json: JSONValue) throws {
        self.init()
        func fail(_ key: String, _ expected: String) -> InvalidInput {
            InvalidInput("gbdt model: 'configuration.\(key)' must be \(expected)", kind: .dataError)
        }
        func int(_ key: String) throws -> Int? {
            guard let v = json[key], v != .null else { return nil }
            guard let x = v.intValue else { throw fail(key, "an integer") }
            return x
        }
        func double(_ key: String) throws -> Double? {
            guard let v = json[key], v != .null else { return nil }
            guard let x = v.doubleValue else { throw fail(key, "a number") }
            return x
        }
        if let x = try int("rounds") { treeCount = x }
        if let x = try double("learning_rate") { learningRate = x }
        if let x = try int("num_leaves") { numLeaves = x }
        maxDepth = try int("max_depth")
        if let x = try int("min_child_samples") { minChildSamples = x }
        if let x = try double("min_sum_hessian") { minSumHessian = x }
        if let x = try double("min_split_gain") { minSplitGain = x }
        if let x = try double("reg_lambda") { l2Regularization = x }
        if let x = try double("max_delta_step") { maxDeltaStep = x }
        if let x = try int("max_bin") { maxBins = x }
        if let x = try int("bin_sample_count") { binSampleCount = x }
        if let x = try double("bagging_fraction") { baggingFraction = x }
        if let x = try int("bagging_freq") { baggingFrequency = x }
        if let x = try double("feature_fraction") { featureFraction = x }
        earlyStoppingRounds = try int("early_stopping_rounds")
        if let v = json["early_stopping_metric"], v != .null {
            guard let s = v.stringValue, let m = GradientBoostedTrees.EarlyStoppingMetric(rawValue: s) else {
                throw fail("early_stopping_metric", "'log_loss' or 'roc_auc'")
            }
            earlyStoppingMetric = m
        }
        if let x = try int("seed") {
            guard x >= 0 else { throw fail("seed", "≥ 0") }
            seed = UInt64(x)
        }
        do { try validate() } catch let error as InvalidInput {
            throw InvalidInput("gbdt model: " + error.message, kind: .dataError)
        }
    }
}
