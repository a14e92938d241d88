#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that appears at its path only when complete: written to a temporary file
/// in the same directory, flushed, then renamed over the destination.
///
/// A failure (an error thrown while writing, a full disk, a killed process) never leaves a
/// half-written file at the destination: call ``commit()`` at the end, or ``discard()``
/// (which `deinit` also does) to remove the temporary file.
///
/// What the destination is decides how it is written:
/// - `-` is standard output, written as a stream;
/// - a character device (`/dev/null`, a terminal), a FIFO or a socket is opened and written
///   as a stream (never renamed over);
/// - a symbolic link is followed, so the file it points to is replaced and the link stays;
/// - an existing regular file keeps its permission bits; a new one gets 0666 less the umask.
///
/// A stream destination cannot be atomic: an error part-way leaves what was written.
/// While the temporary file exists it is registered with ``TemporaryFiles``, so an
/// interrupted process removes it.
///
/// ```swift
/// let out = try AtomicFile(path: "mined.csv")
/// try out.write("a,b\n")
/// try out.commit()
/// ```
package final class AtomicFile {
    /// The destination path as given.
    public let path: String
    /// The temporary path written to until ``commit()``; `nil` for a stream destination.
    public let temporaryPath: String?
    /// The file the rename replaces: ``path`` with symbolic links followed.
    public let resolvedPath: String
    /// Whether the destination is written as a stream (`-`, a device, a FIFO).
    public var isStream: Bool { temporaryPath == nil }
    private var handle: UnsafeMutablePointer<FILE>?
    private var committed = false
    private var slot: Int?

    /// Opens a temporary file beside `path` (beside the target of a symbolic link), or the
    /// destination itself when it is `-` or not a regular file.
    /// - Throws: ``IOFailure`` with `.cannotCreate` when the directory is not writable, the
    ///   destination is a directory, or a link cannot be followed.
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            let fd = dup(STDOUT_FILENO)
            guard fd >= 0, let file = fdopen(fd, "wb") else {
                throw IOFailure(kind: .cannotCreate, path: path, reason: String(cString: strerror(errno)))
            }
            temporaryPath = nil
            resolvedPath = path
            handle = file
            return
        }
        let target = try Self.followingLinks(path)
        resolvedPath = target
        var info = stat()
        if stat(target, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR {
                throw IOFailure(kind: .cannotCreate, path: path, reason: "is a directory")
            }
            if type != S_IFREG {
                // A device, FIFO or socket: write to it as a stream.
                let fd = open(target, O_WRONLY | O_CLOEXEC)
                guard fd >= 0, let file = fdopen(fd, "wb") else {
                    let reason = String(cString: strerror(errno))
                    throw IOFailure(kind: .cannotCreate, path: path, reason: reason)
                }
                temporaryPath = nil
                handle = file
                setvbuf(file, nil, _IOFBF, 1 << 16)
                return
            }
        }
        let existingMode: mode_t? = stat(target, &info) == 0 ? info.st_mode & 0o7777 : nil
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[..<$0]) } ?? "."
        let base = slash.map { String(target[target.index(after: $0)...]) } ?? target
        let template = (slash == nil ? "" : directory + "/") + ".\(base).quarry-XXXXXX"
        var buffer = Array(template.utf8CString)
        // Create and register the temporary file with the cleanup signals held back, so an
        // interrupt between the two still finds it registered.
        let held = TemporaryFiles.holdSignals()
        let fd = buffer.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            TemporaryFiles.release(held)
            throw IOFailure(kind: .cannotCreate, path: path, reason: reason)
        }
        let temporary = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        temporaryPath = temporary
        slot = TemporaryFiles.register(temporary)
        TemporaryFiles.release(held)
        // mkstemp creates 0600; keep an existing file's mode, else an ordinary file (0666 less the umask).
        if let existingMode {
            fchmod(fd, existingMode)
        } else {
            let mask = umask(0); umask(mask)
            fchmod(fd, 0o666 & ~mask)
        }
        guard let file = fdopen(fd, "wb") else {
            close(fd)
            unlink(temporary)
            TemporaryFiles.unregister(slot)
            throw IOFailure(kind: .cannotCreate, path: path, reason: String(cString: strerror(errno)))
        }
        handle = file
        setvbuf(file, nil, _IOFBF, 1 << 20)
    }

    deinit { discard() }

    /// Whether writing `path` streams to it rather than replacing a file: `-` (stdout), or an
    /// existing device, FIFO or socket (after following symbolic links).
    public static func writesAsStream(_ path: String) -> Bool {
        if path == "-" { return true }
        var info = stat()
        guard let target = try? followingLinks(path), stat(target, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    /// `path` with every symbolic link in its last component followed (a dangling link
    /// resolves to the file it would create).
    /// - Throws: ``IOFailure`` (`cannotCreate`) after 40 links (a loop).
    static func followingLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { return current }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("/") {
                current = link
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + link
            } else {
                current = link
            }
        }
        throw IOFailure(kind: .cannotCreate, path: path, reason: "too many levels of symbolic links")
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let handle else { preconditionFailure("write after commit or discard") }
        guard bytes.count > 0 else { return }
        if fwrite(bytes.baseAddress, 1, bytes.count, handle) != bytes.count {
            throw IOFailure(kind: .ioError, path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends the UTF-8 encoding of `text`.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Flushes, closes and renames the temporary file to ``path`` (for a stream: flushes
    /// and closes, checking both).
    /// - Throws: ``IOFailure`` — `.ioError` when a flush or close fails (a full disk,
    ///   `/dev/full`), `.cannotCreate` when the rename fails.
    public func commit() throws {
        guard let file = handle else { preconditionFailure("commit twice") }
        handle = nil
        guard let temporaryPath else {
            committed = true
            let flushed = fflush(file) == 0
            let flushError = errno
            let closed = fclose(file) == 0
            guard flushed, closed else {
                throw IOFailure(kind: .ioError, path: path, reason: String(cString: strerror(flushError)))
            }
            return
        }
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        let flushError = errno
        let closed = fclose(file) == 0
        guard flushed, closed else {
            unlink(temporaryPath)
            TemporaryFiles.unregister(slot)
            committed = true
            throw IOFailure(kind: .ioError, path: path, reason: String(cString: strerror(flushError)))
        }
        guard rename(temporaryPath, resolvedPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            TemporaryFiles.unregister(slot)
            committed = true
            throw IOFailure(kind: .cannotCreate, path: path, reason: reason)
        }
        TemporaryFiles.unregister(slot)
        committed = true
    }

    /// Removes the temporary file; the destination is left as it was.
    public func discard() {
        if let file = handle {
            fclose(file)
            handle = nil
        }
        if !committed {
            if let temporaryPath { unlink(temporaryPath) }
            TemporaryFiles.unregister(slot)
            committed = true
        }
    }

    /// Writes `bytes` to `path` atomically in one call.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let file = try AtomicFile(path: path)
        try file.write(bytes)
        try file.commit()
    }
}

/// A file could not be opened, read, created or written.
public struct IOFailure: QuarryFailure {
    public let kind: FailureKind
    /// The file concerned.
    public let path: String
    /// What the system said.
    public let reason: String

    public init(kind: FailureKind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var message: String {
        switch kind {
        case .noInput: "cannot read '\(path)': \(reason)"
        case .cannotCreate: "cannot create '\(path)': \(reason)"
        default: "I/O error on '\(path)': \(reason)"
        }
    }
}
