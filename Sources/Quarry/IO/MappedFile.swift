#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The read-only bytes of an input file: memory-mapped when it is a regular file, read
/// into memory otherwise (pipes, `-` for standard input).
///
/// Mapping avoids copying a large file into the process; the pages are read lazily by
/// the kernel and shared with its cache. The bytes stay valid while the object lives.
///
/// ```swift
/// let file = try MappedFile(path: "scores.csv")
/// print(file.bytes.count)
/// ```
package final class MappedFile: @unchecked Sendable {
    // Sendable: the bytes are immutable after init and the mapping lives as long as self.

    /// The path as given (`-` is standard input).
    public let path: String
    /// The file's contents.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Whether ``bytes`` is a memory mapping (else a heap copy).
    public let isMapped: Bool

    /// Opens and maps (or reads) the file at `path`; `-` reads standard input.
    /// - Parameter populate: map a file that will be read whole in one call (`MAP_POPULATE`,
    ///   files up to ``populateLimit``); `false` for a reader of a few of its pages (a corpus
    ///   shard), which then faults in only those.
    /// - Throws: ``IOFailure`` — `.noInput` when the file does not exist or cannot be
    ///   opened (or is a directory), `.ioError` when reading fails part-way.
    public init(path: String, populate: Bool = true) throws {
        self.path = path
        let fd: Int32
        if path == "-" {
            fd = dup(STDIN_FILENO)
        } else {
            fd = open(path, O_RDONLY)
        }
        guard fd >= 0 else {
            throw IOFailure(kind: .noInput, path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw IOFailure(kind: .noInput, path: path, reason: String(cString: strerror(errno)))
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR {
            throw IOFailure(kind: .noInput, path: path, reason: "is a directory")
        }
        if type == S_IFREG, info.st_size > 0 {
            let size = Int(info.st_size)
            #if os(Linux)
            // Every byte will be read: map the pages in one call rather than fault by fault,
            // unless the file is large (then stream by faults, so a streaming reader that
            // releases pages behind it — ``releasePages(before:)`` — stays bounded in memory).
            let physical = Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
            let flags = populate && size <= min(physical / 4, Self.populateLimit) ? MAP_PRIVATE | MAP_POPULATE : MAP_PRIVATE
            #else
            let flags = MAP_PRIVATE
            #endif
            let address = mmap(nil, size, PROT_READ, flags, fd, 0)
            if let address, address != MAP_FAILED {
                // A reader of a few scattered rows (a shard's positives) must not read ahead
                // around each; the range it streams is advised sequential by its reader.
                _ = madvise(address, size, populate ? MADV_SEQUENTIAL : MADV_RANDOM)
                bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
                isMapped = true
                return
            }
        }
        bytes = try Self.readAll(fd: fd, path: path, sizeHint: type == S_IFREG ? Int(info.st_size) : 0)
        isMapped = false
    }

    deinit {
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        } else {
            bytes.deallocate()
        }
    }

    /// Files up to this size are read into memory in one call when mapped (`MAP_POPULATE`);
    /// larger ones are faulted in as they are read.
    static let populateLimit = 1 << 30

    /// Lets the kernel drop the mapped pages wholly before byte `offset` from this process's
    /// memory, for a reader that streams through a large file once. The bytes stay readable:
    /// touching them again reads them back from the file. Does nothing for a heap copy.
    public func releasePages(before offset: Int) {
        guard isMapped, let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = (min(offset, bytes.count) / page) * page
        guard length > 0 else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), length, MADV_DONTNEED)
    }

    /// Reads `fd` to its end into a new heap buffer.
    private static func readAll(fd: Int32, path: String, sizeHint: Int) throws -> UnsafeBufferPointer<UInt8> {
        var capacity = max(sizeHint, 1 << 16)
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        var count = 0
        while true {
            if count == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buffer, count: count)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = read(fd, buffer + count, capacity - count)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                buffer.deallocate()
                throw IOFailure(kind: .ioError, path: path, reason: reason)
            }
            count += n
        }
        return UnsafeBufferPointer(start: buffer, count: count)
    }
}
