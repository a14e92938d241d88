import Foundation
import Testing

/// `quarry loop` through the built binary, on small splits of the bundled spam data.
@Suite struct LoopCLITests {
    /// Four CSV files cut from Examples/data/spam.csv by id: the training set keeps every
    /// positive of its share but only a tenth of the negatives, as in bootstrapping.
    static func splitFiles(in dir: URL) throws -> [String: String] {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Examples/data/spam.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var parts: [String: [String]] = ["train": [], "pool": [], "validation": [], "test": []]
        for line in lines {
            let id = Int(line.prefix { $0 != "," })!
            let positive = line.hasSuffix(",1")
            switch id % 4 {
            case 0: if positive || id % 40 == 0 { parts["train"]!.append(line) } else { parts["pool"]!.append(line) }
            case 1: parts["pool"]!.append(line)
            case 2: parts["validation"]!.append(line)
            default: parts["test"]!.append(line)
            }
        }
        parts["pool"] = parts["pool"]!.filter { !$0.hasSuffix(",1") }
        var paths: [String: String] = [:]
        for (name, rows) in parts {
            let url = dir.appendingPathComponent("\(name).csv")
            try ([header] + rows).joined(separator: "\n").appending("\n").write(to: url, atomically: true, encoding: .utf8)
            paths[name] = url.path
        }
        return paths
    }

    static func args(_ files: [String: String], _ out: String) -> [String] {
        ["loop", "--train", files["train"]!, "--pool", files["pool"]!, "--validation", files["validation"]!,
         "--test", files["test"]!, "--label", "label", "--id", "id", "-o", out]
    }

    /// Rewrites a run's manifest as a run killed after round 0 leaves it: round 0 finished, no stop.
    static func markFinishedThroughRoundZero(_ run: String) throws {
        let manifestURL = URL(fileURLWithPath: run + "/manifest.json")
        var manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        let finished = try #require(manifest.range(of: #""finished_rounds": \[[^\]]*\]"#, options: .regularExpression))
        manifest.replaceSubrange(finished, with: "\"finished_rounds\": [\n    0\n  ]")
        let stop = try #require(manifest.range(of: #""stop": \{[^}]*\}"#, options: .regularExpression))
        manifest.replaceSubrange(stop, with: "\"stop\": null")
        try manifest.write(to: manifestURL, atomically: true, encoding: .utf8)
    }

    /// Every file below `dir` except wall-clock timings.
    static func contents(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let root = URL(fileURLWithPath: dir)
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)! {
            guard !url.hasDirectoryPath, url.lastPathComponent != "timings.json" else { continue }
            out[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
        }
        return out
    }

    @Test(arguments: [["--model", "logistic", "--strategy", "expand"],
                      ["--model", "logistic", "--strategy", "fine-tune", "--replay-ratio", "3", "--proximal", "50"],
                      ["--model", "gbdt", "--strategy", "expand", "--num-trees", "20", "--num-leaves", "7"],
                      ["--model", "gbdt", "--strategy", "fine-tune", "--num-trees", "20", "--fine-tune-trees", "5",
                       "--fine-tune-max-delta-step", "0.5"]])
    func runsAndWritesTheRunFolder(options: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.splitFiles(in: dir)
        let run = dir.appendingPathComponent("run").path
        let r = try CLI.run(Self.args(files, run) + options + ["--rounds", "2", "--per-round", "30", "--seed", "3", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rounds = try #require(summary["rounds"] as? [[String: Any]])
        #expect(!rounds.isEmpty && rounds.count <= 3)
        #expect(["converged", "max-rounds", "no-improvement"].contains(summary["stop"] as? String ?? ""))
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/manifest.json"))) as? [String: Any])
        #expect((manifest["finished_rounds"] as? [Int])?.count == rounds.count)
        // The manifest records the command line as typed, which --resume re-parses.
        let typed = Array((Self.args(files, run) + options + ["--rounds", "2", "--per-round", "30", "--seed", "3", "--json"]).dropFirst())
        #expect(manifest["arguments"] as? [String] == typed)
        #expect(((manifest["inputs"] as? [String: Any])?["train"] as? [String: Any])?["sha256"] as? String != nil)
        for r in 0..<rounds.count {
            for file in ["model.json", "metrics.json", "mined.csv", "timings.json"] {
                #expect(FileManager.default.fileExists(atPath: run + String(format: "/round-%03d/", r) + file), "round \(r) \(file)")
            }
        }
        // The mined ids are pool ids: negatives, never repeated across rounds.
        var seen = Set<String>()
        for r in 0..<rounds.count {
            let mined = try String(contentsOfFile: run + String(format: "/round-%03d/mined.csv", r), encoding: .utf8)
            for line in mined.split(separator: "\n").dropFirst() {
                let id = String(line.split(separator: ",")[1])
                #expect(seen.insert(id).inserted)
            }
        }
    }

    @Test func resumeAfterAKillEndsWithTheSameFiles() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.splitFiles(in: dir)
        let whole = dir.appendingPathComponent("whole").path
        let r = try CLI.run(Self.args(files, whole) + ["--rounds", "3", "--per-round", "25", "--strategy", "fine-tune"])
        #expect(r.status == 0, "\(r.stderr)")
        let rounds = try Self.contents(whole).keys.filter { $0.hasSuffix("metrics.json") }.count
        try #require(rounds >= 2)

        // What a run killed after round 0 leaves: round 0 and the next model, the manifest listing round 0.
        let killed = dir.appendingPathComponent("killed").path
        try FileManager.default.copyItem(atPath: whole, toPath: killed)
        for r in 1..<rounds {
            let folder = killed + String(format: "/round-%03d", r)
            for file in ["metrics.json", "mined.csv", "state.json", "timings.json"] { try? FileManager.default.removeItem(atPath: folder + "/" + file) }
            if r > 1 { try FileManager.default.removeItem(atPath: folder) }
        }
        try Self.markFinishedThroughRoundZero(killed)

        let resumed = try CLI.run(["loop", "--resume", killed])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        // The output folder differs only by its name inside the manifest's arguments: compare the rest.
        var a = try Self.contents(whole), b = try Self.contents(killed)
        a["/manifest.json"] = nil
        b["/manifest.json"] = nil
        #expect(a == b)
    }

    @Test(arguments: [["--control", "random,full-pool"], ["--control", "random-in-band", "--sampler", "weighted"],
                      ["--control", "none", "--model", "gbdt", "--num-trees", "20", "--sampler", "weighted"],
                      ["--control", "random", "--sampler", "per-model", "--chooser", "guarded"]])
    func controlsComparisonAndChosenModel(options: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.splitFiles(in: dir)
        let run = dir.appendingPathComponent("run").path
        let r = try CLI.run(Self.args(files, run) + options + ["--rounds", "2", "--per-round", "30", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let chosen = try #require(summary["chosen"] as? [String: Any])
        #expect(chosen["arm"] is String && chosen["reason"] is String)
        #expect(FileManager.default.fileExists(atPath: run + "/model.json"))
        if options.contains("--chooser") {
            // per-model is semi-hard-balanced for logistic regression; the guarded chooser says what it measured.
            #expect(summary["sampler"] as? String == "semi-hard-balanced")
            #expect(chosen["chooser"] as? String == "guarded")
            let record = try #require(chosen["guard"] as? [String: Any])
            #expect(record["metric"] as? String == "validation_fpr_at_target_recall" && record["reference"] is [String: Any])
        }
        let metrics = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/round-000/metrics.json"))) as? [String: Any])
        let ranking = try #require(metrics["test_ranking"] as? [String: Any])
        #expect(ranking["negatives"] as? Int ?? 0 > 0)
        if options[1] == "none" {
            #expect(summary["comparison"] is NSNull)
            #expect(metrics["control"] == nil)
            #expect(summary["sampler"] as? String == "goss")
            return
        }
        let comparison = try #require(summary["comparison"] as? [String: Any])
        let differences = try #require(comparison["differences"] as? [[String: Any]])
        #expect(differences.first?["metric"] as? String == "fpr_at_target_recall")
        #expect(["better", "worse", "tie"].contains(differences.first?["verdict"] as? String ?? ""))
        let control = try #require(metrics["control"] as? [String: Any])
        #expect(control["arm"] as? String == options[1].components(separatedBy: ",")[0])
        // The control's test report has the strategy's shape.
        #expect(Set((control["test"] as? [String: Any] ?? [:]).keys) == Set((metrics["test"] as? [String: Any] ?? [:]).keys))
        if options[1] == "random,full-pool" {
            #expect(differences.first?["full_pool"] is Double)
            #expect((metrics["other_controls"] as? [String: Any])?["full-pool"] != nil)
        } else if options[3] == "weighted" {
            #expect(summary["sampler"] as? String == "case-control")
            let mined = try String(contentsOfFile: run + "/round-000/mined.csv", encoding: .utf8)
            #expect(mined.hasPrefix("pool_row,id,score,rank,inclusion\n"))
        }
        // The text summary says it in words.
        let text = try CLI.run(["loop", "--resume", run])
        #expect(text.status == 0)
        #expect(text.stdout.contains("compared with the") && text.stdout.contains("recommended model"))
    }

    @Test func anOutOfRangeRowInTheSavedStateIsABadDataError() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.splitFiles(in: dir)
        let run = dir.appendingPathComponent("run").path
        #expect(try CLI.run(Self.args(files, run) + ["--rounds", "2", "--per-round", "10"]).status == 0)
        // Make the run look unfinished after round 0, with a corrupt row index in its state.
        try Self.markFinishedThroughRoundZero(run)
        let stateURL = URL(fileURLWithPath: run + "/round-000/state.json")
        var state = try String(contentsOf: stateURL, encoding: .utf8)
        let rows = try #require(state.range(of: #""pool_rows": \["#, options: .regularExpression))
        state.replaceSubrange(rows, with: "\"pool_rows\": [\n    99999999,")
        try state.write(to: stateURL, atomically: true, encoding: .utf8)
        let r = try CLI.run(["loop", "--resume", run])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("state.json") && r.stderr.contains("pool_rows") && r.stderr.contains("99999999"))
    }

    @Test func resumeRefusesChangedInputs() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.splitFiles(in: dir)
        let run = dir.appendingPathComponent("run").path
        #expect(try CLI.run(Self.args(files, run) + ["--rounds", "1", "--per-round", "10"]).status == 0)
        var test = try String(contentsOfFile: files["test"]!, encoding: .utf8)
        test = String(test.dropLast(1))    // drop the final newline: same rows, other bytes
        try test.write(toFile: files["test"]!, atomically: true, encoding: .utf8)
        let r = try CLI.run(["loop", "--resume", run])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("changed since the run started"))
    }

    @Test func anExistingRunFolderIsNotOverwritten() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.splitFiles(in: dir)
        let run = dir.appendingPathComponent("run").path
        #expect(try CLI.run(Self.args(files, run) + ["--rounds", "1", "--per-round", "10"]).status == 0)
        let again = try CLI.run(Self.args(files, run) + ["--rounds", "1", "--per-round", "10"])
        #expect(again.status == 73)
        #expect(again.stderr.contains("--resume"))
    }

    @Test func patienceAndCacheLimitAndOperatingPoints() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.splitFiles(in: dir)
        for (i, extra) in [["--patience", "1", "--rounds", "6", "--per-round", "5"],
                           ["--cache-limit", "600", "--rounds", "2", "--per-round", "300", "--sampler", "top"],
                           ["--operating-point", "precision=0.9", "--rounds", "1"],
                           ["--operating-point", "fpr=0.05", "--rounds", "1"],
                           ["--operating-point", "threshold=0.5", "--rounds", "1", "--band", "0.1", "--hard-weight", "2"]].enumerated() {
            let run = dir.appendingPathComponent("run\(i)").path
            let r = try CLI.run(Self.args(files, run) + extra + ["--json"])
            #expect(r.status == 0, "\(extra): \(r.stderr)")
            // (--sampler top: the semi-hard default takes ~300 rows a round everywhere in the pool, more than
            // the cache can make room for by dropping negatives of this training set, which is mostly positives.)
            if extra.first == "--cache-limit" {
                func metrics(_ r: Int) throws -> [String: Any] {
                    try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + String(format: "/round-%03d/metrics.json", r)))) as? [String: Any])
                }
                let r0 = try metrics(0), r1 = try metrics(1)
                let rows0 = try #require(r0["training_rows"] as? Int), rows1 = try #require(r1["training_rows"] as? Int)
                let dropped = try #require(r0["dropped_by_cache_limit"] as? Int), mined = try #require(r0["mined"] as? Int)
                #expect(rows0 > 600 - mined)          // the split's training set is larger than the cache allows
                #expect(dropped == rows0 - (600 - mined))
                #expect(rows1 == 600)
            }
        }
    }

    @Test(arguments: [["--operating-point", "recall"], ["--operating-point", "recall=2"], ["--operating-point", "lift=0.5"],
                      ["--per-round", "0"], ["--rounds", "-1"], ["--model", "forest"], ["--strategy", "magic"],
                      ["--control", "nothing"], ["--control", "random,random"], ["--sampler", "best"]])
    func badOptionsAreUsageErrors(extra: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.splitFiles(in: dir)
        let run = dir.appendingPathComponent("run").path
        let r = try CLI.run(Self.args(files, run) + extra)
        #expect(r.status == 64, "\(extra): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run + "/manifest.json"))
    }

    @Test func missingInputsAreNamed() throws {
        let r = try CLI.run(["loop", "--train", "/nonexistent.csv", "--pool", "/x.csv", "--validation", "/y.csv", "--test", "/z.csv",
                             "--label", "label", "-o", "/tmp/quarry-never"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("/nonexistent.csv"))
        let usage = try CLI.run(["loop", "--label", "label"])
        #expect(usage.status == 64)
    }
}
