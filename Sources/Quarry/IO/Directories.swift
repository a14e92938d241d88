#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creating output folders.
package enum Directories {
    /// Creates `path` and any missing parents (as `mkdir -p`).
    /// - Throws: ``IOFailure`` (`cannotCreate`) naming the first folder that cannot be made.
    public static func create(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o777) != 0, errno != EEXIST {
                throw IOFailure(kind: .cannotCreate, path: current, reason: String(cString: strerror(errno)))
            }
        }
    }
}
