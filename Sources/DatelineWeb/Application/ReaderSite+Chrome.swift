import DatelineCore
import DatelineStore
import Hummingbird

extension ReaderSite {
    /// The furniture around a page's content.
    ///
    /// - Parameters:
    ///   - title: The page's own title, or nil for the front page (just the site name).
    ///   - canonicalPath: The page's canonical path (no tracking parameters).
    ///   - sections: Every section, for the masthead navigation.
    ///   - currentPath: The navigation entry to mark as the current page.
    func chrome(
        title: String?, description: String? = nil, canonicalPath: String, sections: [Section], currentPath: String?,
        request: Request, session: ReaderSession
    ) async -> PageChrome {
        chrome(
            title: title, description: description, canonicalPath: canonicalPath, sections: sections,
            currentPath: currentPath, request: request, session: session,
            offersNewsletters: await offersNewsletters())
    }

    /// The furniture without asking the store whether newsletters exist, for error pages (the
    /// store may be what failed).
    func chrome(
        title: String?, description: String? = nil, canonicalPath: String, sections: [Section], currentPath: String?,
        request: Request, session: ReaderSession, offersNewsletters: Bool
    ) -> PageChrome {
        var navigation = [LinkView(text: "Home", url: SitePaths.home, isCurrent: currentPath == SitePaths.home)]
        navigation += sections.map { section in
            let url = SitePaths.section(section.slug)
            return LinkView(text: section.name, url: url, isCurrent: currentPath == url)
        }
        let here = ReturnPath(validating: request.uri.string) ?? ReturnPath(validating: canonicalPath) ?? .home
        var chrome = PageChrome(
            siteName: configuration.siteName,
            pageTitle: title.map { "\($0) - \(configuration.siteName)" } ?? configuration.siteName,
            description: description,
            canonicalURL: absoluteURL(canonicalPath),
            fontClass: session.fontStep.className,
            fontStep: session.fontStep.value,
            stylesheetURL: assets.url(for: "site.css"),
            printStylesheetURL: assets.url(for: "print.css"),
            scriptURL: assets.url(for: "reader.js"),
            iconURL: assets.url(for: "icons/favicon.svg"),
            sections: navigation,
            csrfToken: session.isAnonymous ? "" : session.csrfToken.value,
            returnPath: here.path,
            savedCount: session.saved.slugs.count,
            hasSaved: !session.saved.slugs.isEmpty,
            isSavedPage: currentPath == SitePaths.saved)
        chrome.feeds = FeedLinkView.links(basePath: SitePaths.feeds, title: configuration.siteName)
        chrome.offersNewsletters = offersNewsletters
        return chrome
    }
}
