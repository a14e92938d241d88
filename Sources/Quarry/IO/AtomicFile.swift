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
/// ```swift
/// let out = try AtomicFile(path: "mined.csv")
/// try out.write("a,b\n")
/// try out.commit()
/// ```
public final class AtomicFile {
    /// The destination path.
    public let path: String
    /// The temporary path written to until ``commit()``.
    public let temporaryPath: String
    private var handle: UnsafeMutablePointer<FILE>?
    private var committed = false

    /// Opens a temporary file beside `path`.
    /// - Throws: ``IOFailure`` with `.cannotCreate` when the directory is not writable.
    public init(path: String) throws {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let template = (directory.isEmpty ? "" : directory + "/") + ".\(base).quarry-XXXXXX"
        var buffer = Array(template.utf8CString)
        let fd = buffer.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw IOFailure(kind: .cannotCreate, path: path, reason: String(cString: strerror(errno)))
        }
        temporaryPath = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // mkstemp creates 0600; output files are ordinary files (0644 less the umask).
        let mask = umask(0); umask(mask)
        fchmod(fd, 0o666 & ~mask)
        guard let file = fdopen(fd, "wb") else {
            close(fd)
            unlink(temporaryPath)
            throw IOFailure(kind: .cannotCreate, path: path, reason: String(cString: strerror(errno)))
        }
        handle = file
        setvbuf(file, nil, _IOFBF, 1 << 20)
    }

    deinit { discard() }

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

    /// Flushes, closes and renames the temporary file to ``path``.
    public func commit() throws {
        guard let file = handle else { preconditionFailure("commit twice") }
        handle = nil
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        let flushError = errno
        let closed = fclose(file) == 0
        guard flushed, closed else {
            unlink(temporaryPath)
            throw IOFailure(kind: .ioError, path: path, reason: String(cString: strerror(flushError)))
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw IOFailure(kind: .cannotCreate, path: path, reason: reason)
        }
        committed = true
    }

    /// Removes the temporary file; the destination is left as it was.
    public func discard() {
        if let file = handle {
            fclose(file)
            handle = nil
        }
        if !committed { unlink(temporaryPath); committed = true }
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
