import Foundation
import Testing

/// A binary built for the Haswell feature set refuses, at start, a CPU without it.
///
/// Runs the built binary under user-mode QEMU emulating older CPUs (Debian's `qemu-user`;
/// `.ci/run` installs it). Skipped where `qemu-x86_64` is absent or the machine is not x86-64.
@Suite struct CPUCheckTests {
    static let emulator = "/usr/bin/qemu-x86_64"
    static var emulatorAvailable: Bool {
        #if arch(x86_64)
        return FileManager.default.isExecutableFile(atPath: emulator)
        #else
        return false
        #endif
    }

    /// Runs `quarry --version` on an emulated CPU model.
    static func runVersion(onCPU model: String) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: emulator)
        process.arguments = ["-cpu", model, CLI.binary.path, "--version"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus,
                          stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test(.enabled(if: emulatorAvailable, "qemu-x86_64 is not installed (apt-get install qemu-user)"),
          arguments: [("Nehalem", "AVX, AVX2, FMA"), ("SandyBridge", "AVX2, FMA")])
    func olderCPUIsRefusedClearly(model: String, missing: String) throws {
        let result = try Self.runVersion(onCPU: model)
        #if QUARRY_REQUIRES_HASWELL
        #expect(result.status == 69)
        #expect(result.stdout.isEmpty)
        // QEMU itself may warn about CPUID bits it cannot emulate; those lines are its own.
        let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("qemu-x86_64:") }
        #expect(lines.count == 1)
        #expect(result.stderr.contains("built for the Haswell instruction set"))
        #expect(lines.first?.contains("lacks \(missing)") == true)
        #expect(result.stderr.contains("QUARRY_TARGET_CPU=portable"))
        #else
        // A portable build runs anywhere.
        #expect(result.status == 0)
        #endif
    }

    @Test(.enabled(if: emulatorAvailable, "qemu-x86_64 is not installed (apt-get install qemu-user)"))
    func haswellCPURuns() throws {
        let result = try Self.runVersion(onCPU: "Haswell")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!result.stdout.isEmpty)
    }
}
