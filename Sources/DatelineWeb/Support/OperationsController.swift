import DatelineStore
import Foundation
import Hummingbird
import Logging
import Prometheus

/// What operators and load balancers ask an instance: `/healthz` (the process answers),
/// `/readyz` (it can reach its database, so it should get traffic) and `/metrics` (Prometheus
/// text format). None of them touches cookies or sessions, and none is cached.
struct OperationsController: Sendable {
    let store: any StoryStore
    /// Where the instance's metrics are collected; nil leaves `/metrics` unrouted.
    let registry: PrometheusCollectorRegistry?
    /// This instance's page cache, when it keeps one.
    var pageCache: PageCache? = nil
    var models: ReaderModelCache? = nil
    var searches: ReaderModelCache? = nil

    static let healthPath = "/healthz"
    static let readyPath = "/readyz"
    static let metricsPath = "/metrics"

    func addRoutes(to router: Router<ReaderRequestContext>) {
        router.get(.init(stringLiteral: Self.healthPath)) { _, _ in Self.text("ok\n") }
        router.get(.init(stringLiteral: Self.readyPath), use: ready)
        if registry != nil { router.get(.init(stringLiteral: Self.metricsPath), use: metrics) }
    }

    @Sendable func ready(request: Request, context: ReaderRequestContext) async -> Response {
        do {
            try await store.ping()
            return Self.text("ready\n")
        } catch {
            context.logger.warning("not ready: the database cannot be reached", metadata: ["error": "\(error)"])
            var response = Self.text("not ready: the database cannot be reached\n", status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        }
    }

    @Sendable func metrics(request: Request, context: ReaderRequestContext) async -> Response {
        guard let registry else { return Self.text("metrics are off\n", status: .notFound) }
        await refreshGauges(in: registry)
        var response = Self.text(registry.emitToString())
        response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return response
    }

    /// Values read at scrape time rather than counted as they happen.
    private func refreshGauges(in registry: PrometheusCollectorRegistry) async {
        let up = registry.makeGauge(name: "dateline_database_up", help: "1 when the database answered the last scrape")
        do {
            try await store.ping()
            let stories = try await store.storyCount()
            registry.makeGauge(name: "dateline_stories", help: "Stories in the database, any status").set(
                to: Double(stories))
            up.set(to: 1.0)
        } catch {
            up.set(to: 0.0)
        }
        if let pageCache {
            let help = "Page cache lookups by result since start"
            registry.makeGauge(name: "dateline_page_cache_lookups", labels: [("result", "hit")], help: help).set(
                to: Double(pageCache.hits))
            registry.makeGauge(name: "dateline_page_cache_lookups", labels: [("result", "miss")], help: help).set(
                to: Double(pageCache.misses))
            registry.makeGauge(name: "dateline_page_cache_entries", help: "Pages in this instance's cache").set(
                to: Double(pageCache.count))
        }
        /// A model cache's lookups by result: found kept, read, or shared with a read under way.
        func lookups(of cache: ReaderModelCache, name: String, help: String) {
            for (result, count) in [("hit", cache.hits), ("miss", cache.misses), ("shared", cache.shared)] {
                registry.makeGauge(name: name, labels: [("result", result)], help: help).set(to: Double(count))
            }
        }
        if let searches {
            lookups(
                of: searches, name: "dateline_search_cache_lookups",
                help: "Search results cache lookups by result since start")
        }
        if let models {
            lookups(
                of: models, name: "dateline_model_cache_lookups",
                help: "Reader model cache lookups by result since start")
            registry.makeGauge(
                name: "dateline_model_cache_invalidations", help: "Times this instance dropped its reader models"
            ).set(to: Double(models.invalidations))
        }
        if let mail = store as? any MailStore, let counts = try? await mail.mailCounts() {
            let help = "Messages in the mail outbox by state"
            let states: [(String, Int)] = [
                ("pending", counts.pending), ("handed_over", counts.handedOver), ("sent", counts.sent),
                ("failed", counts.failed), ("in_doubt", counts.inDoubt),
            ]
            for (state, count) in states {
                registry.makeGauge(name: "dateline_mail_outbox", labels: [("state", state)], help: help).set(
                    to: Double(count))
            }
        }
        if let issues = store as? any NewsletterIssueStore, let progress = try? await issues.newsletterProgressTotals()
        {
            let help = "Newsletter deliveries of every issue by state"
            let states: [(String, Int)] = [
                ("queued", progress.queued), ("sent", progress.sent), ("deferred", progress.deferred),
                ("failed", progress.failed), ("cancelled", progress.cancelled), ("in_doubt", progress.inDoubt),
            ]
            for (state, count) in states {
                registry.makeGauge(name: "dateline_newsletter_deliveries", labels: [("state", state)], help: help).set(
                    to: Double(count))
            }
        }
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
