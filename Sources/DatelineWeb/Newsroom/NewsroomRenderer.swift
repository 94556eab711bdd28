import DatelineMarkup
import Foundation

/// Renders newsroom pages from the Mustache files in `Templates/newsroom/`. As on the reader
/// site, every `{{value}}` is HTML-escaped; the only triple-brace output is the preview's body,
/// which has been through ``HTMLSanitizer``.
struct NewsroomRenderer: Sendable {
    private let library: TemplateLibrary

    /// Loads every newsroom template, failing with the file at fault.
    init(directory: URL) throws(WebSetupError) {
        let sources = try PageRenderer.load(directory)
        do {
            library = try TemplateLibrary(sources: sources)
        } catch {
            throw .badTemplate("newsroom/\(error.template).mustache \(error.syntax)")
        }
        for template in NewsroomTemplate.allCases where !library.hasTemplate(named: template.rawValue) {
            throw .missingResources("no template newsroom/\(template.rawValue).mustache")
        }
    }

    /// The page for `view` as HTML.
    func render(_ view: some NewsroomView) throws(WebSetupError) -> String {
        String(decoding: try renderUTF8(view), as: UTF8.self)
    }

    /// The page for `view` as UTF-8 bytes, for a response body.
    func renderUTF8(_ view: some NewsroomView) throws(WebSetupError) -> [UInt8] {
        let name = type(of: view).template.rawValue
        guard let html = library.renderUTF8(view, withTemplate: name) else {
            throw .missingResources("no template newsroom/\(name).mustache")
        }
        return html
    }
}

/// The newsroom's page templates, by file name in `Templates/newsroom/`.
enum NewsroomTemplate: String, CaseIterable, Sendable {
    case login
    case setup
    case stories
    case editor
    case revisions
    case compare
    case users
    case tokens
    case message
    case dashboard
    case upload
    case confirmDelete = "confirm-delete"
    case trash
    case sections
    case topics
    case authors
    case newsletters
    case newsletterIssues = "newsletter-issues"
    case accountMessage = "account-message"
    case passwordForm = "password-form"
    case forgotPassword = "forgot-password"
    case twoFactorCode = "two-factor-code"
    case twoFactorSettings = "two-factor-settings"
    case media
    case mediaItem = "media-item"
    case mediaDelete = "media-delete"
    case wire
    case wireItem = "wire-item"
    case sources
    case mail
    case mailMessage = "mail-message"
}

/// A view model that renders into one newsroom template.
protocol NewsroomView: Sendable {
    /// The template this view fills.
    static var template: NewsroomTemplate { get }
}
