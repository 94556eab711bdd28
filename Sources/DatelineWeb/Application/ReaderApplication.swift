import DatelineMail
import DatelineStore
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// Builds the reader site — front page, sections, topics, story pages, print views, saved
/// stories and font preferences — as a Hummingbird application ready for `runService()`.
///
/// - Parameters:
///   - configuration: Where to listen and how the site presents itself.
///   - store: Where stories come from; only published stories are ever shown.
///   - logger: Receives one structured line per request and the details of any failure.
///   - onServerRunning: Called once the server listens, with the port it bound (useful with port 0).
/// - Throws: ``WebSetupError`` when the configuration is out of range or bundled templates are
///   missing or broken.
public func makeReaderApplication(
    configuration: WebConfiguration,
    store: any StoryStore,
    logger: Logger,
    metrics: PrometheusCollectorRegistry? = nil,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try validate(configuration)
    var site = try makeReaderSite(configuration: configuration, store: store)
    var services: [any Service] = []
    if let mail = configuration.mail {
        let desk = try makeStoryMailDesk(
            mail, store: store, siteName: configuration.siteName, logger: logger,
            newsletterDomainRate: configuration.newsletterDomainRate)
        site.mail = desk
        services.append(MailQueueService(queue: desk.queue, closeConnections: desk.closeConnections))
        if let letters = store as? NewsletterSender.Store {
            services.append(NewsletterIssueService(site: site, store: letters, logger: logger))
        }
    }
    var pageCache: PageCache?
    var invalidations: [@Sendable () -> Void] = []
    if configuration.cachesPages, store is any StoryChangeSignal {
        let cache = PageCache()
        pageCache = cache
        invalidations.append { cache.invalidate() }
    }
    if configuration.cachesModels, store is any StoryChangeSignal {
        site.models = ReaderModelCache()
        site.searches = ReaderModelCache(maximumEntries: ReaderModelCache.searchEntries)
        let models = site
        invalidations.append { models.dropModels() }
    }
    if let signal = store as? any StoryChangeSignal, !invalidations.isEmpty {
        let everything = invalidations
        services.append(
            PageCacheService(
                invalidator: PageCacheInvalidator(signals: signal.storyChangeSignals()) {
                    for invalidate in everything { invalidate() }
                }))
    }
    let newsroom = try makeNewsroomDesk(site: site)
    let api = APIDesk(site: site, newsroom: newsroom, document: try OpenAPIDocument.load())
    let router = makeReaderRouter(
        site: site, newsroom: newsroom, api: api, metrics: metrics, pageCache: pageCache)
    // Cached pages for readers without cookies are answered on the event loop, before routing.
    let cacheOnEventLoop = pageCache
    let origin = site.origin
    let defaultFontStep = site.defaultFontStep
    let timeouts = configuration.timeouts
    // The deadline handler comes first so it sees the cache's answers too.
    let connectionHandlers: @Sendable () -> [any RemovableChannelHandler] = {
        [ConnectionDeadlineHandler(timeouts: timeouts)]
            + (cacheOnEventLoop.map {
                [PageCacheChannelHandler(cache: $0, origin: origin, defaultFontStep: defaultFontStep, logger: logger)]
            } ?? [])
    }
    return Application(
        router: router,
        server: .http1(configuration: HTTP1Channel.Configuration(additionalChannelHandlers: connectionHandlers())),
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
        services: services,
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            origin.listening(on: port)
            await onServerRunning(port)
        },
        logger: logger)
}

/// Loads the bundled templates and assets into the value every handler shares.
func makeReaderSite(configuration: WebConfiguration, store: any StoryStore) throws(WebSetupError) -> ReaderSite {
    guard let templates = WebResources.templateFolder, let statics = WebResources.staticFolder else {
        throw .missingResources("the Templates and Static folders are not in the DatelineWeb bundle")
    }
    var site = ReaderSite(
        configuration: configuration,
        store: store,
        renderer: try PageRenderer(directory: templates),
        assets: try StaticAssets(directory: statics),
        cookies: ReaderCookies(secure: configuration.usesHTTPS),
        clock: StoryClock(timeZone: configuration.timeZone),
        relatedStories: RelatedStoryFinder(store: store),
        origin: SiteOrigin(configuration: configuration))
    site.media = makeMediaDesk(site: site)
    return site
}

/// The routes, with middleware in the order that matters: logging sees the final status;
/// security headers cover every response; static files and the APIs skip the cookie work; the error page sits
/// inside the session so it renders with the reader's text size and still gets a form token.
func makeReaderRouter(
    site: ReaderSite, newsroom: NewsroomDesk? = nil, api: APIDesk? = nil, metrics: PrometheusCollectorRegistry? = nil,
    pageCache: PageCache? = nil
) -> Router<ReaderRequestContext> {
    let router = Router(context: ReaderRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestLogMiddleware<ReaderRequestContext>())
    // Request counts and latency by route, into whatever metrics backend the process bootstrapped.
    if metrics != nil { router.add(middleware: MetricsMiddleware<ReaderRequestContext>()) }
    if let pageCache {
        let cache = PageCacheMiddleware(cache: pageCache, origin: site.origin, defaultFontStep: site.defaultFontStep)
        router.add(middleware: cache)
    }
    if site.models != nil || pageCache != nil {
        let pages = pageCache
        router.add(
            middleware: ModelCacheWriteMiddleware {
                site.dropModels()
                pages?.invalidate()
            })
    }
    router.add(middleware: SecurityHeadersMiddleware<ReaderRequestContext>())
    if site.configuration.newsroom.trustsForwardedFor { router.add(middleware: ForwardedClientMiddleware()) }
    StaticAssetController(assets: site.assets).addRoutes(to: router)
    OperationsController(
        store: site.store, registry: metrics, pageCache: pageCache, models: site.models, searches: site.searches
    ).addRoutes(
        to: router)
    if let media = site.media { MediaRenditionController(media: media).addRoutes(to: router) }
    let rateLimitCounts = site.configuration.readerRateLimits.requests > 0 ? site.store as? any MailStore : nil
    if let rateLimitCounts {
        router.add(
            middleware: ReaderRateLimitMiddleware(
                limits: site.configuration.readerRateLimits, store: rateLimitCounts, scope: .api))
    }
    if let api { addAPI(api, to: router) }
    router.add(middleware: ReaderSessionMiddleware(defaultFontStep: site.defaultFontStep, cookies: site.cookies))
    router.add(middleware: ErrorPageMiddleware(site: site))
    if let rateLimitCounts {
        router.add(
            middleware: ReaderRateLimitMiddleware(
                limits: site.configuration.readerRateLimits, store: rateLimitCounts, scope: .pages))
    }
    router.add(middleware: QueryFieldsMiddleware())
    HomeController(site: site).addRoutes(to: router)
    SectionController(site: site).addRoutes(to: router)
    TopicController(site: site).addRoutes(to: router)
    AuthorController(site: site).addRoutes(to: router)
    StoryController(site: site).addRoutes(to: router)
    SavedStoriesController(site: site).addRoutes(to: router)
    CorrectionsController(site: site).addRoutes(to: router)
    FontPreferenceController(site: site).addRoutes(to: router)
    SearchController(site: site).addRoutes(to: router)
    EmailStoryController(site: site).addRoutes(to: router)
    NewsletterController(site: site).addRoutes(to: router)
    FeedController(site: site).addRoutes(to: router)
    SitemapController(site: site).addRoutes(to: router)
    RobotsController(site: site).addRoutes(to: router)
    if let newsroom { addNewsroom(newsroom, to: router) }
    return router
}

/// The mail desk for "E-mail to a friend": the queue keeps its outbox in the site's database, so
/// the store must keep mail too (and caught mail, when the catcher is on).
func makeStoryMailDesk(
    _ configuration: StoryMailConfiguration, store: any StoryStore, siteName: String, logger: Logger,
    transport: (any MailTransport)? = nil, now: @escaping @Sendable () -> Date = { Date() },
    newsletterDomainRate: Int? = nil
) throws(WebSetupError) -> StoryMailDesk {
    guard let mailStore = store as? any MailStore else {
        throw .badConfiguration("mail is configured but this database cannot keep a mail outbox")
    }
    var queueLogger = logger
    queueLogger[metadataKey: "component"] = "mail"
    var sender: any MailTransport
    var closeConnections: @Sendable () async -> Void = {}
    switch configuration.delivery {
    case .smtp(let smtp):
        if let transport {
            sender = transport
        } else {
            let client = SMTPClient(configuration: smtp, logger: queueLogger)
            sender = client
            closeConnections = { await client.shutdown() }
        }
    case .catcher(let keep):
        guard let catcher = store as? any MailCatcherStore else {
            throw .badConfiguration("the mail catcher is on but this database cannot keep caught mail")
        }
        sender = transport ?? MailCatcherTransport(store: catcher, keep: keep, now: now)
    }
    if let issues = store as? any NewsletterIssueStore {
        // Newsletter messages are checked just before sending: a list deleted or a reader gone gets nothing.
        sender = NewsletterDeliveryCheck(
            inner: sender, store: issues,
            domainLimit: newsletterDomainRate.map {
                NewsletterDeliveryCheck.DomainLimit(perMinute: $0, counts: mailStore)
            },
            now: now)
    }
    let queue = MailQueue(
        outbox: StoreMailOutbox(store: mailStore), transport: sender, policy: configuration.retry,
        logger: queueLogger, now: now)
    return StoryMailDesk(
        configuration: configuration, store: mailStore, queue: queue,
        composer: StoryMailComposer(siteName: siteName, from: configuration.from), now: now,
        closeConnections: closeConnections)
}

private func validate(_ configuration: WebConfiguration) throws(WebSetupError) {
    guard (0...65_535).contains(configuration.port) else {
        throw .badConfiguration("port \(configuration.port) is not between 0 and 65535")
    }
    guard (FontStep.smallest...FontStep.largest).contains(configuration.defaultFontStep) else {
        throw .badConfiguration(
            "default font step \(configuration.defaultFontStep) is not between \(FontStep.smallest) and \(FontStep.largest)"
        )
    }
    guard (1...100).contains(configuration.storiesPerPage) else {
        throw .badConfiguration("stories per page must be between 1 and 100, not \(configuration.storiesPerPage)")
    }
    guard !configuration.siteName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw .badConfiguration("the site name is empty")
    }
    if let url = configuration.publicBaseURL {
        guard let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw .badConfiguration("the public base URL \(url.absoluteString) must be an http or https address")
        }
    }
}
