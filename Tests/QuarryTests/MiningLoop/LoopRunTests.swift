import Foundation
import Quarry
import Testing

/// ``LoopRun``, the public way to run a loop from Swift: a folder path in, the typed summary out
/// (plain `import Quarry`, so this file compiles only against public API).
@Suite struct LoopRunTests {
    struct Killed: Error {}

    /// Writes `data` as `id,a,b,label` to `path`.
    static func write(_ data: LabeledData, to path: String) throws {
        var text = "id,a,b,label\n"
        for row in 0..<data.labels.count {
            text += "r\(row),\(data.features[row, 0]),\(data.features[row, 1]),\(data.labels[row] ? 1 : 0)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Four CSV files in a fresh folder.
    static func files(in folder: String) throws -> LoopInputFiles {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sets = [("train", 300, 0.01), ("pool", 1500, 0.2), ("validation", 600, 0.2), ("test", 600, 0.2)]
        for (offset, (name, rows, hard)) in sets.enumerated() {
            try write(LoopData.make(rows: rows, hardShare: hard, seed: 5 + UInt64(offset)), to: "\(folder)/\(name).csv")
        }
        return LoopInputFiles(train: folder + "/train.csv", pool: folder + "/pool.csv", validation: folder + "/validation.csv",
                              test: folder + "/test.csv", label: "label", id: "id")
    }

    static func run(_ files: LoopInputFiles, folder: String) throws -> LoopRun {
        try LoopRun.loading(files, folder: folder) { data in
            LoopRequest(model: .logistic, settings: .init(),
                        configuration: try MiningLoopConfiguration(operatingPoint: .targetRecall(0.9), rounds: 3, perRound: 30, seed: 3),
                        strategy: try ExpandStrategy(), sampler: .top,
                        train: data.train, pool: data.pool, validation: data.validation, test: data.test)
        }
    }

    /// Every file of a run folder but the timings, by relative path.
    static func contents(_ folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let root = URL(fileURLWithPath: folder)
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)! {
            guard !url.hasDirectoryPath, url.lastPathComponent != "timings.json" else { continue }
            out[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
        }
        return out
    }

    @Test func killedRunResumesFromItsFolderToIdenticalFiles() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-looprun-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let files = try Self.files(in: base + "/data")

        let whole = try Self.run(files, folder: base + "/whole").start()
        #expect(whole.rounds.count >= 2)
        #expect(throws: Killed.self) {
            _ = try Self.run(files, folder: base + "/killed").start { round in if round.round == 1 { throw Killed() } }
        }
        let resumed = try Self.run(files, folder: base + "/killed").resume()
        #expect(resumed.rounds.map(\.mined) == whole.rounds.map(\.mined))
        #expect(resumed.stop == whole.stop)
        #expect(resumed.chosen == whole.chosen)
        #expect(resumed.directory == base + "/killed")
        #expect(try Self.contents(base + "/killed") == Self.contents(base + "/whole"))
        // The manifest records the inputs and their checksums.
        let manifest = try String(contentsOfFile: base + "/whole/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"sha256\""))
        #expect(manifest.contains(files.pool))
    }

    @Test func resumeRefusesAChangedInput() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-looprun-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let files = try Self.files(in: base + "/data")
        #expect(throws: Killed.self) {
            _ = try Self.run(files, folder: base + "/run").start { round in if round.round == 1 { throw Killed() } }
        }
        try Self.write(LoopData.make(rows: 600, hardShare: 0.2, seed: 99), to: files.test)
        do {
            _ = try Self.run(files, folder: base + "/run").resume()
            Issue.record("a changed test file was accepted")
        } catch let error as QuarryFailure {
            #expect(error.message.contains("test.csv changed since the run started"))
        }
    }
}
