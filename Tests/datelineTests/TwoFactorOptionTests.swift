import Foundation
import Testing

@Suite struct TwoFactorOptionTests {
    @Test func serveRefusesAnUnknownTwoFactorRequirementAndAnUnreadableKeyFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-2fa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("dateline.sqlite").path
        let bosses = try CommandRunner.run([
            "serve", "--port", "0", "--no-demo", "--database", database, "--require-two-factor", "bosses",
        ])
        #expect(bosses.status != 0)
        #expect(
            bosses.standardError.contains("--require-two-factor must be none, admins, editors, writers or everyone"))
        let missing = try CommandRunner.run([
            "serve", "--port", "0", "--no-demo", "--database", database, "--two-factor-key-file",
            folder.appendingPathComponent("no-such-key").path,
        ])
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("--two-factor-key-file"))
    }
}
