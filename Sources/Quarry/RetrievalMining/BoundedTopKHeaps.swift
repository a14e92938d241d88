/// One bounded min-heap of `(score, corpus index)` per query, kept in flat buffers.
///
/// Each heap holds at most `capacity` entries with its *worst* entry at the root, where
/// "worse" means a lower score or, for equal scores, a higher corpus index. Once a heap is
/// full its ``threshold`` is the root's score: a candidate can only enter with a strictly
/// greater score. That strict test is exact for the search kernel because one worker visits
/// corpus rows in increasing index order, so an equal score always loses the tie.
///
/// The storage is manually allocated and owned by one worker thread (hence `@unchecked
/// Sendable`: it is handed to that worker, then read by the merge after all workers end);
/// call ``deallocate()``.
struct BoundedTopKHeaps: @unchecked Sendable {
    let queryCount: Int
    let capacity: Int
    /// `queryCount × capacity` scores, heap-ordered per query.
    let scores: UnsafeMutablePointer<Float>
    /// `queryCount × capacity` corpus indices matching ``scores``.
    let indices: UnsafeMutablePointer<Int>
    /// Entries used in each heap.
    let counts: UnsafeMutablePointer<Int>
    /// Per query: `-infinity` until the heap is full, then the root's score.
    let thresholds: UnsafeMutablePointer<Float>

    init(queryCount: Int, capacity: Int) {
        precondition(capacity >= 1)
        self.queryCount = queryCount
        self.capacity = capacity
        let slots = max(1, queryCount * capacity)
        scores = .allocate(capacity: slots)
        indices = .allocate(capacity: slots)
        counts = .allocate(capacity: max(1, queryCount))
        thresholds = .allocate(capacity: max(1, queryCount))
        counts.initialize(repeating: 0, count: max(1, queryCount))
        thresholds.initialize(repeating: -.infinity, count: max(1, queryCount))
    }

    func deallocate() {
        scores.deallocate()
        indices.deallocate()
        counts.deallocate()
        thresholds.deallocate()
    }

    @inline(__always)
    static func isWorse(_ s1: Float, _ i1: Int, than s2: Float, _ i2: Int) -> Bool {
        s1 < s2 || (s1 == s2 && i1 > i2)
    }

    /// Adds a candidate that passed the threshold test (`score > thresholds[query]`).
    /// - Complexity: O(log capacity).
    func insert(query: Int, score: Float, index: Int) {
        let base = query &* capacity
        let s = scores + base
        let ix = indices + base
        let count = counts[query]
        if count < capacity {
            // Sift up from the new leaf.
            var child = count
            while child > 0 {
                let parent = (child &- 1) >> 1
                if Self.isWorse(score, index, than: s[parent], ix[parent]) {
                    s[child] = s[parent]
                    ix[child] = ix[parent]
                    child = parent
                } else { break }
            }
            s[child] = score
            ix[child] = index
            counts[query] = count &+ 1
            if count &+ 1 == capacity { thresholds[query] = s[0] }
        } else {
            // Replace the root (the worst entry) and sift down.
            var parent = 0
            while true {
                var child = 2 &* parent &+ 1
                if child >= capacity { break }
                let right = child &+ 1
                if right < capacity && Self.isWorse(s[right], ix[right], than: s[child], ix[child]) {
                    child = right
                }
                if Self.isWorse(s[child], ix[child], than: score, index) {
                    s[parent] = s[child]
                    ix[parent] = ix[child]
                    parent = child
                } else { break }
            }
            s[parent] = score
            ix[parent] = index
            thresholds[query] = s[0]
        }
    }
}
