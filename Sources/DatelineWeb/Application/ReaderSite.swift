import DatelineCore
import DatelineStore
import Hummingbird
import Logging

/// What every reader page handler shares: configuration, the story store, the templates and
/// assets, and how cookies and times are written. Built once at start-up; a plain value.
struct ReaderSite: Sendable {
    let configuration: WebConfiguration
    let store: any StoryStore
    let renderer: PageRenderer
    let assets: StaticAssets
    let cookies: ReaderCookies
    let clock: StoryClock
    /// The similarity index behind "Don't Miss", shared by every request of this instance.
    let relatedStories: RelatedStoryFinder
    /// Where absolute links point; shared by every copy of the site value.
    let origin: SiteOrigin
    /// "E-mail to a friend", when a mail server is configured; nil hides the tool.
    var mail: StoryMailDesk? = nil
    /// The media library (rendition addresses, uploads), when the store keeps media.
    var media: MediaDesk? = nil
    /// The models behind reader pages, when ``WebConfiguration/cachesModels`` is on.
    var models: ReaderModelCache? = nil
    /// Search pages' results, kept apart from ``models`` with a smaller bound, so that readers
    /// typing new words cannot push story and front-page models out.
    var searches: ReaderModelCache? = nil
    /// The words behind "Did you mean …?" and the search box's suggestions, per instance.
    let vocabulary = SearchVocabularyCache()

    /// Identifies this build's markup and assets, so ETags from an older build never match.
    var version: String { renderer.version + assets.version }

    /// The configured default text size.
    var defaultFontStep: FontStep { FontStep(configuration.defaultFontStep) }

    /// An absolute URL for a site path, for canonical links and the print view.
    func absoluteURL(_ path: String) -> String { origin.canonical + path }

    /// Drops the reader models and kept searches (after a change, here or in another instance).
    func dropModels() {
        models?.invalidate()
        searches?.invalidate()
    }

    /// The site's sections, from the model cache when it is on.
    func sections() async throws -> [Section] {
        guard let models else { return try await store.sections() }
        return try await models.value("sections") { try await store.sections() }
    }

    /// Renders `view` into an HTML response.
    func respond(with view: some PageView, status: HTTPResponse.Status = .ok, tag: EntityTag? = nil) throws -> Response
    {
        .page(utf8: try renderer.renderUTF8(view), status: status, tag: tag)
    }

    /// A fresh ETag builder for a page of this build; the footer's newsletter form is part of
    /// every page, so whether it shows is part of every tag.
    func tagBuilder(page: String, session: ReaderSession) async -> EntityTag.Builder {
        var builder = EntityTag.Builder(page: page, siteVersion: version)
        builder.add(session)
        if await offersNewsletters() { builder.add("newsletters") }
        return builder
    }

    /// True when pages offer the newsletter form: mail can be sent and at least one list exists.
    /// A store that cannot answer hides the form rather than failing the page.
    func offersNewsletters() async -> Bool {
        guard mail != nil, let store = store as? any NewsletterStore else { return false }
        return (try? await store.hasNewsletters()) ?? false
    }
}
