import Foundation
import Testing

/// The 2-D sharding and distributed-threshold verbs through the built binary: exit codes,
/// messages, and outputs equal to the unpartitioned commands.
@Suite struct ShardingCLITests {
    static func pool(in directory: URL) throws -> [String] {
        var lines = ["id,label,score"]
        for i in 0..<300 {
            let label = (i * 7919) % 10 < 3 ? 1 : 0
            let score = Double((i * 104_729) % 97) / 97.0 * 0.7 + 0.3 * Double(label)
            lines.append("r\(i),\(label),\((score * 100).rounded() / 100)")
        }
        let cuts = [0, 120, 120, 260, 300]
        var files: [String] = []
        for p in 0..<(cuts.count - 1) where cuts[p] < cuts[p + 1] {
            let path = directory.appendingPathComponent("part\(p).csv").path
            try ([lines[0]] + lines[(cuts[p] + 1)...cuts[p + 1]]).joined(separator: "\n").appending("\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory.appendingPathComponent("all.csv").path,
                                                        atomically: true, encoding: .utf8)
        return files
    }

    @Test func mergedScoreCountsGiveTheWholePoolsThreshold() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = try Self.pool(in: dir)
        var counts: [String] = []
        for (i, part) in parts.enumerated() {
            let out = dir.appendingPathComponent("c\(i).csv").path
            let r = try CLI.run(["score-counts", part, "--label", "label", "--score", "score", "-o", out, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            counts.append(out)
        }
        let merged = dir.appendingPathComponent("merged.csv").path
        #expect(try CLI.run(["merge-score-counts"] + counts + ["-o", merged, "--quiet"]).status == 0)
        let whole = dir.appendingPathComponent("whole.csv").path
        #expect(try CLI.run(["score-counts", dir.appendingPathComponent("all.csv").path, "--label", "label",
                             "--score", "score", "-o", whole, "--quiet"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: merged)) == Data(contentsOf: URL(fileURLWithPath: whole)))
        let expected = try CLI.run(["mine", dir.appendingPathComponent("all.csv").path, "--label", "label", "--score", "score",
                                    "--target-recall", "0.9", "--json"])
        let got = try CLI.run(["mine", parts[0], "--label", "label", "--score", "score", "--target-recall", "0.9",
                               "--score-counts", merged, "--json"])
        func threshold(_ text: String) -> String? {
            text.split(separator: "\n").first { $0.contains("\"threshold\"") }.map(String.init)
        }
        #expect(got.status == 0 && threshold(got.stdout) != nil)
        #expect(threshold(got.stdout) == threshold(expected.stdout))
    }

    @Test func badInputsNameTheProblem() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = try Self.pool(in: dir)
        let bad = dir.appendingPathComponent("bad.csv").path
        try "score,negatives,positives\n0.5,1,0\n0.7,0,1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let unordered = try CLI.run(["merge-score-counts", bad, "-o", dir.appendingPathComponent("m.csv").path])
        #expect(unordered.status == 65)
        #expect(unordered.stderr.contains("bad.csv:3:1"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.csv").path))
        let fixed = try CLI.run(["mine", parts[0], "--label", "label", "--score", "score", "--threshold", "0.5",
                                 "--score-counts", bad])
        #expect(fixed.status == 64)
        #expect(fixed.stderr.contains("derived threshold"))
        let block = try CLI.run(["mine-retrieval", "--queries", "q.npy", "--corpus", "c.npy", "--pairs", "p.jsonl",
                                 "--query-block", "3/3"])
        #expect(block.status == 64)
        #expect(block.stderr.contains("0 ≤ j < n, got 3/3"))
    }
}
