import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Quarry

/// Collects every update a reporter forwards.
private final class Recorder: Sendable {
    let updates = Mutex<[ProgressReporter.Update]>([])
    var reporter: ProgressReporter { reporter(interval: .zero) }
    func reporter(interval: Duration) -> ProgressReporter {
        ProgressReporter(minimumInterval: interval) { update in self.updates.withLock { $0.append(update) } }
    }
    var all: [ProgressReporter.Update] { updates.withLock { $0 } }
}

@Suite struct ProgressReporterTests {
    @Test func silentReporterForwardsNothing() {
        let meter = ProgressReporter.silent.start("x", unit: "rows", total: 10)
        meter.advance(by: 5)
        meter.finish()
        #expect(ProgressReporter.silent.isSilent)
    }

    @Test func countsAndFinishesOnce() {
        let recorder = Recorder()
        let meter = recorder.reporter.start("audit", unit: "labellings", total: 3)
        meter.advance(by: 1)
        meter.advance(by: 2)
        meter.advance(to: 1)  // a running total arriving late never goes back
        meter.finish()
        meter.finish()
        meter.advance(by: 1)  // after the end: counted, never forwarded
        let updates = recorder.all
        #expect(updates.map(\.completed) == [1, 3, 3, 3])
        #expect(updates.map(\.isFinished) == [false, false, false, true])
        #expect(updates.allSatisfy { $0.stage == "audit" && $0.unit == "labellings" && $0.total == 3 })
    }

    @Test func throttlesToTheInterval() {
        let recorder = Recorder()
        let meter = recorder.reporter(interval: .seconds(3600)).start("reading", unit: "bytes", total: nil)
        for _ in 0..<10_000 { meter.advance(by: 1) }
        meter.finish()
        // Nothing within the first interval; the end is always reported, with the full count.
        #expect(recorder.all.map(\.completed) == [10_000])
        #expect(recorder.all.first?.isFinished == true)
    }

    @Test func concurrentAdvancesAllCount() {
        let recorder = Recorder()
        let meter = recorder.reporter.start("search", unit: "rows", total: 8_000)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in for _ in 0..<1_000 { meter.advance(by: 1) } }
        meter.finish()
        #expect(recorder.all.last?.completed == 8_000)
        let counts = recorder.all.map(\.completed)
        #expect(counts == counts.sorted())
    }

    @Test func rateAndRemainingTime() {
        let update = ProgressReporter.Update(stage: "s", unit: "u", completed: 50, total: 200, elapsed: .seconds(2), isFinished: false)
        #expect(update.rate == 25)
        #expect(update.secondsRemaining == 6)
        let unknown = ProgressReporter.Update(stage: "s", unit: "u", completed: 50, total: nil, elapsed: .seconds(2), isFinished: false)
        #expect(unknown.secondsRemaining == nil)
    }

    /// Scoring in blocks (to report progress) gives the scores of one call, for both model kinds.
    @Test func blockScoringEqualsOneCall() throws {
        var g = SeededGenerator(seed: 11)
        let n = 1_000, d = 4
        let values = (0..<(n * d)).map { _ in Double(g.nextInt(below: 1_000)) / 100 - 5 }
        let features = FeatureMatrix(names: (0..<d).map { "f\($0)" }, rowCount: n, values: values)
        let labels = (0..<n).map { values[$0] + values[n + $0] > 0.3 }
        let data = try LabeledData(features: features, labels: labels)
        let recorder = Recorder()
        let logistic = try LogisticRegression.fit(data, options: .init())
        var configuration = GradientBoostedTrees.Configuration()
        configuration.treeCount = 5
        let trees = try GradientBoostedTrees.fit(data, options: configuration)
        for model in [logistic, trees] as [any Model] {
            #expect(try model.score(features, progress: recorder.reporter, blockRows: 97) == model.score(features))
        }
        #expect(recorder.all.contains { $0.stage == "scoring" && $0.completed == n && $0.isFinished })
    }

    /// A CSV parse reports all of its data bytes, whatever the thread count.
    @Test(arguments: [1, 4]) func csvReadingReportsEveryByte(threads: Int) throws {
        var text = "a,b\n"
        for i in 0..<50_000 { text += "\(i),\(i % 7)\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try MappedFile(path: path)
        let recorder = Recorder()
        let loaded = try CSVTable(file: file, options: .init(threads: threads), progress: recorder.reporter)
        #expect(loaded.table.rowCount == 50_000)
        let last = try #require(recorder.all.last)
        #expect(last.isFinished && last.stage == "reading" && last.completed == text.utf8.count - 4 && last.total == last.completed)
    }
}
