import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DatelineWeb

@Suite("Health, readiness and metrics")
struct OperationsControllerTests {
    @Test("healthz and readyz answer without cookies or caching; readyz is 503 when the database file is gone")
    func healthAndReadiness() async throws {
        let site = try ReaderTestSite()
        try await site.publish(Fixtures.lighthouse)
        try await site.withBrowser { browser in
            let health = try await browser.get("/healthz")
            #expect(health.status == .ok)
            #expect(health.html == "ok\n")
            #expect(health.headers[.setCookie] == nil)
            #expect(health.headers[.cacheControl] == "no-store")
            let ready = try await browser.get("/readyz")
            #expect(ready.status == .ok)

            // The database file deleted under the running server: writes would go to a file nobody can open again.
            let path = site.folder.appendingPathComponent("dateline.sqlite").path
            try FileManager.default.removeItem(atPath: path)
            let broken = try await browser.get("/readyz")
            #expect(broken.status == .serviceUnavailable)
            #expect(broken.headers[.retryAfter] == "5")
            #expect(try await browser.get("/healthz").status == .ok, "alive even when not ready")
        }
    }

    @Test("without a registry there is no /metrics")
    func metricsOff() async throws {
        let site = try ReaderTestSite()
        try await site.withBrowser { browser in
            let page = try await browser.get("/metrics")
            #expect(page.status == .notFound)
        }
    }
}
