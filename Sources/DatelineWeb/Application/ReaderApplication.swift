import DatelineStore
import Foundation
import Hummingbird
import Logging
import NIOCore

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
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try validate(configuration)
    let site = try makeReaderSite(configuration: configuration, store: store)
    let newsroom = try makeNewsroomDesk(site: site)
    let api = APIDesk(site: site, newsroom: newsroom, document: try OpenAPIDocument.load())
    let router = makeReaderRouter(site: site, newsroom: newsroom, api: api)
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
        onServerRunning: { channel in
            await onServerRunning(channel.localAddress?.port ?? configuration.port)
        },
        logger: logger)
}

/// Loads the bundled templates and assets into the value every handler shares.
func makeReaderSite(configuration: WebConfiguration, store: any StoryStore) throws(WebSetupError) -> ReaderSite {
    guard let templates = WebResources.templateFolder, let statics = WebResources.staticFolder else {
        throw .missingResources("the Templates and Static folders are not in the DatelineWeb bundle")
    }
    return ReaderSite(
        configuration: configuration,
        store: store,
        renderer: try PageRenderer(directory: templates),
        assets: try StaticAssets(directory: statics),
        cookies: ReaderCookies(secure: configuration.usesHTTPS),
        clock: StoryClock(timeZone: configuration.timeZone),
        relatedStories: RelatedStoryFinder(store: store))
}

/// The routes, with middleware in the order that matters: logging sees the final status;
/// security headers cover every response; static files and the APIs skip the cookie work; the error page sits
/// inside the session so it renders with the reader's text size and still gets a form token.
func makeReaderRouter(site: ReaderSite, newsroom: NewsroomDesk? = nil, api: APIDesk? = nil) -> Router<
    ReaderRequestContext
> {
    let router = Router(context: ReaderRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestLogMiddleware<ReaderRequestContext>())
    router.add(middleware: SecurityHeadersMiddleware<ReaderRequestContext>())
    StaticAssetController(assets: site.assets).addRoutes(to: router)
    if let api { addAPI(api, to: router) }
    router.add(middleware: ReaderSessionMiddleware(defaultFontStep: site.defaultFontStep, cookies: site.cookies))
    router.add(middleware: ErrorPageMiddleware(site: site))
    router.add(middleware: QueryFieldsMiddleware())
    HomeController(site: site).addRoutes(to: router)
    SectionController(site: site).addRoutes(to: router)
    TopicController(site: site).addRoutes(to: router)
    StoryController(site: site).addRoutes(to: router)
    SavedStoriesController(site: site).addRoutes(to: router)
    FontPreferenceController(site: site).addRoutes(to: router)
    SearchController(site: site).addRoutes(to: router)
    FeedController(site: site).addRoutes(to: router)
    SitemapController(site: site).addRoutes(to: router)
    RobotsController(site: site).addRoutes(to: router)
    if let newsroom { addNewsroom(newsroom, to: router) }
    return router
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
