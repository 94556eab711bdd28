import Foundation

/// Reports an import's progress: a redrawn bar on a terminal, one plain line per page otherwise
/// (so logs and pipes stay readable).
struct ImportProgress {
    /// What happened to one page.
    enum Result {
        case created, updated, unchanged, failed
    }

    private let total: Int
    private let drawsBar: Bool
    private var done = 0
    private(set) var counts: [Result: Int] = [:]

    /// Makes a reporter for `total` pages; draws a bar only when standard error is a terminal.
    init(total: Int, drawsBar: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = total
        self.drawsBar = drawsBar
    }

    /// Records a page's result; `detail` is the story path or the error message.
    mutating func record(_ result: Result, location: String, detail: String) {
        done += 1
        counts[result, default: 0] += 1
        let line: String
        switch result {
        case .created: line = "created    \(location) -> \(detail)"
        case .updated: line = "updated    \(location) -> \(detail)"
        case .unchanged: line = "unchanged  \(location) -> \(detail)"
        case .failed: line = "error: \(detail)"
        }
        if drawsBar {
            // Failures stay on screen above the bar; successes only move the bar.
            if result == .failed { Self.write("\r\u{1B}[2K\(line)\n") }
            drawBar(current: location)
        } else {
            Self.write(line + "\n")
        }
    }

    /// Clears the bar and prints the closing summary line.
    func finish() {
        if drawsBar { Self.write("\r\u{1B}[2K") }
        Self.write(summary + "\n")
    }

    /// "24 pages: 20 created, 3 updated, 1 unchanged, 0 failed".
    var summary: String {
        let pages = total == 1 ? "1 page" : "\(total) pages"
        return "\(pages): \(counts[.created, default: 0]) created, \(counts[.updated, default: 0]) updated, "
            + "\(counts[.unchanged, default: 0]) unchanged, \(counts[.failed, default: 0]) failed"
    }

    private func drawBar(current: String) {
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let name = (current as NSString).lastPathComponent
        Self.write("\r\u{1B}[2K[\(bar)] \(done)/\(total) \(name.prefix(40))")
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
