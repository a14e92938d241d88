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

    /// Tells the kernel that `rows` will be read once, in order (read-ahead on a lazily mapped
    /// file, whose other pages are read only when touched, without read-ahead). Only advice:
    /// results never depend on it.
    public func adviseSequential(rows range: Range<Int>) {
        guard !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = Int(bitPattern: base + range.lowerBound * dimension)
        let end = Int(bitPattern: base + range.upperBound * dimension)
        let aligned = start / page * page
        _ = madvise(UnsafeMutableRawPointer(bitPattern: aligned), end - aligned, MADV_SEQUENTIAL)
    }

    /// Row `i`.
    public func row(_ i: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: base + i * dimension, count: dimension)
    }

    /// Opens a 2-D `<f4` or `<f8` C-order `.npy` file: `<f4` is memory-mapped, `<f8`
    /// converted to float32 once (``MappedFloatMatrix``).
    /// - Throws: ``IOFailure`` for a missing file (66), ``NPYFormatError`` for a wrong header,
    ///   dtype or a truncated file (65), ``RetrievalMiningFailure`` for an empty matrix or a
    ///   NaN/infinite value (65, naming the row).
    /// - Parameter checkingFinite: `false` leaves the NaN/infinity check to the caller
    ///   (``checkFinite(rows:)`` on the rows it reads), and maps the file without reading it
    ///   ahead, so a corpus shard or a query block never touches the rest of the file.
    public static func load(npy path: String, checkingFinite: Bool = true) throws -> EmbeddingMatrix {
        let mapped = try MappedFloatMatrix(path: path, populate: checkingFinite)
        guard mapped.rows > 0, mapped.columns > 0 else {
            throw RetrievalMiningFailure.data(path, "empty matrix (shape \(mapped.rows) × \(mapped.columns)); expected at least one row and one column")
        }
        // The matrix keeps `mapped` (and so the mapping or buffer) alive until it is released.
        let matrix = EmbeddingMatrix(base: mapped.values.baseAddress!, rows: mapped.rows, dimension: mapped.columns,
                                     source: path, release: { withExtendedLifetime(mapped) {} })
        if checkingFinite { try matrix.checkFinite() }
        return matrix
    }

    /// Throws naming the first row that holds NaN or infinity.
    func checkFinite() throws { try checkFinite(rows: 0..<rows) }

    /// Throws naming the first of `rows` that holds NaN or infinity.
    /// - Complexity: O(|rows| · d), reading only those rows.
    public func checkFinite<Rows: Sequence<Int>>(rows: Rows) throws {
        let dimension = self.dimension
        for r in rows {
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
