extension MiningLoop {
    /// What a finished (or resumed and finished) run produced.
    public struct Outcome: Sendable {
        /// Every round, in order, including those read back from a resumed run.
        public var rounds: [LoopRound]
        /// Why it stopped.
        public var stop: LoopStop
        /// The round with the best validation metric (ties: the earlier round).
        public var bestRound: Int?
    }

    /// Runs the loop to its end, saving every round in `directory`.
    ///
    /// With `resume`, the run continues after the last round the manifest lists as finished
    /// (its inputs must have the checksums recorded there — the caller checks them); rounds
    /// already on disk are read back, not recomputed.
    /// - Parameters:
    ///   - directory: the run folder.
    ///   - manifestHeader: what the caller records about the run (model kind and options,
    ///     inputs and checksums); the loop adds its configuration, strategy and progress.
    ///   - poolIDs: ids of pool rows for `mined.csv` (row numbers when `nil`).
    ///   - resume: continue an existing run instead of starting one.
    ///   - onRound: called after each round is saved (for progress output).
    public func run(in directory: LoopRunDirectory, manifestHeader: [(String, JSONValue)], poolIDs: [String]? = nil,
                    resume: Bool = false, onRound: (LoopRound) throws -> Void = { _ in }) throws -> Outcome {
        var manifest = manifestHeader
        manifest.append(("loop", configuration.json))
        manifest.append(("strategy", strategy.parametersJSON))
        var rounds: [LoopRound] = []
        var state: State

        // Each round's model.json is written once: round 0's when the run starts, every later one by
        // the round before it (with its state.json), so a resumed run finds both on disk.
        func writeModel(_ state: State) throws {
            try directory.write(ModelFile(model: state.model).json.serialized(pretty: true) + "\n", round: state.round, file: "model.json")
        }
        if resume {
            let saved = try directory.readManifest()
            let finished = saved["finished_rounds"]?.arrayValue?.compactMap(\.intValue) ?? []
            if let stop = saved["stop"]?["reason"]?.stringValue, let reason = LoopStop(rawValue: stop) {
                // Already complete: read it back.
                for r in finished { rounds.append(try readRound(directory, r)) }
                return Outcome(rounds: rounds, stop: reason, bestRound: Self.bestRound(rounds))
            }
            for r in finished { rounds.append(try readRound(directory, r)) }
            if let last = finished.last {
                state = try readState(directory, after: last)
            } else {
                state = try initialState()
                try writeModel(state)
            }
        } else {
            try directory.create()
            state = try initialState()
            try directory.writeManifest(.object(manifest + [("finished_rounds", []), ("stop", .null)]))
            try writeModel(state)
        }

        while true {
            let (record, next) = try runRound(state)
            try saveRound(directory, record, poolIDs: poolIDs)
            if let next {
                try directory.write(stateJSON(next).serialized(pretty: true) + "\n", round: record.round, file: "state.json")
                try writeModel(next)
            }
            rounds.append(record)
            let stop: JSONValue = record.stop.map { ["round": .number(Double(record.round)), "reason": .string($0.rawValue)] } ?? .null
            try directory.writeManifest(.object(manifest + [
                ("finished_rounds", .array(rounds.map { .number(Double($0.round)) })),
                ("stop", stop),
            ]))
            try onRound(record)
            guard let next else { break }
            state = next
        }
        return Outcome(rounds: rounds, stop: rounds.last!.stop!, bestRound: Self.bestRound(rounds))
    }

    static func bestRound(_ rounds: [LoopRound]) -> Int? {
        var best: LoopRound?
        for r in rounds {
            guard let v = r.validationMetric else { continue }
            if best == nil || v > best!.validationMetric! { best = r }
        }
        return best?.round
    }

    func saveRound(_ directory: LoopRunDirectory, _ record: LoopRound, poolIDs: [String]?) throws {
        try directory.write(record.json.serialized(pretty: true) + "\n", round: record.round, file: "metrics.json")
        try directory.write(record.timingsJSON.serialized() + "\n", round: record.round, file: "timings.json")
        let writer = try CSVWriter(path: directory.roundPath(record.round) + "/mined.csv")
        try writer.writeRow(["pool_row", "id", "score", "rank"])
        for (rank, m) in record.mined.enumerated() {
            try writer.writeRow([String(m.row), poolIDs?[m.row] ?? String(m.row), CSVWriter.format(m.score), String(rank + 1)])
        }
        try writer.commit()
    }

    func stateJSON(_ state: State) -> JSONValue {
        [
            "next_round": .number(Double(state.round)),
            "train_rows": .array(state.composition.trainRows.map { .number(Double($0)) }),
            "pool_rows": .array(state.composition.poolRows.map { .number(Double($0)) }),
            "used_pool_rows": .array(state.usedPoolRows.sorted().map { .number(Double($0)) }),
            "best": state.best.map { ["value": .number($0.value), "round": .number(Double($0.round))] } ?? .null,
        ]
    }

    func readState(_ directory: LoopRunDirectory, after r: Int) throws -> State {
        let json = try directory.readJSON(round: r, file: "state.json")
        func ints(_ key: String) throws -> [Int] {
            guard let values = json[key]?.arrayValue?.compactMap(\.intValue) else {
                throw InvalidInput("\(directory.roundPath(r))/state.json: key '\(key)' is missing or not a list of integers", kind: .dataError)
            }
            return values
        }
        let model = try ModelFile.decode(M.self, from: directory.readJSON(round: r + 1, file: "model.json"),
                                         path: directory.roundPath(r + 1) + "/model.json")
        var best: (Double, Int)?
        if let b = json["best"], let v = b["value"]?.doubleValue, let round = b["round"]?.intValue { best = (v, round) }
        return State(round: r + 1, model: model,
                     composition: Composition(trainRows: try ints("train_rows"), poolRows: try ints("pool_rows")),
                     usedPoolRows: Set(try ints("used_pool_rows")), best: best)
    }

    func readRound(_ directory: LoopRunDirectory, _ r: Int) throws -> LoopRound {
        let json = try directory.readJSON(round: r, file: "metrics.json")
        let timings = try? directory.readJSON(round: r, file: "timings.json")
        let mined = try readMined(directory, r)
        return LoopRound(
            round: r, threshold: json["threshold"]?.doubleValue,
            validationMetricName: json["validation"]?["metric"]?.stringValue ?? configuration.validationMetricName,
            validationMetric: json["validation"]?["value"]?.doubleValue, testReport: json["test"] ?? .null,
            trainingRows: json["training_rows"]?.intValue ?? 0,
            poolNegativesAtOrAboveThreshold: json["pool_negatives_at_or_above_threshold"]?.intValue ?? 0,
            unusedCandidates: json["unused_candidates"]?.intValue ?? 0,
            mined: mined, strategySeconds: timings?["strategy_seconds"]?.doubleValue,
            rowsTrainedOn: json["rows_trained_on"]?.intValue,
            droppedByCacheLimit: json["dropped_by_cache_limit"]?.intValue ?? 0,
            stop: json["stop"]?.stringValue.flatMap(LoopStop.init(rawValue:)),
            strategyReport: json["strategy_report"] ?? .null)
    }

    /// Reads back `mined.csv` (written by ``saveRound``).
    func readMined(_ directory: LoopRunDirectory, _ r: Int) throws -> [MinedPoolRow] {
        let csv = try CSVTable(path: directory.roundPath(r) + "/mined.csv", options: .init(numericColumns: ["pool_row", "score"]))
        let rows = try csv.finiteNumbers(column: "pool_row")
        let scores = try csv.finiteNumbers(column: "score")
        return zip(rows, scores).map { MinedPoolRow(row: Int($0), score: $1) }
    }
}
