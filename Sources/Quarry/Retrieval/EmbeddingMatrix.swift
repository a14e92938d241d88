#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only n × d float32 matrix of embeddings, row-major, loaded from a `.npy` file.
///
/// `<f4` files are memory-mapped, so a corpus larger than RAM is paged in by the search as
/// it streams through it; `<f8` files are converted to float32 in memory. Rows containing
/// NaN or infinity are rejected with the row number.
///
/// - Note: The io branch adds a general NPY reader; this type reads only what retrieval
///   mining needs (2-D, little-endian, C order) and can delegate to it once it is merged.
public final class EmbeddingMatrix: @unchecked Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns (the embedding dimension).
    public let dimension: Int
    /// Where the values came from, for messages.
    public let source: String
    private let base: UnsafePointer<Float>
    private let release: () -> Void

    /// Wraps values already in memory (rows × dimension, row-major).
    public init(values: [Float], rows: Int, dimension: Int, source: String = "<memory>") {
        precondition(values.count == rows * dimension, "values must hold rows × dimension floats")
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { src in
            if let b = src.baseAddress { buffer.initialize(from: b, count: values.count) }
        }
        self.rows = rows
        self.dimension = dimension
        self.source = source
        self.base = UnsafePointer(buffer)
        self.release = { buffer.deallocate() }
    }

    private init(base: UnsafePointer<Float>, rows: Int, dimension: Int, source: String, release: @escaping () -> Void) {
        self.base = base
        self.rows = rows
        self.dimension = dimension
        self.source = source
        self.release = release
    }

    deinit { release() }

    /// All values, row-major.
    public var values: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: base, count: rows * dimension) }

    /// Rows `range`, row-major.
    public func rows(_ range: Range<Int>) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: base + range.lowerBound * dimension, count: range.count * dimension)
    }

    /// Row `i`.
    public func row(_ i: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: base + i * dimension, count: dimension)
    }

    /// Opens a 2-D `<f4` or `<f8` C-order `.npy` file.
    /// - Throws: ``RetrievalMiningFailure``: missing file (66), wrong header or dtype, a
    ///   truncated file, an empty matrix, or a NaN/infinite value (65, naming the row).
    public static func load(npy path: String) throws -> EmbeddingMatrix {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw RetrievalMiningFailure("cannot read '\(path)': \(String(cString: strerror(errno)))", kind: .noInput)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw RetrievalMiningFailure("cannot read '\(path)': \(String(cString: strerror(errno)))", kind: .ioError)
        }
        let fileSize = Int(info.st_size)
        guard fileSize > 10 else { throw RetrievalMiningFailure.data(path, "not a .npy file (only \(fileSize) bytes)") }
        guard let mapped = mmap(nil, fileSize, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw RetrievalMiningFailure("cannot map '\(path)': \(String(cString: strerror(errno)))", kind: .ioError)
        }
        let raw = UnsafeRawBufferPointer(start: mapped, count: fileSize)
        let unmap = { _ = munmap(mapped, fileSize) }
        do {
            let header = try EmbeddingNPYHeader(raw, path: path)
            let count = header.rows * header.columns
            guard header.rows > 0, header.columns > 0 else {
                throw RetrievalMiningFailure.data(path, "empty matrix (shape \(header.rows) × \(header.columns)); expected at least one row and one column")
            }
            let needed = header.dataOffset + count * header.itemSize
            guard fileSize >= needed else {
                throw RetrievalMiningFailure.data(path, "truncated: shape \(header.rows) × \(header.columns) needs \(needed) bytes, file has \(fileSize)")
            }
            let matrix: EmbeddingMatrix
            if header.itemSize == 4, header.dataOffset % 4 == 0 {
                let base = (mapped + header.dataOffset).assumingMemoryBound(to: Float.self)
                _ = madvise(mapped, fileSize, MADV_SEQUENTIAL)
                matrix = EmbeddingMatrix(base: base, rows: header.rows, dimension: header.columns, source: path, release: unmap)
            } else {
                let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
                let data = raw.baseAddress! + header.dataOffset
                for i in 0..<count {
                    if header.itemSize == 8 {
                        buffer[i] = Float(data.loadUnaligned(fromByteOffset: i * 8, as: Double.self))
                    } else {
                        buffer[i] = data.loadUnaligned(fromByteOffset: i * 4, as: Float.self)
                    }
                }
                unmap()
                matrix = EmbeddingMatrix(base: UnsafePointer(buffer), rows: header.rows, dimension: header.columns,
                                         source: path, release: { buffer.deallocate() })
            }
            try matrix.checkFinite()
            return matrix
        } catch {
            unmap()
            throw error
        }
    }

    /// Throws naming the first row that holds NaN or infinity.
    func checkFinite() throws {
        let dimension = self.dimension
        for r in 0..<rows {
            let row = self.row(r)
            var bad = false
            for x in row where !x.isFinite { bad = true; break }
            if bad {
                let column = row.firstIndex(where: { !$0.isFinite })!
                throw RetrievalMiningFailure.data(source, "row \(r) column \(column) is \(row[column]); embeddings must be finite (dimension \(dimension))")
            }
        }
    }
}

/// The parsed header of a `.npy` file (format versions 1–3).
struct EmbeddingNPYHeader {
    var rows: Int
    var columns: Int
    var itemSize: Int
    var dataOffset: Int

    init(_ raw: UnsafeRawBufferPointer, path: String) throws {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard raw.count >= 10, Array(raw[0..<6]) == magic else {
            throw RetrievalMiningFailure.data(path, "not a .npy file (missing the \\x93NUMPY magic)")
        }
        let major = raw[6]
        let headerLength: Int
        let start: Int
        if major == 1 {
            headerLength = Int(raw[8]) | Int(raw[9]) << 8
            start = 10
        } else if major == 2 || major == 3, raw.count >= 12 {
            headerLength = Int(raw[8]) | Int(raw[9]) << 8 | Int(raw[10]) << 16 | Int(raw[11]) << 24
            start = 12
        } else {
            throw RetrievalMiningFailure.data(path, "unsupported .npy format version \(major)")
        }
        guard start + headerLength <= raw.count else {
            throw RetrievalMiningFailure.data(path, "truncated .npy header")
        }
        let text = String(decoding: raw[start..<(start + headerLength)], as: UTF8.self)
        func value(_ key: String) -> Substring? {
            guard let k = text.range(of: "'\(key)':") else { return nil }
            return text[k.upperBound...].drop(while: { $0 == " " })
        }
        guard let descr = value("descr"), let quote = descr.first, quote == "'" || quote == "\"",
              let close = descr.dropFirst().firstIndex(of: quote) else {
            throw RetrievalMiningFailure.data(path, key: "descr", "missing dtype in the .npy header")
        }
        let dtype = String(descr[descr.index(after: descr.startIndex)..<close])
        switch dtype {
        case "<f4", "=f4": itemSize = 4
        case "<f8", "=f8": itemSize = 8
        default:
            throw RetrievalMiningFailure.data(path, key: "descr", "expected little-endian float32 '<f4' or float64 '<f8', found '\(dtype)'")
        }
        guard let order = value("fortran_order") else {
            throw RetrievalMiningFailure.data(path, key: "fortran_order", "missing in the .npy header")
        }
        guard order.hasPrefix("False") else {
            throw RetrievalMiningFailure.data(path, key: "fortran_order", "expected C order (False), found Fortran order")
        }
        guard let shapeText = value("shape"), shapeText.first == "(", let end = shapeText.firstIndex(of: ")") else {
            throw RetrievalMiningFailure.data(path, key: "shape", "missing in the .npy header")
        }
        let dims = shapeText[shapeText.index(after: shapeText.startIndex)..<end]
            .split(separator: ",").map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        guard dims.count == 2, let r = Int(dims[0]), let c = Int(dims[1]) else {
            throw RetrievalMiningFailure.data(path, key: "shape", "expected a 2-D matrix (rows, dimension), found (\(dims.joined(separator: ", ")))")
        }
        rows = r
        columns = c
        dataOffset = start + headerLength
    }
}

private extension Substring {
    func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return s
    }
}
