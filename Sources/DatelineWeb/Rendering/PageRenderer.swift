import Crypto
import DatelineCore
import DatelineMarkup
import Foundation

/// Renders view models into HTML with the bundled Mustache templates, parsed once at start-up by
/// ``TemplateLibrary``. Templates escape every `{{value}}` for HTML; the only triple braces print
/// story body blocks, which have been through ``HTMLSanitizer`` (see ``MarkdownBody``), so
/// reader-visible text can never become other markup.
struct PageRenderer: Sendable {
    private let library: TemplateLibrary
    /// A digest of the template sources, so ETags change when a new build changes the markup.
    let version: String

    /// Loads and parses every template in `directory`, failing with the file at fault.
    init(directory: URL) throws(WebSetupError) {
        let sources = try Self.load(directory)
        let library: TemplateLibrary
        do {
            library = try TemplateLibrary(sources: sources)
        } catch {
            throw .badTemplate("\(error.template).mustache \(error.syntax)")
        }
        for template in PageTemplate.allCases where !library.hasTemplate(named: template.rawValue) {
            throw .missingResources("no template \(template.rawValue).mustache in \(directory.path)")
        }
        self.library = library
        self.version = try Self.digest(of: directory)
    }

    /// The page for `view` as HTML.
    func render(_ view: some PageView) throws(WebSetupError) -> String {
        String(decoding: try renderUTF8(view), as: UTF8.self)
    }

    /// The page for `view` as UTF-8 bytes, for a response body.
    func renderUTF8(_ view: some PageView) throws(WebSetupError) -> [UInt8] {
        let name = type(of: view).template.rawValue
        guard let html = library.renderUTF8(view, withTemplate: name) else {
            throw .missingResources("no template \(name).mustache")
        }
        return html
    }

    /// Every template's source by name, for the page renderer and the newsroom's.
    static func load(_ directory: URL) throws(WebSetupError) -> [String: String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw WebSetupError.missingResources("cannot list \(directory.path): \(error.localizedDescription)")
        }
        var sources: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let url = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw .missingResources("cannot read template \(url.path)")
            }
            sources[String(name.dropLast(".mustache".count))] = text
        }
        return sources
    }

    private static func digest(of directory: URL) throws(WebSetupError) -> String {
        var hasher = SHA256()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        // Subfolders (the newsroom's templates) have their own renderer.
        for name in names.sorted() where name.hasSuffix(".mustache") {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
                throw .missingResources("cannot read template \(name)")
            }
            hasher.update(data: Array(name.utf8))
            hasher.update(data: data)
        }
        return hasher.finalize().prefix(8).lowercaseHex
    }
}
