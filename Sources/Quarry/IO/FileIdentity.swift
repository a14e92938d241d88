#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path names: its device and inode, so two paths can be compared whatever
/// links (symbolic or hard) lead to them.
///
/// ```swift
/// try FileIdentity.requireDistinct(outputs: ["scored.csv"], inputs: ["pool.csv", "model.json"])
/// ```
package struct FileIdentity: Hashable, Sendable {
    /// The device holding the file.
    public let device: UInt64
    /// The file's inode on that device.
    public let inode: UInt64

    /// The identity of the regular file `path` names (following symbolic links); `nil`
    /// when it does not exist, is `-`, or is not a regular file (a device or FIFO is a
    /// stream: writing to it replaces nothing).
    public init?(path: String) {
        guard path != "-" else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// Checks that no output is the same file as an input (or another output).
    ///
    /// Writing an output replaces its file, so an output that is an input would destroy
    /// the input. Paths are compared by device and inode, so `./a.csv`, `a.csv`, a
    /// symbolic link to it and a hard link of it are all the same file.
    /// - Parameters:
    ///   - outputs: the files about to be written (missing ones are skipped).
    ///   - inputs: the files being read.
    /// - Throws: ``IOFailure`` (`cannotCreate`, exit 73) naming the output and the input.
    public static func requireDistinct(outputs: [String], inputs: [String]) throws {
        var seen: [FileIdentity: String] = [:]
        for input in inputs {
            if let identity = FileIdentity(path: input), seen[identity] == nil { seen[identity] = input }
        }
        var written: [FileIdentity: String] = [:]
        for output in outputs {
            guard let identity = FileIdentity(path: output) else { continue }
            if let input = seen[identity] {
                let same = input == output ? "" : " ('\(input)')"
                throw IOFailure(kind: .cannotCreate, path: output,
                                reason: "is the same file as the input\(same); writing it would destroy the input — choose another output path")
            }
            if let other = written[identity] {
                throw IOFailure(kind: .cannotCreate, path: output,
                                reason: "is the same file as the output '\(other)'; give each output its own path")
            }
            written[identity] = output
        }
    }
}
