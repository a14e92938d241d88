import Foundation
import Testing
@testable import Quarry

@Suite struct SHA256Tests {
    /// Checks against the system's `sha256sum` (coreutils) on inputs around block boundaries.
    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_000])
    func matchesSha256sum(length: Int) throws {
        var rng = SeededGenerator(seed: UInt64(length))
        let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-sha-\(length)-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        #expect(try SHA256.hexDigest(ofFile: path) == String(expected))
        var incremental = SHA256()
        for chunk in stride(from: 0, to: bytes.count, by: 37) { incremental.update(Array(bytes[chunk..<min(chunk + 37, bytes.count)])) }
        #expect(incremental.finalizeHex() == String(expected))
    }
}
