/// A 2-D `float32` matrix read from an `.npy` file without copying it when possible.
///
/// A `<f4` file is memory-mapped and ``values`` points straight into the mapping, so a
/// 1.5 GB corpus costs no extra memory and no load time beyond page faults. A `<f8` file
/// (or a pipe) is converted into an owned buffer once.
///
/// ```swift
/// let corpus = try MappedFloatMatrix(path: "corpus.npy")
/// corpus.values   // UnsafeBufferPointer<Float>, rows × columns, row-major
/// ```
public final class MappedFloatMatrix: @unchecked Sendable {
    // Sendable: the values are immutable after init and owned (or mapped) by self.

    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The values, row after row; valid while `self` lives.
    public let values: UnsafeBufferPointer<Float>
    /// Whether ``values`` points into the file mapping (no copy was made).
    public let isZeroCopy: Bool
    /// The element type the file stored.
    public let storedType: NPYScalarType
    private let file: MappedFile

    /// Opens `path`; see ``NPYArray`` for what is accepted.
    /// - Throws: ``IOFailure`` or ``NPYFormatError``.
    /// - Complexity: O(1) for a mapped `<f4` file; O(rows × columns) otherwise.
    /// - Parameter populate: see ``MappedFile/init(path:populate:)``.
    public init(path: String, populate: Bool = true) throws {
        file = try MappedFile(path: path, populate: populate)
        let header = try NPYHeader(file: file)
        rows = header.rows
        columns = header.columns
        storedType = header.scalarType
        let count = rows * columns
        let raw = UnsafeRawPointer(file.bytes.baseAddress!) + header.dataOffset
        if header.scalarType == .float32, Int(bitPattern: raw) % MemoryLayout<Float>.alignment == 0 {
            values = UnsafeBufferPointer(start: raw.assumingMemoryBound(to: Float.self), count: count)
            isZeroCopy = true
            return
        }
        let owned = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(count, 1))
        for i in 0..<count {
            owned[i] = header.scalarType == .float32
                ? raw.loadUnaligned(fromByteOffset: i * 4, as: Float.self)
                : Float(raw.loadUnaligned(fromByteOffset: i * 8, as: Double.self))
        }
        values = UnsafeBufferPointer(start: owned.baseAddress, count: count)
        isZeroCopy = false
    }

    deinit {
        if !isZeroCopy { UnsafeMutableRawPointer(mutating: values.baseAddress)?.deallocate() }
    }

    /// Row `row` as a buffer of ``columns`` floats.
    public func row(_ row: Int) -> UnsafeBufferPointer<Float> {
        precondition(row >= 0 && row < rows, "row out of range")
        return UnsafeBufferPointer(rebasing: values[(row * columns)..<((row + 1) * columns)])
    }
}
