import DatelineMarkup

/// What every page around the content needs: title, masthead, section navigation, asset URLs,
/// the reader's text size and the form token. Templates reach it as `chrome`.
struct PageChrome: Sendable {
    /// The masthead name.
    let siteName: String
    /// The `<title>`: "Headline - Dateline".
    let pageTitle: String
    /// A short description for `<meta name="description">`; nil leaves it out.
    let description: String?
    /// The page's absolute canonical URL (a republished wire original's, for a verbatim copy).
    var canonicalURL: String
    /// The class on `<html>` setting the reader's text size.
    let fontClass: String
    /// The reader's text-size step, for the script's starting point.
    let fontStep: Int
    /// Versioned stylesheet URLs and the script URL.
    let stylesheetURL: String
    let printStylesheetURL: String
    let scriptURL: String
    let iconURL: String
    /// Masthead navigation: Home and every section.
    let sections: [LinkView]
    /// The token every form on the page posts back.
    let csrfToken: String
    /// The path forms return the reader to (this page, query included).
    let returnPath: String
    /// How many stories the reader has saved, for the masthead link.
    let savedCount: Int
    /// True when `savedCount` is above zero.
    let hasSaved: Bool
    /// True when the "Saved stories" masthead link is the current page.
    let isSavedPage: Bool
    /// Feeds offered through `<link rel="alternate">`: the site's, then the page's own.
    var feeds: [FeedLinkView] = []
    /// `<meta name="robots">` content ("noindex, follow" on search results); nil leaves it out.
    var robots: String? = nil
    /// Open Graph and Twitter card tags, on story pages.
    var social: SocialMetaView? = nil
    /// schema.org JSON-LD, on story pages; printed unescaped, which ``ScriptSafeJSON`` makes safe.
    var linkedData: String? = nil
    /// The text in the masthead search box (the current search on the results page).
    var searchText: String = ""
    /// True when readers can subscribe to newsletters here (mail is configured and at least one
    /// list exists), which shows the footer's sign-up form.
    var offersNewsletters = false
}

/// Answers template lookups without Mirror, which is slow; TemplateLookupTests keeps these names in step.
extension PageChrome: TemplateObject {
    func child(named key: String) -> TemplateValue {
        switch key {
        case "siteName": return siteName.templateValue
        case "pageTitle": return pageTitle.templateValue
        case "description": return description.templateValue
        case "canonicalURL": return canonicalURL.templateValue
        case "fontClass": return fontClass.templateValue
        case "fontStep": return fontStep.templateValue
        case "stylesheetURL": return stylesheetURL.templateValue
        case "printStylesheetURL": return printStylesheetURL.templateValue
        case "scriptURL": return scriptURL.templateValue
        case "iconURL": return iconURL.templateValue
        case "sections": return sections.templateValue
        case "csrfToken": return csrfToken.templateValue
        case "returnPath": return returnPath.templateValue
        case "savedCount": return savedCount.templateValue
        case "hasSaved": return hasSaved.templateValue
        case "isSavedPage": return isSavedPage.templateValue
        case "feeds": return feeds.templateValue
        case "robots": return robots.templateValue
        case "social": return social.templateValue
        case "linkedData": return linkedData.templateValue
        case "searchText": return searchText.templateValue
        case "offersNewsletters": return offersNewsletters.templateValue
        default: return .missing
        }
    }
}
