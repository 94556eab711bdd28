import Crypto
import DatelineMarkup
import Foundation
import Mustache

/// Renders view models into HTML with the bundled Mustache templates. Templates escape every
/// `{{value}}` for HTML; the only triple braces print story body blocks, which have been through
/// ``HTMLSanitizer`` (see ``MarkdownBody``), so reader-visible text can never become other markup.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    /// A digest of the template sources, so ETags change when a new build changes the markup.
    let version: String

    /// Loads and parses every template in `directory`, failing with the file at fault.
    init(directory: URL) throws(WebSetupError) {
        let library: MustacheLibrary
        do {
            library = try MustacheLibrary(templates: Self.load(directory))
        } catch let error as WebSetupError {
            throw error
        } catch {
            throw .badTemplate("\(error)")
        }
        for template in PageTemplate.allCases where library.getTemplate(named: template.rawValue) == nil {
            throw .missingResources("no template \(template.rawValue).mustache in \(directory.path)")
        }
        self.library = library
        self.version = try Self.digest(of: directory)
    }

    /// The page for `view` as HTML.
    func render(_ view: some PageView) throws(WebSetupError) -> String {
        let name = type(of: view).template.rawValue
        guard let html = library.render(view, withTemplate: name) else {
            throw .missingResources("no template \(name).mustache")
        }
        return html
    }

    private static func load(_ directory: URL) throws -> [String: MustacheTemplate] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw WebSetupError.missingResources("cannot list \(directory.path): \(error.localizedDescription)")
        }
        var templates: [String: MustacheTemplate] = [:]
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let url = directory.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            do {
                templates[String(name.dropLast(".mustache".count))] = try HTMLEscaping.template(text)
            } catch let error as MustacheTemplate.ParserError {
                throw WebSetupError.badTemplate(
                    "\(name) line \(error.context.lineNumber), column \(error.context.columnNumber): \(error.error)")
            }
        }
        return templates
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
        return hasher.finalize().prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
