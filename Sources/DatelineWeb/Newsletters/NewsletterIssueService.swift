import DatelineStore
import Foundation
import Logging
import ServiceLifecycle

/// The newsletter part of the schedule: every half minute, makes the issues that are due and
/// finishes queuing any an instance left half done. Every instance runs one; the store makes
/// each issue and each delivery once. Runs only where mail is configured, since the same
/// instances' mail queues send what it queues.
struct NewsletterIssueService: Service {
    let site: ReaderSite
    let store: NewsletterSender.Store
    let logger: Logger
    var interval: Duration = .seconds(30)

    func run() async throws {
        var named = logger
        named[metadataKey: "component"] = "newsletters"
        let logger = named
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let sender = NewsletterSender(
                    store: store, origin: site.origin.canonical, siteName: site.configuration.siteName, logger: logger)
                await sender.runDue(now: site.mail?.now() ?? Date())
                try? await Task.sleep(for: interval)
            }
        }
    }
}
