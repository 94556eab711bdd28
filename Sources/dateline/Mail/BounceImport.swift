import DatelineCore
import DatelineMail
import DatelineStore
import Foundation

/// Reads returned mail from an mbox file or a maildir folder and acts on it: hard bounces and
/// complaints are suppressed in the newsletter suppression list, soft bounces only counted.
/// Every message that is not a readable report is counted as unreadable with its reason; none
/// stops the import.
struct BounceImport {
    /// What an import found.
    struct Summary: Sendable, Equatable {
        var hard = 0
        var soft = 0
        var complaints = 0
        var unreadable = 0
        /// Reports read that asked for nothing (delivered, relayed, not-spam feedback).
        var noAction = 0
        /// Why messages were unreadable, with where they are ("message 3", "new/1712-abc").
        var reasons: [String] = []

        /// The line the command ends with.
        var line: String { "\(hard) hard, \(soft) soft, \(complaints) complaints, \(unreadable) unreadable" }
    }

    /// The store suppressions go into; nil to only count (a dry run).
    let store: (any NewsletterStore)?
    /// The largest message read, in bytes; larger ones are unreadable.
    let maximumMessageBytes: Int
    let now: Date

    /// Reads the mbox file or maildir folder at `path`.
    func run(path: String) async throws -> Summary {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CommandFailure("there is no file or folder at \(path)")
        }
        var summary = Summary()
        if isFolder.boolValue {
            try await readMaildir(path, into: &summary)
        } else {
            try await readMbox(path, into: &summary)
        }
        return summary
    }

    private func readMbox(_ path: String, into summary: inout Summary) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure("cannot open \(path) for reading")
        }
        defer { try? handle.close() }
        var splitter = MboxSplitter(maximumMessageBytes: maximumMessageBytes)
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw CommandFailure("cannot read \(path): \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            for entry in splitter.feed(chunk) { try await take(entry, into: &summary) }
        }
        for entry in splitter.finish() { try await take(entry, into: &summary) }
    }

    private func take(_ entry: MboxSplitter.Entry, into summary: inout Summary) async throws {
        switch entry {
        case .message(let index, let bytes):
            try await read(bytes, at: "message \(index)", into: &summary)
        case .oversized(let index, let size):
            unreadable("message \(index)", "it is \(size) bytes, over the limit of \(maximumMessageBytes)", &summary)
        }
    }

    private func readMaildir(_ path: String, into summary: inout Summary) async throws {
        let folder = URL(fileURLWithPath: path, isDirectory: true)
        let manager = FileManager.default
        let subfolders = ["new", "cur"].filter {
            var isFolder: ObjCBool = false
            return manager.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &isFolder)
                && isFolder.boolValue
        }
        guard !subfolders.isEmpty else {
            throw CommandFailure(
                "\(path) is a folder but not a maildir: it has neither a cur nor a new folder inside. "
                    + "Give a maildir folder or an mbox file.")
        }
        for subfolder in subfolders {
            let names = try manager.contentsOfDirectory(atPath: folder.appendingPathComponent(subfolder).path)
                .filter { !$0.hasPrefix(".") }.sorted()
            for name in names {
                let file = folder.appendingPathComponent(subfolder).appendingPathComponent(name)
                let place = "\(subfolder)/\(name)"
                let attributes = try? manager.attributesOfItem(atPath: file.path)
                guard attributes?[.type] as? FileAttributeType == .typeRegular else { continue }
                let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
                guard size <= maximumMessageBytes else {
                    unreadable(place, "it is \(size) bytes, over the limit of \(maximumMessageBytes)", &summary)
                    continue
                }
                guard let data = manager.contents(atPath: file.path) else {
                    unreadable(place, "the file cannot be read", &summary)
                    continue
                }
                try await read(Array(data), at: place, into: &summary)
            }
        }
    }

    private func read(_ bytes: [UInt8], at place: String, into summary: inout Summary) async throws {
        let report: BounceReport
        do {
            report = try BounceReport(bytes, limits: MIMELimits(maximumBytes: maximumMessageBytes))
        } catch {
            unreadable(place, error.reason, &summary)
            return
        }
        for finding in report.findings {
            switch finding.outcome {
            case .hardBounce:
                summary.hard += 1
                try await suppress(finding.address, reason: .bounced)
            case .complaint:
                summary.complaints += 1
                try await suppress(finding.address, reason: .complained)
            case .softBounce:
                summary.soft += 1
            case .noAction:
                summary.noAction += 1
            }
        }
    }

    private func suppress(_ address: EmailAddress, reason: SuppressionReason) async throws {
        guard let store else { return }
        // A Result rather than a typed catch clause: Swift 6.3 crashes compiling some of those.
        let result: Result<Void, StoreError>
        do {
            try await store.suppress(email: address.string, reason: reason, now: now)
            result = .success(())
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success, .failure(.invalid):
            // An address the newsletter store would never have taken cannot be on a list.
            return
        case .failure(let error):
            throw CommandFailure("cannot record the suppression of \(address.string): \(error)")
        }
    }

    private func unreadable(_ place: String, _ reason: String, _ summary: inout Summary) {
        summary.unreadable += 1
        summary.reasons.append("\(place): \(reason)")
    }
}
