import Foundation

/// Renditions kept on this server's disk under one folder, at most `byteLimit` bytes in all, the
/// least recently used removed first. Concurrent requests for one rendition that is not there
/// yet make it once: the later ones wait for the first.
///
/// The folder is scanned on first use (file times stand for the last use), so the cache and its
/// bound survive a restart. A file that cannot be written or read is made again next time:
/// the cache never fails a request that could be answered.
actor RenditionCache {
    let folder: URL
    let byteLimit: Int

    private struct Entry {
        var bytes: Int
        var lastUse: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var totalBytes = 0
    private var clock: UInt64 = 0
    private var loaded = false
    private var making: [String: Task<Data, any Error>] = [:]

    init(folder: URL, byteLimit: Int) {
        self.folder = folder
        self.byteLimit = max(0, byteLimit)
    }

    /// How many renditions the cache holds and their bytes, for tests and operators.
    var usage: (files: Int, bytes: Int) {
        loadIfNeeded()
        return (entries.count, totalBytes)
    }

    /// The rendition called `name`, from disk when it is there, otherwise from `make` (once,
    /// however many ask at the same time), then kept.
    func rendition(named name: String, make: @escaping @Sendable () async throws -> Data) async throws -> Data {
        loadIfNeeded()
        if entries[name] != nil {
            if let data = try? Data(contentsOf: file(name)) {
                touch(name)
                return data
            }
            forget(name)
        }
        if let running = making[name] { return try await running.value }
        // The work is not tied to the first asker: one who leaves does not fail the others.
        let task = Task { try await make() }
        making[name] = task
        defer { making[name] = nil }
        let data = try await task.value
        keep(data, as: name)
        return data
    }

    private func file(_ name: String) -> URL { folder.appendingPathComponent(name, isDirectory: false) }

    private func touch(_ name: String) {
        clock += 1
        entries[name]?.lastUse = clock
    }

    private func forget(_ name: String) {
        if let entry = entries.removeValue(forKey: name) { totalBytes -= entry.bytes }
    }

    private func keep(_ data: Data, as name: String) {
        guard data.count <= byteLimit else { return }
        let temporary = file(".\(name).\(UUID().uuidString).part")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temporary)
            // A rename is atomic: a reader sees the whole file or none.
            if rename(temporary.path, file(name).path) != 0 {
                try? FileManager.default.removeItem(at: temporary)
                return
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            return
        }
        forget(name)
        clock += 1
        entries[name] = Entry(bytes: data.count, lastUse: clock)
        totalBytes += data.count
        evict()
    }

    /// Removes the least recently used files until the cache is within its bound.
    private func evict() {
        guard totalBytes > byteLimit else { return }
        for (name, _) in entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }) {
            guard totalBytes > byteLimit else { break }
            try? FileManager.default.removeItem(at: file(name))
            forget(name)
        }
    }

    /// Reads what the folder holds, oldest file first, and drops half-written leftovers.
    private func loadIfNeeded() {
        guard !loaded else { return }
        loaded = true
        let keys: [URLResourceKey] = [.fileSizeKey, .contentModificationDateKey, .isRegularFileKey]
        guard
            let urls = try? FileManager.default.contentsOfDirectory(
                at: folder, includingPropertiesForKeys: keys, options: [])
        else { return }
        var found: [(name: String, bytes: Int, time: Date)] = []
        for url in urls {
            let name = url.lastPathComponent
            if name.hasPrefix(".") && name.hasSuffix(".part") {
                try? FileManager.default.removeItem(at: url)
                continue
            }
            guard MediaAddress(fileName: name) != nil,
                let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true
            else { continue }
            found.append((name, values.fileSize ?? 0, values.contentModificationDate ?? .distantPast))
        }
        for item in found.sorted(by: { $0.time < $1.time }) {
            clock += 1
            entries[item.name] = Entry(bytes: item.bytes, lastUse: clock)
            totalBytes += item.bytes
        }
        evict()
    }
}
