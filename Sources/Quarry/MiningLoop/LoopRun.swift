/// The four labelled CSV files a mining loop reads, and how to read them.
public struct LoopInputFiles: Sendable {
    /// The initial training set.
    public var train: String
    /// Labelled rows the model has not trained on, where hard negatives are mined.
    public var pool: String
    /// Where the operating threshold is chosen.
    public var validation: String
    /// Only ever reported.
    public var test: String
    /// The label column.
    public var label: String
    /// The id column (kept in `mined.csv`; never a feature).
    public var id: String?
    /// The feature columns; `nil` for every numeric column of the training file but label and id.
    public var features: [String]?
    /// The label value that marks a positive (default: 1/true/yes).
    public var positive: String?
    /// Delimiter and quoting.
    public var csv: CSVOptions

    public init(train: String, pool: String, validation: String, test: String, label: String, id: String? = nil,
                features: [String]? = nil, positive: String? = nil, csv: CSVOptions = CSVOptions()) {
        self.train = train
        self.pool = pool
        self.validation = validation
        self.test = test
        self.label = label
        self.id = id
        self.features = features
        self.positive = positive
        self.csv = csv
    }

    /// The files by role, in the order they are read and recorded.
    var roles: [(role: String, path: String)] {
        [("train", train), ("pool", pool), ("validation", validation), ("test", test)]
    }
}

/// A mining loop run in a folder: start it, or resume it after a kill, and get its typed summary.
///
/// This is the public way to run ``LoopRequest`` from Swift; `quarry loop` and the demo use it.
/// The folder's layout is described at `LoopRunDirectory` (manifest, round folders, model,
/// summary); a resumed run ends with the same files, byte for byte, as an uninterrupted one.
///
/// ```swift
/// let files = LoopInputFiles(train: "train.csv", pool: "pool.csv", validation: "val.csv", test: "test.csv", label: "label")
/// let run = try LoopRun.loading(files, folder: "run") { data in
///     LoopRequest(model: .logistic, settings: .init(), configuration: try .init(), strategy: try ExpandStrategy(),
///                 train: data.train, pool: data.pool, validation: data.validation, test: data.test)
/// }
/// let summary = try run.start()          // or, after a kill, the same call with .resume()
/// ```
public struct LoopRun: Sendable {
    /// What to run.
    public var request: LoopRequest
    /// The run folder.
    public var folder: String
    /// Ids of the pool rows for `mined.csv` (row numbers when `nil`).
    public var poolIDs: [String]?
    /// What the caller records in the manifest after `quarry_version` (the CLI records its
    /// command line as `arguments`, which its resume parses again).
    public var manifestHeader: [(String, JSONValue)]
    /// The files the data were read from, with their checksums (`nil` for data given in memory).
    public private(set) var inputs: [(role: String, path: String, sha256: String, rows: Int)]?

    /// A run of `request` in `folder`.
    public init(request: LoopRequest, folder: String, poolIDs: [String]? = nil, manifestHeader: [(String, JSONValue)] = []) {
        self.request = request
        self.folder = folder
        self.poolIDs = poolIDs
        self.manifestHeader = manifestHeader
    }

    /// The four data sets of a loop, as read from ``LoopInputFiles``.
    public struct LoadedData: Sendable {
        public var train: LabeledData
        public var pool: LabeledData
        public var validation: LabeledData
        public var test: LabeledData
    }

    /// Reads the four files (each once; the feature columns of the training file name those of
    /// the others), records their checksums, and builds the request from the data.
    ///
    /// A revise strategy's own derived features are checked against the columns here, before
    /// the first fit.
    /// - Parameter progress: told of the reading of each file (the loop's rounds are told to
    ///   the request's own ``LoopRequest/progress``).
    /// - Parameter makeRequest: the request for the loaded data (settings, strategy, sampler).
    /// - Throws: what ``LabeledInput/load(file:label:features:id:weight:positive:csv:progress:)``
    ///   throws, naming the file; ``InvalidInput`` for a derived feature over unknown columns.
    public static func loading(_ files: LoopInputFiles, folder: String, manifestHeader: [(String, JSONValue)] = [],
                               progress: ProgressReporter = .silent,
                               makeRequest: (LoadedData) throws -> LoopRequest) throws -> LoopRun {
        var loaded: [LabeledInput] = []
        var names = files.features
        for (_, path) in files.roles {
            let input = try LabeledInput.load(file: path, label: files.label, features: names, id: files.id,
                                              positive: files.positive, csv: files.csv, progress: progress)
            names = names ?? input.data.features.names
            loaded.append(input)
        }
        let data = LoadedData(train: loaded[0].data, pool: loaded[1].data, validation: loaded[2].data, test: loaded[3].data)
        let request = try makeRequest(data)
        if let revise = request.strategy as? ReviseFeaturesStrategy {
            _ = try DerivedFeature.appending(revise.options.userFeatures, to: data.train.features)
        }
        var run = LoopRun(request: request, folder: folder, poolIDs: loaded[1].ids, manifestHeader: manifestHeader)
        run.inputs = zip(files.roles, loaded).map { file, input in
            (file.role, file.path, input.sha256, input.data.labels.count)
        }
        return run
    }

    /// Starts the run; the folder must not hold one already.
    /// - Parameter onRound: called after each round is saved.
    /// - Throws: ``IOFailure`` when the folder cannot be made or holds a run; what the model's
    ///   training throws.
    public func start(onRound: (LoopRound) throws -> Void = { _ in }) throws -> LoopSummary {
        try run(resume: false, onRound: onRound)
    }

    /// Continues the run in the folder after its last finished round (a finished run is read
    /// back). The request must be the one the run started with; inputs read from files must
    /// have the checksums the manifest recorded.
    /// - Throws: ``InvalidInput`` naming a file whose checksum changed, or a saved state that
    ///   does not fit the data; ``IOFailure`` when the folder holds no manifest.
    public func resume(onRound: (LoopRound) throws -> Void = { _ in }) throws -> LoopSummary {
        let directory = LoopRunDirectory(path: folder)
        let saved = try directory.readManifest()
        for input in inputs ?? [] {
            try directory.checkInput(saved, role: input.role, file: input.path, sha256: input.sha256)
        }
        return try run(resume: true, onRound: onRound)
    }

    /// The manifest's members before the loop's own: version, the caller's, model, features, inputs.
    var header: [(String, JSONValue)] {
        var header: [(String, JSONValue)] = [("quarry_version", .string(Quarry.version))]
        header += manifestHeader
        header.append(("model", .string(request.model.rawValue)))
        header.append(("features", .array(request.train.features.names.map(JSONValue.string))))
        if let inputs {
            header.append(("inputs", .object(inputs.map { input in
                (input.role, ["path": .string(input.path), "sha256": .string(input.sha256), "rows": .number(Double(input.rows))])
            })))
        }
        return header
    }

    private func run(resume: Bool, onRound: (LoopRound) throws -> Void) throws -> LoopSummary {
        try request.model.run(request, in: LoopRunDirectory(path: folder), header: header, poolIDs: poolIDs, resume: resume,
                              onRound: onRound)
    }
}
