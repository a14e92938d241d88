#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder a mining loop writes, and reads back to resume.
///
/// ```
/// RUN_DIR/manifest.json        configuration, input checksums, finished rounds, why it stopped
/// RUN_DIR/model.json           the recommended model (best by validation over every arm and round)
/// RUN_DIR/summary.json, summary.txt   the loop's summary (`--json` and text, without seconds), written at the end
/// RUN_DIR/control-full-pool/model.json   the full-pool control's model (with --control full-pool)
/// RUN_DIR/round-000/model.json the model this round evaluates
///                  metrics.json validation choice + test report (no timings)
///                  mined.csv    the pool rows mined this round, hardest first
///                  state.json   what the next round starts from
///                  timings.json wall-clock seconds of the strategy (and of the controls)
///                  control-random/  model.json (from round 1), mined.csv, state.json of the control
///                                   arm (metrics in the round's metrics.json, key `control`)
/// ```
/// Round `r` counts as finished once its files and the next round's `model.json` are on disk
/// and the manifest lists it; every file is written atomically, the manifest last, so a run
/// killed at any point resumes from its last finished round.
package struct LoopRunDirectory: Sendable {
    /// The folder.
    public let path: String

    public init(path: String) { self.path = path }

    /// The folder of round `r`.
    public func roundPath(_ r: Int) -> String {
        let digits = String(r)
        return path + "/round-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// The folder of an arm's files in round `r`: the round folder for the strategy arm
    /// (`arm` nil), `round-NNN/control-NAME/` for a control.
    public func armPath(_ r: Int, arm: String?) -> String {
        arm.map { roundPath(r) + "/" + $0 } ?? roundPath(r)
    }

    /// The model file an arm (`strategy` or a control's name) evaluated in `round`: round 0's
    /// model is shared by every arm, and the full-pool control has one model for the run
    /// (`round` ignored).
    func modelPath(arm: String, round: Int?) -> String {
        if arm == LoopControl.fullPool.rawValue { return fullPoolPath + "/model.json" }
        let r = round ?? 0
        if arm == "strategy" || r == 0 { return roundPath(r) + "/model.json" }
        return armPath(r, arm: "control-" + arm) + "/model.json"
    }

    /// The full-pool control's folder.
    var fullPoolPath: String { path + "/" + LoopControl.fullPool.folder }

    /// The recommended model: a copy of the chosen arm's model file.
    var recommendedModelPath: String { path + "/model.json" }

    /// Creates the run folder (and parents); an existing folder must not hold a manifest
    /// unless `allowExisting`.
    /// - Throws: ``IOFailure`` (`cannotCreate`) when it cannot be made or already holds a run.
    public func create(allowExisting: Bool = false) throws {
        try Directories.create(path)
        if !allowExisting, access(path + "/manifest.json", F_OK) == 0 {
            throw IOFailure(kind: .cannotCreate, path: path,
                            reason: "it already holds a run (manifest.json); use \(InvalidInput.named("resume")) \(path) to continue it or choose another \(InvalidInput.named("output"))")
        }
    }

    /// Reads `manifest.json`.
    /// - Throws: ``IOFailure`` when it is missing, ``JSONParseError`` when it is not JSON.
    public func readManifest() throws -> JSONValue {
        try Self.readJSON(path + "/manifest.json")
    }

    /// The command line the run started with (the manifest's `arguments`), which a resume
    /// parses again so that it runs exactly what the run started with.
    /// - Throws: ``InvalidInput`` naming the key when it is missing or not a list of strings.
    public func recordedArguments(_ manifest: JSONValue) throws -> [String] {
        guard let values = manifest["arguments"]?.arrayValue else {
            throw InvalidInput("\(path)/manifest.json: key 'arguments' is missing; it was not written by quarry loop", kind: .dataError)
        }
        let arguments = values.compactMap(\.stringValue)
        guard arguments.count == values.count else {
            throw InvalidInput("\(path)/manifest.json: key 'arguments' must be a list of strings", kind: .dataError)
        }
        return arguments
    }

    /// Checks that an input a resume reads is the one the run started with: its sha256 must
    /// equal the manifest's `inputs.ROLE.sha256` (a manifest without one checks nothing).
    /// - Throws: ``InvalidInput`` naming the file and both checksums when they differ.
    public func checkInput(_ manifest: JSONValue, role: String, file: String, sha256: String) throws {
        if let recorded = manifest["inputs"]?[role]?["sha256"]?.stringValue, recorded != sha256 {
            throw InvalidInput("\(file) changed since the run started (sha256 \(sha256), recorded \(recorded)); resume needs the same inputs", kind: .dataError)
        }
    }

    /// Writes `manifest.json` atomically.
    public func writeManifest(_ manifest: JSONValue) throws {
        try AtomicFile.write(Array((manifest.serialized(pretty: true) + "\n").utf8), to: path + "/manifest.json")
    }

    /// Writes one file of round `r` (of a control arm's folder when `arm` is given) atomically,
    /// creating the folder.
    public func write(_ text: String, round r: Int, arm: String? = nil, file: String) throws {
        try Directories.create(armPath(r, arm: arm))
        try AtomicFile.write(Array(text.utf8), to: armPath(r, arm: arm) + "/" + file)
    }

    /// Reads one JSON file of round `r` (of a control arm's folder when `arm` is given).
    public func readJSON(round r: Int, arm: String? = nil, file: String) throws -> JSONValue {
        try Self.readJSON(armPath(r, arm: arm) + "/" + file)
    }

    static func readJSON(_ file: String) throws -> JSONValue {
        let mapped = try MappedFile(path: file)
        do {
            return try JSONValue.parse(mapped.bytes)
        } catch var error as JSONParseError {
            error.path = file
            throw error
        }
    }
}
