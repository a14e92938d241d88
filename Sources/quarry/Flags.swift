import ArgumentParser
import Quarry

/// The one table from library parameter names to command-line flags, and the one way a bad
/// flag is reported.
///
/// Library messages and prose name parameters in backticks (`` `maxDerived` must be ≥ 0 ``,
/// `` `control: none` ``, see ``InvalidInput``); the CLI shows the flag instead
/// (`--max-derived must be ≥ 0`, `--control none`).
enum Flags {
    /// Parameter (Swift name) → flag. Several parameters may share a flag.
    static let table: [String: String] = [
        // input
        "file": "FILE", "label": "--label", "score": "--score", "id": "--id", "positive": "--positive",
        "delimiter": "--delimiter", "features": "--features", "suspectFeatures": "--features", "derived": "--derive",
        "userFeatures": "--derive",
        // operating point
        "threshold": "--threshold", "targetRecall": "--target-recall", "targetPrecision": "--target-precision",
        "targetFPR": "--target-fpr", "operatingPoint": "--operating-point",
        // mining
        "strategy": "--strategy", "miningStrategy": "--strategy", "k": "--k", "margin": "--band", "bandHalfWidth": "--band", "sides": "--side", "excludeSuspects": "--exclude-suspects", "scoreCounts": "--score-counts",
        // loop and strategies
        "rounds": "--rounds", "perRound": "--per-round", "patience": "--patience", "cacheLimit": "--cache-limit",
        "hardWeight": "--hard-weight", "replayRatio": "--replay-ratio", "maxDerived": "--max-derived",
        "minGain": "--min-gain", "control": "--control", "resume": "--resume", "output": "-o",
        // model settings (GradientBoostedTrees.Configuration)
        "treeCount": "--num-trees",
        // explain
        "folds": "--folds", "permutations": "--permutations", "scoreBins": "--score-bins", "auditBand": "--band",
        "minimumEffect": "--min-effect", "bins": "--bins", "minimumSupport": "--min-support", "neighbours": "--neighbours",
        "positiveBand": "--positive-band", "easyMargin": "--easy-margin", "minimumPositives": "--min-positives",
        "topFeatures": "--top", "hardRowsFile": "--hard",
        // evaluation
        "bootstrap": "--bootstrap", "maxFPR": "--max-fpr", "calibrationBins": "--calibration-bins", "seed": "--seed",
        "threads": "--threads",
        // retrieval
        "numNegatives": "--num-negatives", "rangeMin": "--range-min", "rangeMax": "--range-max", "minScore": "--min-score",
        "maxScore": "--max-score", "absoluteMargin": "--absolute-margin", "relativeMargin": "--relative-margin",
        "dedupeThreshold": "--dedupe-threshold", "collapseIdenticalVectors": "--keep-duplicate-vectors",
        "includePositives": "--include-positives",
        "pairs": "--pairs", "queryIDs": "--query-ids", "queryTexts": "--queries-text", "corpusIDs": "--corpus-ids",
        "corpusTexts": "--corpus-text", "corpus": "--corpus", "corpusShard": "--corpus-shard", "queryBlock": "--query-block",
    ]

    /// `message` with every backticked parameter name replaced by its flag, and every backticked
    /// setting `` `name: value` `` by `--flag value` (a name the table lacks keeps its backticks,
    /// so a missing entry shows).
    static func render(_ message: String) -> String {
        guard message.contains("`") else { return message }
        var out = ""
        var rest = Substring(message)
        while let open = rest.firstIndex(of: "`") {
            out += rest[..<open]
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "`") else { rest = rest[open...]; break }
            let name = String(rest[after..<close])
            out += flag(name) ?? "`\(name)`"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The flag a backticked span names: a parameter (`maxDerived` → `--max-derived`) or a
    /// setting (`control: none` → `--control none`); `nil` when the table lacks the name.
    static func flag(_ span: String) -> String? {
        if let flag = table[span] { return flag }
        guard let colon = span.range(of: ": "), let flag = table[String(span[..<colon.lowerBound])] else { return nil }
        return flag + " " + span[colon.upperBound...]
    }

    /// Runs a library check from `validate()`: an ``InvalidInput`` (or any usage failure)
    /// becomes the parser's usage error, with flags in place of parameter names.
    static func validate(_ check: () throws -> Void) throws {
        do {
            try check()
        } catch MetricsInputError.invalidOption(let key, let expected, let found) {
            // Metrics options name themselves by their JSON keys (snake_case): the flag is the key with dashes.
            throw ValidationError("--\(key.replacingOccurrences(of: "_", with: "-")) must be \(expected); got \(found)")
        } catch let failure as QuarryFailure where failure.kind == .usage {
            throw ValidationError(render(failure.message))
        }
    }
}
