import DatelineCore
import DatelineIngest
import DatelineStore
import Foundation

/// Reads agency files (ninjs `.json`, NewsML-G2 `.xml`) into the wire queue, one line per item
/// on standard error, and counts what happened. Each item is stored in its own transaction; a file
/// that cannot be read stores nothing.
struct WireImport {
    var reader: WireFileReader
    var lifetime: TimeInterval

    struct Counts {
        var added = 0
        var replaced = 0
        var unchanged = 0
        var duplicates = 0
        var failed = 0

        var summary: String {
            "\(added) new, \(replaced) updated, \(duplicates) duplicates, \(unchanged) unchanged, \(failed) failed"
        }
    }

    /// Imports every item of `files` (already listed) into `store`.
    func run(_ entries: [WireFileListing.Entry], into store: any WireStore) async -> Counts {
        var counts = Counts()
        for entry in entries {
            switch entry {
            case .problem(let error):
                counts.failed += 1
                report("failed", error.description)
            case .file(let path):
                let items: [WireItemDraft]
                do {
                    items = try reader.read(path: path)
                } catch {
                    counts.failed += 1
                    report("failed", error.description)
                    continue
                }
                for draft in items {
                    do {
                        let intake = try await store.receiveWireItem(draft, now: Date(), lifetime: lifetime)
                        switch intake {
                        case .added(let item):
                            counts.added += 1
                            if let group = item.duplicateOf {
                                counts.duplicates += 1
                                report(
                                    "duplicate",
                                    "\(path): wire item \(item.id) “\(item.content.headline)”, a copy of \(group)")
                            } else {
                                report("added", "\(path): wire item \(item.id) “\(item.content.headline)”")
                            }
                        case .replaced(let item):
                            counts.replaced += 1
                            report("updated", "\(path): wire item \(item.id) is now version \(item.content.version)")
                        case .unchanged(let item):
                            counts.unchanged += 1
                            report(
                                "unchanged",
                                "\(path): wire item \(item.id) already has version \(item.content.version)")
                        }
                    } catch {
                        counts.failed += 1
                        report("failed", "\(path): item \(draft.guid): \(error)")
                    }
                }
            }
        }
        return counts
    }

    private func report(_ word: String, _ detail: String) {
        FileHandle.standardError.write(Data("\(word)\t\(detail)\n".utf8))
    }
}
