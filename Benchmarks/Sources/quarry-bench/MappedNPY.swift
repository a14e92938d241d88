import Foundation

/// A 2-D little-endian float32 or int64 `.npy` file mapped read-only into memory.
///
/// A small local loader for the benchmarks (the library's NPY reader lives on the `io`
/// branch); it understands format versions 1–3, C order, `<f4` and `<i8` only.
final class MappedNPY {
    let rows: Int
    let columns: Int
    let descr: String
    private let base: UnsafeMutableRawPointer
    private let length: Int
    private let dataOffset: Int

    struct Failure: Error, CustomStringConvertible { let description: String }

    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Failure(description: "\(path): cannot open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 10 else { throw Failure(description: "\(path): not a .npy file") }
        length = Int(info.st_size)
        guard let map = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw Failure(description: "\(path): mmap failed")
        }
        base = map
        let bytes = map.assumingMemoryBound(to: UInt8.self)
        guard bytes[0] == 0x93, bytes[1] == UInt8(ascii: "N") else { throw Failure(description: "\(path): bad magic") }
        let major = bytes[6]
        let headerLength = major == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        let headerStart = major == 1 ? 10 : 12
        dataOffset = headerStart + headerLength
        let header = String(decoding: UnsafeBufferPointer(start: bytes + headerStart, count: headerLength), as: UTF8.self)
        guard header.contains("'fortran_order': False") else { throw Failure(description: "\(path): not C order") }
        guard let d = header.range(of: "'descr': '")?.upperBound,
              let dEnd = header[d...].firstIndex(of: "'") else { throw Failure(description: "\(path): no descr") }
        descr = String(header[d..<dEnd])
        guard let s = header.range(of: "'shape': (")?.upperBound,
              let sEnd = header[s...].firstIndex(of: ")") else { throw Failure(description: "\(path): no shape") }
        let dims = header[s..<sEnd].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard dims.count == 2 else { throw Failure(description: "\(path): expected a 2-D array, found shape \(dims)") }
        rows = dims[0]
        columns = dims[1]
        let itemSize = descr == "<f4" ? 4 : descr == "<i8" ? 8 : 0
        guard itemSize > 0 else { throw Failure(description: "\(path): expected <f4 or <i8, found \(descr)") }
        guard dataOffset + rows * columns * itemSize <= length else { throw Failure(description: "\(path): truncated") }
    }

    var floats: UnsafeBufferPointer<Float> {
        precondition(descr == "<f4")
        return UnsafeBufferPointer(start: (base + dataOffset).assumingMemoryBound(to: Float.self), count: rows * columns)
    }

    var int64s: UnsafeBufferPointer<Int64> {
        precondition(descr == "<i8")
        return UnsafeBufferPointer(start: (base + dataOffset).assumingMemoryBound(to: Int64.self), count: rows * columns)
    }

    deinit { munmap(base, length) }
}
