import Foundation

/// A uniquely named folder under the system's temporary directory, removed by ``remove()``.
struct TemporaryFolder: Sendable {
    /// The folder's location.
    let url: URL

    /// Creates a fresh, empty folder.
    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("dateline-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of a file called `name` inside the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Deletes the folder and everything in it.
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Runs `body` with a fresh folder and removes the folder afterwards, whatever happens.
    static func with<T>(_ body: (TemporaryFolder) async throws -> T) async throws -> T {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        return try await body(folder)
    }
}
