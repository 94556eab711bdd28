/// The difference between two texts line by line, by longest common subsequence: what stayed,
/// what went, what came. Good enough for story revisions, which run to hundreds of lines.
enum LineDiff {
    /// One line of the comparison.
    struct Line: Hashable, Sendable {
        /// How the line changed.
        enum Change: String, Sendable {
            case kept, removed, added
        }
        let change: Change
        let text: String
    }

    /// The lines of `old` and `new` in order, each marked kept, removed or added.
    static func compare(_ old: [String], _ new: [String]) -> [Line] {
        let rows = old.count
        let columns = new.count
        // lengths[i][j]: the longest common subsequence of old[i...] and new[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: columns + 1), count: rows + 1)
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for j in stride(from: columns - 1, through: 0, by: -1) {
                lengths[i][j] =
                    old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var result: [Line] = []
        var i = 0
        var j = 0
        while i < rows, j < columns {
            if old[i] == new[j] {
                result.append(Line(change: .kept, text: old[i]))
                i += 1
                j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                result.append(Line(change: .removed, text: old[i]))
                i += 1
            } else {
                result.append(Line(change: .added, text: new[j]))
                j += 1
            }
        }
        result += old[i...].map { Line(change: .removed, text: $0) }
        result += new[j...].map { Line(change: .added, text: $0) }
        return result
    }
}
