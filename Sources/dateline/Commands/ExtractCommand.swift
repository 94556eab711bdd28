import ArgumentParser
import DatelineCore
import DatelineIngest
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `dateline extract`: reads HTML pages and prints what Dateline finds in them, without storing
/// anything — one page as a JSON object, or a benchmark set as `{id: {"articleBody": …}}`.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print the story Dateline reads from an HTML page (or a folder of them) as JSON.",
        discussion: """
            With FILE (.html, .htm or .html.gz), prints one JSON object: headline, byline, published, \
            section, dateline, highlights, topics, body (paragraphs separated by a blank line), \
            canonicalURL and language; fields the page does not give are null.

            With --set DIR --out PRED.json, reads every DIR/html/*.html.gz and writes \
            {"<id>": {"articleBody": "<text>"}} with the file name before .html.gz as id. The article \
            text there keeps the dateline in front of the first paragraph, as the page printed it. A \
            page that cannot be read gets an empty body and a message on standard error; the run goes \
            on. The time spent extracting (wall clock and CPU; reading and inflating the files and \
            starting the process excluded) is printed on standard error at the end.
            """
    )

    @Argument(help: "An HTML page to read (.html, .htm or .html.gz).")
    var file: String?

    @Option(help: ArgumentHelp("A benchmark set: a folder with an html/ folder of *.html.gz pages.", valueName: "dir"))
    var set: String?

    @Option(help: ArgumentHelp("Where --set writes its predictions (JSON).", valueName: "pred.json"))
    var out: String?

    func validate() throws {
        switch (file, set) {
        case (nil, nil):
            throw ValidationError("name an HTML file, or a benchmark folder with --set DIR --out PRED.json")
        case (.some, .some):
            throw ValidationError("give either a FILE or --set DIR, not both")
        case (nil, .some):
            guard out != nil else {
                throw ValidationError("--set needs --out PRED.json: where to write the predictions")
            }
        case (.some, nil):
            guard out == nil else {
                throw ValidationError("--out goes with --set; a single page prints to standard output")
            }
        }
    }

    func run() async throws {
        if let file {
            try printArticle(from: file)
        } else if let set, let out {
            try extractSet(set, to: out)
        }
    }

    private func printArticle(from path: String) throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("cannot read \(path): \(error.localizedDescription)")
        }
        let article: ExtractedArticle
        do {
            article = try HTMLPageReader().extract(RawPage(bytes: bytes, location: path))
        } catch {
            throw CommandFailure(error.description)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(ExtractedArticleJSON(article))
        FileHandle.standardOutput.write(json + Data("\n".utf8))
    }

    private func extractSet(_ folder: String, to output: String) throws {
        let pagesFolder = URL(fileURLWithPath: folder).appendingPathComponent("html")
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: pagesFolder.path)
                .filter { $0.hasSuffix(".html.gz") }.sorted()
        } catch {
            throw CommandFailure(
                "cannot list \(pagesFolder.path): \(error.localizedDescription); --set expects DIR/html/*.html.gz")
        }
        let reader = HTMLPageReader()
        var predictions: [String: [String: String]] = [:]
        var failures = 0
        var timer = ExtractionTimer()
        // One untimed reading first: one-time setup (the word and name tables built on first use)
        // is left out of the figure, as process start and the peers' imports are in bench/.
        if let first = names.first {
            let url = pagesFolder.appendingPathComponent(first)
            if let bytes = try? Data(contentsOf: url),
                let page = try? reader.inflated(RawPage(bytes: bytes, location: url.path))
            {
                _ = try? reader.extractText(page)
            }
        }
        for name in names {
            let id = String(name.dropLast(".html.gz".count))
            let url = pagesFolder.appendingPathComponent(name)
            var body = ""
            do {
                // Reading and inflating stay outside the clock, as they do for the peers in bench/.
                let page = try reader.inflated(RawPage(bytes: try Data(contentsOf: url), location: url.path))
                body = try timer.measure { () throws(IngestError) -> String in try reader.extractText(page) }
            } catch let error as IngestError {
                failures += 1
                FileHandle.standardError.write(Data("\(id): \(error.description)\n".utf8))
            } catch {
                failures += 1
                FileHandle.standardError.write(
                    Data("\(id): cannot read \(url.path): \(error.localizedDescription)\n".utf8))
            }
            predictions[id] = ["articleBody": body]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(predictions).write(to: URL(fileURLWithPath: output))
        } catch {
            throw CommandFailure("cannot write \(output): \(error.localizedDescription)")
        }
        let rate = timer.cpuSeconds > 0 ? Double(names.count) / timer.cpuSeconds : 0
        FileHandle.standardError.write(
            Data(
                ("extracted \(names.count) pages (\(failures) failed): "
                    + "\(String(format: "%.4f", timer.wallSeconds)) s wall, \(String(format: "%.4f", timer.cpuSeconds)) s CPU, "
                    + "\(String(format: "%.1f", rate)) pages per CPU-second\n").utf8))
    }
}

/// Wall-clock and CPU time spent inside the measured calls, summed.
private struct ExtractionTimer {
    var wallSeconds = 0.0
    var cpuSeconds = 0.0

    mutating func measure<T>(_ body: () throws(IngestError) -> T) throws(IngestError) -> T {
        let wallStart = ContinuousClock.now
        let cpuStart = Self.processCPUSeconds()
        defer {
            let elapsed = ContinuousClock.now - wallStart
            wallSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            cpuSeconds += Self.processCPUSeconds() - cpuStart
        }
        return try body()
    }

    /// CPU time used by this process so far; it does not count time other programs hold the core.
    static func processCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// The JSON `dateline extract FILE` prints: exactly these keys, absent facts as null.
private struct ExtractedArticleJSON: Encodable {
    var article: ExtractedArticle

    init(_ article: ExtractedArticle) { self.article = article }

    enum CodingKeys: String, CodingKey {
        case headline, byline, published, section, dateline, highlights, topics, body, canonicalURL, language
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(article.headline, forKey: .headline)
        try container.encode(article.byline, forKey: .byline)
        try container.encode(article.published?.ISO8601Format(), forKey: .published)
        try container.encode(article.section, forKey: .section)
        try container.encode(article.dateline.isEmpty ? nil : article.dateline.printed, forKey: .dateline)
        try container.encode(article.highlights, forKey: .highlights)
        try container.encode(article.topics, forKey: .topics)
        try container.encode(article.body.joined(separator: "\n\n"), forKey: .body)
        try container.encode(article.canonicalURL, forKey: .canonicalURL)
        try container.encode(article.language, forKey: .language)
    }
}
