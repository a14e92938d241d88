/// Quarry: hard-negative mining for classifiers and retrievers.
///
/// The library is a set of pure functions over in-memory data and streams: it never prints.
/// Reports (counts of what each step dropped, timings, warnings) are returned as values that
/// the `quarry` command-line tool shows.
public enum Quarry {
    /// The version written into every JSON result as `quarry_version`.
    public static let version = "0.1.0"
}
