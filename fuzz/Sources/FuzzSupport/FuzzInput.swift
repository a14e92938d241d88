#if canImport(Glibc)
import Glibc
#endif
import Quarry

/// Helpers shared by the libFuzzer harnesses.
public enum FuzzInput {
    /// The input as an array (libFuzzer passes a null pointer for the empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// A per-process scratch path in memory-backed storage, so the path-based readers see
    /// the input exactly as a file on disk would be seen.
    public static let scratchPath: String = {
        let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        return "\(directory)/quarry-fuzz-\(getpid())"
    }()

    /// Writes `bytes` to ``scratchPath`` (replacing it) and returns the path.
    public static func writeScratch(_ bytes: [UInt8]) -> String {
        let path = scratchPath
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(fd >= 0, "cannot create the fuzz scratch file \(path)")
        var written = 0
        bytes.withUnsafeBufferPointer { buffer in
            while written < buffer.count {
                let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
                precondition(n > 0, "cannot write the fuzz scratch file \(path)")
                written += n
            }
        }
        close(fd)
        return path
    }

    /// Fails (crashes, so libFuzzer records the input) when an error is not a Quarry failure
    /// with a one-line message: every bad input must give a clear, located error.
    public static func checkFailure(_ error: any Error, _ context: String) {
        guard let failure = error as? any QuarryFailure else {
            fatalError("\(context): threw a non-Quarry error \(type(of: error)): \(error)")
        }
        let message = failure.message
        guard !message.isEmpty, !message.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else {
            fatalError("\(context): the message is not one line: \(message)")
        }
    }
}

/// libFuzzer's entry point for programs that have their own `main` (a Swift executable
/// always does): it parses libFuzzer's flags from `argc`/`argv` and runs the loop.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

extension FuzzInput {
    /// Runs libFuzzer over `harness` with the process's command line and exits with its status.
    public static func run(_ harness: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, harness))
    }
}
