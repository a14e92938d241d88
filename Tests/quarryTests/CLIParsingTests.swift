import Foundation
import Testing
@testable import quarry
import Quarry

/// In-process parsing: each command's flags become the request the library runs, and a bad
/// flag is reported by its flag name (the binary tests check the same through the process).
@Suite struct CLIParsingTests {
    static let scored = ["scored.csv", "--label", "label", "--score", "score"]

    @Test func mineFlagsBecomeTheRequest() throws {
        let command = try QuarryCommand.Mine.parse(Self.scored + ["--id", "id", "--target-recall", "0.9", "--strategy", "margin",
                                                                  "--band", "0.1", "--side", "both", "-o", "hard.jsonl",
                                                                  "--exclude-suspects", "--features", "a, b"])
        let request = try command.request(format: command.outputFormat())
        #expect(request.file == "scored.csv")
        #expect(request.columns == ScoredFile.Columns(label: "label", score: "score", id: "id"))
        #expect(request.miningStrategy == .margin(width: 0.1))
        #expect(request.operatingPoint == .targetRecall(0.9))
        #expect(request.sides == .both)
        #expect(request.output == "hard.jsonl")
        #expect(request.format == .jsonl)
        #expect(request.excludeSuspects)
        #expect(request.suspectFeatures == ["a", "b"])
    }

    /// A negative number is a value, not a flag: thresholds on logits or margins, cosine score
    /// bounds and bad counts all reach the request or its range check.
    @Test func negativeNumbersAreValues() throws {
        let mine = try QuarryCommand.Mine.parse(Self.scored + ["--threshold", "-0.5"])
        #expect(try mine.request(format: mine.outputFormat()).operatingPoint == .threshold(-0.5))
        let selection = try RetrievalSelectionOptions.parse(["--min-score", "-0.25", "--max-score", "-0.125"])
        #expect(selection.minScore == -0.25 && selection.maxScore == -0.125)
        // A bad count parses and meets its range check (when the model is fitted), not "Missing value".
        _ = try Train.parse(["data.csv", "--label", "label", "-o", "m.json", "--max-iter", "-5"])
        // A flag where a number belongs names both.
        do {
            _ = try QuarryCommand.Mine.parse(Self.scored + ["--threshold", "--json"])
            Issue.record("--threshold --json parsed")
        } catch {
            #expect(QuarryCommand.Mine.message(for: error).contains("'--json' is invalid for '--threshold"))
        }
    }

    @Test func explainFlagsBecomeTheRequest() throws {
        let command = try QuarryCommand.Explain.parse(Self.scored + ["--id", "id", "--target-precision", "0.8", "--features", "a,b",
                                                                     "--derive", "r = a / b", "--hard", "hard.csv", "--band", "0.3",
                                                                     "--folds", "4", "--permutations", "99", "--seed", "7", "--top", "3"])
        let request = try command.request()
        #expect(request.file == "scored.csv")
        #expect(request.columns == ScoredFile.Columns(label: "label", score: "score", id: "id"))
        #expect(request.operatingPoint == .targetPrecision(0.8))
        #expect(request.features == ["a", "b"])
        #expect(request.derived.map(\.name) == ["r"])
        #expect(request.hardRowsFile == "hard.csv")
        #expect(request.options.audit.region == .band(halfWidth: 0.3))
        #expect(request.options.audit.folds == 4)
        #expect(request.options.audit.permutations == 99)
        #expect(request.options.seed == 7)
        #expect(request.options.topFeatures == 3)
    }

    /// The library names the parameter; the CLI shows its flag.
    @Test func explainRangeChecksNameTheParameter() throws {
        var options = ExplainOptions()
        options.audit.folds = 2
        #expect(throws: InvalidInput.self) { try options.validate() }
        do { try options.validate() } catch let error as InvalidInput {
            #expect(error.message.hasPrefix("`folds` must be in 3...10"))
            #expect(Flags.render(error.message).hasPrefix("--folds must be in 3...10"))
        }
    }

    @Test func mineTopKWithoutThreshold() throws {
        let command = try QuarryCommand.Mine.parse(Self.scored + ["--strategy", "top-k", "--k", "5", "--format", "csv", "-o", "x.out"])
        let request = try command.request(format: command.outputFormat())
        #expect(request.miningStrategy == .topK(k: 5))
        #expect(request.operatingPoint == nil)
        #expect(request.format == .csv)
    }

    /// A bad value is reported with the flag, whether the parser, the command or the library finds it.
    @Test(arguments: [
        (["mine"] + scored + ["--strategy", "top-k", "--k", "0"], "--k must be ≥ 1; got 0"),
        (["mine"] + scored + ["--strategy", "margin", "--band=-1", "--threshold", "0.5"], "--band must be a finite number ≥ 0; got -1.0"),
        (["mine"] + scored + ["--strategy", "margin", "--band", "0.1"], "--strategy margin needs an operating point: --threshold T or --target-recall/--target-precision/--target-fpr"),
        (["mine"] + scored + ["--exclude-suspects"], "--strategy false-positives needs an operating point"),
        (["mine"] + scored + ["--threshold", "0.5", "--features", "a"], "--features applies only to --exclude-suspects"),
        (["evaluate"] + scored + ["--target-fpr", "2"], "--target-fpr must be in [0, 1]; got 2.0"),
        (["evaluate"] + scored + ["--threads=-1"], "--threads must be 0 (every core) or more; got -1"),
        (["explain"] + scored + ["--threads=-2"], "--threads must be 0 (every core) or more; got -2"),
        (["mine-retrieval", "--queries", "q.npy", "--corpus", "c.npy", "--pairs", "p.jsonl", "-o", "o.jsonl", "--threads=-1"],
         "--threads must be 0 (every core) or more; got -1"),
        (["loop", "--train", "t", "--pool", "p", "--validation", "v", "--test", "x", "--label", "l", "-o", "r", "--control", "magic"],
         "--control takes"),
        (["loop", "--train", "t", "--pool", "p", "--validation", "v", "--test", "x", "--label", "l", "-o", "r",
          "--operating-point", "recall=0.9", "--target-recall", "0.8"], "give either --operating-point (deprecated)"),
    ] as [([String], String)])
    func badFlagNamesTheFlag(arguments: [String], message: String) {
        #expect(throws: (any Error).self) { _ = try QuarryCommand.parseAsRoot(arguments) }
        do {
            _ = try QuarryCommand.parseAsRoot(arguments)
        } catch {
            let text = QuarryCommand.message(for: error)
            #expect(text.contains(message), "\(text)")
            #expect(!text.contains("`"), "a parameter name is missing from Flags.table: \(text)")
        }
    }

    @Test func loopTakesTheSharedOperatingPointAndTheDeprecatedAlias() throws {
        let base = ["--train", "t", "--pool", "p", "--validation", "v", "--test", "x", "--label", "l", "-o", "r"]
        #expect(try QuarryCommand.Loop.parse(base).operatingPointRule() == .targetRecall(0.9))
        #expect(try QuarryCommand.Loop.parse(base + ["--target-precision", "0.8"]).operatingPointRule() == .targetPrecision(0.8))
        #expect(try QuarryCommand.Loop.parse(base + ["--operating-point", "precision=0.8"]).operatingPointRule() == .targetPrecision(0.8))
        #expect(try QuarryCommand.Loop.parse(base + ["--threshold", "0.3"]).operatingPointRule() == .threshold(0.3))
        #expect(try QuarryCommand.Loop.parse(base + ["--operating-point", "threshold=0.3"]).operatingPointRule() == .threshold(0.3))
    }

    /// One name per thing: `--num-trees` is `treeCount`, `--fine-tune-trees` the continuation's
    /// `treeCount`, `--max-derived`/`--min-gain` the revise options' `maxDerived`/`minGain`.
    @Test func loopModelAndReviseFlagsBecomeTheRequest() throws {
        let base = ["--train", "t", "--pool", "p", "--validation", "v", "--test", "x", "--label", "l", "-o", "r"]
        let command = try QuarryCommand.Loop.parse(base + ["--model", "gbdt", "--num-trees", "7", "--fine-tune-trees", "3",
                                                           "--strategy", "revise", "--max-derived", "4", "--min-gain", "0.01",
                                                           "--derive", "s = a + b"])
        let data = try LabeledData(features: FeatureMatrix(names: ["a", "b"], rowCount: 2, values: [1, 2, 3, 4]), labels: [true, false])
        let request = try command.request(train: data, pool: data, validation: data, test: data)
        #expect(request.settings.trees.treeCount == 7)
        #expect(request.settings.treeContinuation.treeCount == 3)
        let revise = try #require(request.strategy as? ReviseFeaturesStrategy)
        #expect(revise.options.maxDerived == 4 && revise.options.minGain == 0.01)
        #expect(revise.options.userFeatures.map(\.name) == ["s"])
        #expect(try GBDTOptions.parse(["--num-trees", "9"]).configuration(seed: 0).treeCount == 9)
        #expect(Flags.table["treeCount"] == "--num-trees" && Flags.table["maxDerived"] == "--max-derived")
        #expect(Flags.render("`userFeatures` names must be distinct") == "--derive names must be distinct")
    }

    @Test func threadsAreSpelledOneWay() throws {
        #expect(try QuarryCommand.Evaluate.parse(Self.scored + ["--threads", "0"]).threads == nil)
        #expect(try QuarryCommand.Evaluate.parse(Self.scored + ["--threads", "3"]).threads == 3)
        #expect(try QuarryCommand.Explain.parse(Self.scored).threads == nil)
    }

    @Test func scoreAndMineShareTheFormat() throws {
        #expect(try Score.parse(["in.csv", "--model", "m.json", "-o", "out.ndjson"]).outputFormat == .jsonl)
        #expect(try Score.parse(["in.csv", "--model", "m.json", "-o", "out.data"]).outputFormat == .csv)
        #expect(try Score.parse(["in.csv", "--model", "m.json", "-o", "out.csv", "--format", "jsonl"]).outputFormat == .jsonl)
    }

    @Test func renderMapsParametersToFlags() {
        #expect(Flags.render("`maxDerived` must be ≥ 0; got -1") == "--max-derived must be ≥ 0; got -1")
        #expect(Flags.render("no backticks") == "no backticks")
        #expect(Flags.render("`unknownName` x") == "`unknownName` x")
        #expect(Flags.render("no control arm ran (`control: none`)") == "no control arm ran (--control none)")
        #expect(Flags.render("`unknownName: 3`") == "`unknownName: 3`")
        #expect(Flags.render(InvalidInput.setting("strategy", "revise")) == "--strategy revise")
    }

    /// Every parameter the library names in a message has a flag in the one table.
    @Test func everyLibraryParameterHasAFlag() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Quarry")
        guard let files = FileManager.default.enumerator(atPath: root.path) else { return }
        var missing: Set<String> = []
        let patterns = ["InvalidInput(parameter: \"", "InvalidInput.named(\"", "InvalidInput.setting(\""]
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for pattern in patterns {
                for piece in text.components(separatedBy: pattern).dropFirst() {
                    let name = String(piece.prefix { $0 != "\"" })
                    if Flags.table[name] == nil { missing.insert("\(file): \(name)") }
                }
            }
        }
        #expect(missing.isEmpty, "add to Flags.table: \(missing.sorted())")
    }
}
