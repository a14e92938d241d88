import Foundation
@testable import Quarry

/// Fixture and scratch-file helpers for the I/O tests.
enum IOTestSupport {
    /// `Tests/Fixtures/io/<name>`, found from this file's location.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // IO
            .deletingLastPathComponent()  // QuarryTests
            .deletingLastPathComponent()  // Tests
            .appendingPathComponent("Fixtures/io/\(name)").path
    }

    /// A fresh path in the temporary directory, unique to this process and `name`.
    static func scratch(_ name: String) -> String {
        NSTemporaryDirectory() + "quarry-io-\(getpid())-\(UUID().uuidString.prefix(8))-\(name)"
    }

    /// Writes `text` to a scratch file and returns its path.
    static func scratchFile(_ name: String, _ text: String) throws -> String {
        let path = scratch(name)
        try AtomicFile.write(Array(text.utf8), to: path)
        return path
    }
}
