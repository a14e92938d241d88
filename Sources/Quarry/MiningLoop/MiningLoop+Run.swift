extension MiningLoop {
    /// What a finished (or resumed and finished) run produced.
    public struct Outcome: Sendable {
        /// Every round, in order, including those read back from a resumed run.
        public var rounds: [LoopRound]
        /// Why it stopped.
        public var stop: LoopStop
        /// The strategy arm's round with the best validation metric (ties: the earlier round).
        public var bestRound: Int?
        /// The model the run recommends (its file is the run folder's `model.json`).
        public var chosen: LoopChoice
        /// The strategy's final model against the first control's, on test (`nil` without controls).
        public var comparison: LoopComparison?
    }

    /// Runs the loop to its end, saving every round in `directory`.
    ///
    /// Every round runs the strategy arm and then each control arm of the configuration on the
    /// same budget; the strategy arm decides when the run stops. At the end the recommended
    /// model (``LoopChoice``) is written as the run folder's `model.json`, and the summary as
    /// `summary.json` and `summary.txt`.
    ///
    /// With `resume`, the run continues after the last round the manifest lists as finished
    /// (its inputs must have the checksums recorded there — the caller checks them); rounds
    /// already on disk are read back, not recomputed, and every field of the saved state is
    /// checked against the data before use.
    /// - Parameters:
    ///   - directory: the run folder.
    ///   - manifestHeader: what the caller records about the run (model kind and options,
    ///     inputs and checksums); the loop adds its configuration, strategy and progress.
    ///   - poolIDs: ids of pool rows for `mined.csv` (row numbers when `nil`).
    ///   - resume: continue an existing run instead of starting one.
    ///   - progress: told of each finished round (out of at most `rounds + 1`).
    ///   - onRound: called after each round is saved.
    /// - Throws: ``InvalidInput`` (bad data) naming the file and key of a saved state that does
    ///   not fit the data; what the model's training throws.
    package func run(in directory: LoopRunDirectory, manifestHeader: [(String, JSONValue)], poolIDs: [String]? = nil,
                    resume: Bool = false, progress: ProgressReporter = .silent,
                    onRound: (LoopRound) throws -> Void = { _ in }) throws -> Outcome {
        var manifest = manifestHeader
        manifest.append(("loop", configuration.json))
        manifest.append(("strategy", strategy.parametersJSON))
        if sampler != .top { manifest.append(("sampler", .string(sampler.rawValue))) }
        var rounds: [LoopRound] = []
        var state: State
        let sampling = configuration.controls.filter { $0.sampler != nil }
        var controlStates: [LoopControl: State] = [:]
        var fullPool: LoopRound?

        // Each round's model.json is written once: round 0's when the run starts, every later one by
        // the round before it (with its state.json), so a resumed run finds both on disk.
        func writeModel(_ state: State, arm: String? = nil) throws {
            try directory.write(ModelFile(model: state.model).json.serialized(pretty: true) + "\n", round: state.round, arm: arm, file: "model.json")
        }
        func fullPoolRecord() throws -> LoopRound? {
            guard configuration.controls.contains(.fullPool) else { return nil }
            let path = directory.modelPath(arm: LoopControl.fullPool.rawValue, round: nil)
            let model: M
            if resume, let saved = try? LoopRunDirectory.readJSON(path) {
                model = try ModelFile.decode(M.self, from: saved, path: path)
            } else {
                model = try fullPoolModel()
                try Directories.create(directory.fullPoolPath)
                try AtomicFile.write(Array((ModelFile(model: model).json.serialized(pretty: true) + "\n").utf8), to: path)
            }
            let evaluation = try evaluate(model)
            var record = LoopRound(
                round: 0, threshold: evaluation.threshold, validationMetricName: configuration.validationMetricName,
                validationMetric: evaluation.metric, testReport: evaluation.testReport,
                trainingRows: data.train.labels.count + data.pool.labels.count, poolNegativesAtOrAboveThreshold: 0,
                unusedCandidates: 0, mined: [], strategySeconds: nil, rowsTrainedOn: nil, droppedByCacheLimit: 0, stop: nil)
            record.testRanking = evaluation.testRanking
            return record
        }

        if resume {
            let saved = try directory.readManifest()
            let finished = try Self.finishedRounds(saved, path: directory.path + "/manifest.json")
            for r in finished { rounds.append(try readRound(directory, r)) }
            if let stop = saved["stop"]?["reason"]?.stringValue, let reason = LoopStop(rawValue: stop), !rounds.isEmpty {
                // Already complete: read it back.
                return try finish(directory, rounds: rounds, stop: reason)
            }
            if let last = finished.last {
                state = try readState(directory, after: last, arm: nil)
                for control in sampling { controlStates[control] = try readState(directory, after: last, arm: control.folder) }
            } else {
                state = try initialState()
                try writeModel(state)
                for control in sampling { controlStates[control] = state }
            }
        } else {
            try directory.create()
            state = try initialState()
            try directory.writeManifest(.object(manifest + [("finished_rounds", []), ("stop", .null)]))
            try writeModel(state)
            for control in sampling { controlStates[control] = state }
        }
        fullPool = try fullPoolRecord()

        let meter = progress.start("loop", unit: "rounds", total: configuration.rounds + 1)
        meter.advance(to: rounds.count)
        defer { meter.finish() }
        while true {
            var (record, next) = try runRound(state)
            for control in configuration.controls {
                if control == .fullPool, var full = fullPool {
                    full.round = record.round
                    record.controls.append((control, full))
                    continue
                }
                let (controlRecord, controlNext) = try runControlRound(controlStates[control]!, control: control, strategyGoesOn: next != nil)
                try saveMined(directory, controlRecord, arm: control.folder, poolIDs: poolIDs)
                if let controlNext {
                    try directory.write(stateJSON(controlNext, sampler: control.sampler!).serialized(pretty: true) + "\n",
                                        round: record.round, arm: control.folder, file: "state.json")
                    try writeModel(controlNext, arm: control.folder)
                    controlStates[control] = controlNext
                }
                record.controls.append((control, controlRecord))
            }
            try saveRound(directory, record, poolIDs: poolIDs)
            if let next {
                try directory.write(stateJSON(next, sampler: sampler).serialized(pretty: true) + "\n", round: record.round, file: "state.json")
                try writeModel(next)
            }
            rounds.append(record)
            let stop: JSONValue = record.stop.map { ["round": .number(Double(record.round)), "reason": .string($0.rawValue)] } ?? .null
            try directory.writeManifest(.object(manifest + [
                ("finished_rounds", .array(rounds.map { .number(Double($0.round)) })),
                ("stop", stop),
            ]))
            meter.advance(to: rounds.count)
            try onRound(record)
            guard let next else { break }
            state = next
        }
        return try finish(directory, rounds: rounds, stop: rounds.last!.stop!)
    }

    /// Chooses the recommended model, writes it as the run folder's `model.json`, compares
    /// the strategy's final model with the first control's on test and writes the summary
    /// (``LoopSummary/write(to:)``: `summary.json`, `summary.txt`). Reads every model from the
    /// run folder, so a finished run and its resumed copy end the same.
    func finish(_ directory: LoopRunDirectory, rounds: [LoopRound], stop: LoopStop) throws -> Outcome {
        let chosen: LoopChoice
        switch configuration.chooser {
        case .best:
            chosen = LoopChoice.choose(rounds)
        case .guarded:
            // The initial model, each control's final model and the strategy's final model, scored on validation.
            let last = rounds.last!.round
            func candidate(_ arm: String, _ round: Int?) throws -> LoopChoice.Candidate {
                let path = directory.modelPath(arm: arm, round: round)
                let model = try ModelFile.decode(M.self, from: LoopRunDirectory.readJSON(path), path: path)
                return .init(arm: arm, round: round, scores: try model.score(data.validation.features))
            }
            var references = [try candidate("strategy", 0)]
            for control in configuration.controls {
                if control == .fullPool { references.append(try candidate(control.rawValue, nil)) }
                else if last > 0 { references.append(try candidate(control.rawValue, last)) }
            }
            chosen = try LoopChoice.guarded(
                references: references, strategy: last > 0 ? try candidate("strategy", last) : nil, labels: data.validation.labels,
                targetRecall: LoopRankingMetrics.targetRecall(for: configuration.operatingPoint), seed: configuration.seed ^ 0x6A4D_C405)
        }
        let chosenPath = directory.modelPath(arm: chosen.arm, round: chosen.round)
        let mapped = try MappedFile(path: chosenPath)
        let bytes = withExtendedLifetime(mapped) { Array(mapped.bytes) }
        try AtomicFile.write(bytes, to: directory.recommendedModelPath)

        var comparison: LoopComparison?
        let last = rounds.last!.round
        if let control = configuration.controls.first(where: { $0 != .fullPool }) ?? configuration.controls.first {
            func scores(_ path: String) throws -> [Double] {
                try ModelFile.decode(M.self, from: LoopRunDirectory.readJSON(path), path: path).score(data.test.features)
            }
            let controlPath = directory.modelPath(arm: control.rawValue, round: last)   // the full pool's has no round
            let full = configuration.controls.contains(.fullPool) && control != .fullPool
                ? try scores(directory.modelPath(arm: LoopControl.fullPool.rawValue, round: nil)) : nil
            comparison = try LoopComparison(
                control: control, round: last, labels: data.test.labels, strategyScores: scores(directory.modelPath(arm: "strategy", round: last)),
                controlScores: scores(controlPath), fullPoolScores: full,
                targetRecall: LoopRankingMetrics.targetRecall(for: configuration.operatingPoint),
                seed: configuration.seed ^ 0xB007_5EED)
        }
        let outcome = Outcome(rounds: rounds, stop: stop, bestRound: Self.bestRound(rounds), chosen: chosen, comparison: comparison)
        try LoopSummary(outcome, of: self, directory: directory.path).write(to: directory)
        return outcome
    }

    static func bestRound(_ rounds: [LoopRound]) -> Int? {
        var best: LoopRound?
        for r in rounds {
            guard let v = r.validationMetric else { continue }
            if best == nil || v > best!.validationMetric! { best = r }
        }
        return best?.round
    }

    /// The manifest's `finished_rounds`: 0, 1, …, k in order.
    static func finishedRounds(_ manifest: JSONValue, path: String) throws -> [Int] {
        guard let values = manifest["finished_rounds"]?.arrayValue else {
            throw InvalidInput("\(path): key 'finished_rounds' is missing or not a list", kind: .dataError)
        }
        let rounds = values.compactMap(\.intValue)
        guard rounds.count == values.count, rounds == Array(0..<rounds.count) else {
            throw InvalidInput("\(path): key 'finished_rounds' must list the rounds 0, 1, 2, … in order; got \(values.map { $0.serialized() }.joined(separator: ", "))", kind: .dataError)
        }
        return rounds
    }

    func saveRound(_ directory: LoopRunDirectory, _ record: LoopRound, poolIDs: [String]?) throws {
        try directory.write(record.json.serialized(pretty: true) + "\n", round: record.round, file: "metrics.json")
        try directory.write(record.timingsJSON.serialized() + "\n", round: record.round, file: "timings.json")
        try saveMined(directory, record, arm: nil, poolIDs: poolIDs)
    }

    /// Writes an arm's `mined.csv`; weighted samplers add each row's inclusion probability.
    func saveMined(_ directory: LoopRunDirectory, _ record: LoopRound, arm: String?, poolIDs: [String]?) throws {
        try Directories.create(directory.armPath(record.round, arm: arm))
        let writer = try CSVWriter(path: directory.armPath(record.round, arm: arm) + "/mined.csv")
        let weighted = record.mined.contains { $0.inclusion != 1 } || (arm == nil && sampler.isWeighted)
        try writer.writeRow(["pool_row", "id", "score", "rank"] + (weighted ? ["inclusion"] : []))
        for (rank, m) in record.mined.enumerated() {
            try writer.writeRow([String(m.row), poolIDs?[m.row] ?? String(m.row), CSVWriter.format(m.score), String(rank + 1)]
                                + (weighted ? [CSVWriter.format(m.inclusion)] : []))
        }
        try writer.commit()
    }

    func stateJSON(_ state: State, sampler: PoolSampler) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("next_round", .number(Double(state.round))),
            ("train_rows", .array(state.composition.trainRows.map { .number(Double($0)) })),
            ("pool_rows", .array(state.composition.poolRows.map { .number(Double($0)) })),
            ("used_pool_rows", .array(state.usedPoolRows.sorted().map { .number(Double($0)) })),
            ("best", state.best.map { ["value": .number($0.value), "round": .number(Double($0.round))] } ?? .null),
        ]
        if sampler.isWeighted {
            pairs.append(("pool_inclusion", .array(state.composition.poolInclusion.map { .number($0) })))
            pairs.append(("mined_rounds", .number(Double(state.minedRounds))))
        }
        return .object(pairs)
    }

    /// Reads the state an arm saved after round `r`, checking every field against the data.
    func readState(_ directory: LoopRunDirectory, after r: Int, arm: String?) throws -> State {
        let path = directory.armPath(r, arm: arm) + "/state.json"
        let json = try directory.readJSON(round: r, arm: arm, file: "state.json")
        func fail(_ key: String, _ problem: String) -> InvalidInput {
            InvalidInput("\(path): key '\(key)' \(problem)", kind: .dataError)
        }
        func ints(_ key: String, below bound: Int, setName: String) throws -> [Int] {
            guard let values = json[key]?.arrayValue else { throw fail(key, "is missing or not a list of integers") }
            var out: [Int] = []
            out.reserveCapacity(values.count)
            var seen = Set<Int>()
            for (i, value) in values.enumerated() {
                guard let n = value.intValue else { throw fail(key, "must hold integers; item \(i) is \(value.serialized())") }
                guard n >= 0, n < bound else { throw fail(key, "item \(i) is row \(n), outside the \(setName) set's rows 0..<\(bound)") }
                guard seen.insert(n).inserted else { throw fail(key, "lists row \(n) twice") }
                out.append(n)
            }
            return out
        }
        guard json["next_round"]?.intValue == r + 1 else {
            throw fail("next_round", "must be \(r + 1); found \(json["next_round"]?.serialized() ?? "nothing")")
        }
        let trainRows = try ints("train_rows", below: data.train.labels.count, setName: "training")
        let poolRows = try ints("pool_rows", below: data.pool.labels.count, setName: "pool")
        let used = try ints("used_pool_rows", below: data.pool.labels.count, setName: "pool")
        guard Set(poolRows).isSubset(of: used) else { throw fail("pool_rows", "holds rows that 'used_pool_rows' does not") }
        var inclusion: [Double]?
        var minedRounds = 0
        if let values = json["pool_inclusion"]?.arrayValue {
            let pis = values.compactMap(\.doubleValue)
            guard pis.count == poolRows.count, pis.allSatisfy({ $0 > 0 && $0 <= 1 }) else {
                throw fail("pool_inclusion", "must hold one probability in (0, 1] per pool row (\(poolRows.count))")
            }
            inclusion = pis
            guard let k = json["mined_rounds"]?.intValue, k >= 0, k <= r + 1 else { throw fail("mined_rounds", "must be an integer in 0...\(r + 1)") }
            minedRounds = k
        } else {
            minedRounds = Set(poolRows).isEmpty ? 0 : r + 1
        }
        var best: (Double, Int)?
        if let b = json["best"], b != .null {
            guard let v = b["value"]?.doubleValue, let round = b["round"]?.intValue, round >= 0, round <= r else {
                throw fail("best", "must be null or {value, round} with a round in 0...\(r)")
            }
            best = (v, round)
        }
        let modelPath = directory.armPath(r + 1, arm: arm) + "/model.json"
        let model = try ModelFile.decode(M.self, from: LoopRunDirectory.readJSON(modelPath), path: modelPath)
        return State(round: r + 1, model: model,
                     composition: Composition(trainRows: trainRows, poolRows: poolRows, poolInclusion: inclusion),
                     usedPoolRows: Set(used), best: best, minedRounds: minedRounds)
    }

    /// Reads round `r`'s record (with its controls') back from the run folder.
    func readRound(_ directory: LoopRunDirectory, _ r: Int) throws -> LoopRound {
        let json = try directory.readJSON(round: r, file: "metrics.json")
        let timings = try? directory.readJSON(round: r, file: "timings.json")
        let path = directory.roundPath(r) + "/metrics.json"
        var record = try parseRound(JSONFields(json, file: path), round: r, mined: readMined(directory, r, arm: nil),
                                    seconds: timings?["strategy_seconds"]?.doubleValue)
        for (k, control) in configuration.controls.enumerated() {
            let key = k == 0 ? "control" : "other_controls." + control.rawValue
            guard let block = k == 0 ? json["control"] : json["other_controls"]?[control.rawValue], block != .null else {
                throw InvalidInput("\(path): key '\(key)' is missing; the run's manifest lists the control \(control.rawValue)", kind: .dataError)
            }
            let mined = control == .fullPool ? [] : try readMined(directory, r, arm: control.folder)
            record.controls.append((control, try parseRound(JSONFields(block, path: key, file: path), round: r, mined: mined,
                                                              seconds: timings?["control_strategy_seconds"]?[control.rawValue]?.doubleValue)))
        }
        return record
    }

    /// A round's record from its `metrics.json` object (or a control's block there). The test
    /// report and ranking are read back typed (``EvaluationReport``,
    /// ``LoopRankingMetrics``); a round written before `test_ranking` existed has none.
    func parseRound(_ fields: JSONFields, round r: Int, mined: [MinedPoolRow], seconds: Double?) throws -> LoopRound {
        let json = fields.value
        var record = LoopRound(
            round: r, threshold: json["threshold"]?.doubleValue,
            validationMetricName: json["validation"]?["metric"]?.stringValue ?? configuration.validationMetricName,
            validationMetric: json["validation"]?["value"]?.doubleValue, testReport: try fields.optionalMember("test").map(EvaluationReport.init(json:)),
            trainingRows: json["training_rows"]?.intValue ?? 0,
            poolNegativesAtOrAboveThreshold: json["pool_negatives_at_or_above_threshold"]?.intValue ?? 0,
            unusedCandidates: json["unused_candidates"]?.intValue ?? 0,
            mined: mined, strategySeconds: seconds,
            rowsTrainedOn: json["rows_trained_on"]?.intValue,
            droppedByCacheLimit: json["dropped_by_cache_limit"]?.intValue ?? 0,
            stop: json["stop"]?.stringValue.flatMap(LoopStop.init(rawValue:)),
            strategyReport: json["strategy_report"] ?? .null)
        record.testRanking = try fields.optionalMember("test_ranking").map(LoopRankingMetrics.init(json:))
        return record
    }

    /// Reads back an arm's `mined.csv` (written by ``saveMined``), checking its rows.
    func readMined(_ directory: LoopRunDirectory, _ r: Int, arm: String?) throws -> [MinedPoolRow] {
        let path = directory.armPath(r, arm: arm) + "/mined.csv"
        let csv = try CSVTable(path: path, options: .init(numericColumns: ["pool_row", "score"]))
        let rows = try csv.finiteNumbers(column: "pool_row")
        let scores = try csv.finiteNumbers(column: "score")
        let inclusion = csv.table.names.contains("inclusion") ? try csv.finiteNumbers(column: "inclusion") : nil
        return try rows.indices.map { i in
            let row = rows[i]
            guard row >= 0, row < Double(data.pool.labels.count), row == row.rounded() else {
                throw InvalidInput("\(path): line \(i + 2), column 'pool_row': expected a pool row in 0..<\(data.pool.labels.count); found \(row)", kind: .dataError)
            }
            return MinedPoolRow(row: Int(row), score: scores[i], inclusion: inclusion?[i] ?? 1)
        }
    }
}
