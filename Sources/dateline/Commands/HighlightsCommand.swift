import ArgumentParser
import DatelineCore
import DatelineStore
import DatelineText
import Foundation

/// `dateline highlights`: proposes Story Highlights and "All About" topics for one story text, or
/// for every story of a JSON Lines file.
struct HighlightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "highlights",
        abstract: "Propose Story Highlights and \"All About\" topics for story texts.",
        discussion: """
            With FILE (or - for standard input), prints the highlights one per line, then a blank \
            line, then the topics one per line, most salient first.

            With --jsonl IN.jsonl --out OUT.jsonl, reads one JSON object a line, \
            {"id": …, "article": "…"}, and writes {"id": …, "highlights": […], "topics": […], \
            "entities": [{"name": …, "kind": "PER"|"LOC"|"ORG"}, …]} for each in the same order \
            (entities: every person, place and organisation found, most salient first); the id is echoed as given (string or number). A line that is not \
            valid UTF-8 or JSON, or has no id or article, is reported on standard error with its \
            line number and skipped; the run goes on and exits 0. --out - writes to standard output.

            With --signal, reports how often editors kept the suggested highlights and topics \
            when they saved a story, from the database (--database); --out FILE also writes each \
            story's record with its headline and text, one JSON object a line, for \
            bench/highlights/fit.py --signal FILE.
            """
    )

    @Argument(help: ArgumentHelp("A story text file, or - for standard input.", valueName: "file"))
    var file: String?

    @Option(help: ArgumentHelp("Stories to read, one JSON object a line.", valueName: "in.jsonl"))
    var jsonl: String?

    @Option(help: ArgumentHelp("Where --jsonl writes its results (- for standard output).", valueName: "out.jsonl"))
    var out: String?

    @Option(help: "How many highlights to propose (1 to 6).")
    var count = 3

    @Flag(help: "Report how often editors kept the suggestions, from the database (see --database).")
    var signal = false

    @OptionGroup var databaseOptions: DatabaseOptions

    @Flag(help: .hidden)
    var features = false

    @Flag(help: .hidden)
    var entityForms = false

    @Flag(help: .hidden)
    var entityFeatures = false

    func validate() throws {
        if signal {
            guard file == nil, jsonl == nil else {
                throw ValidationError("--signal reads the database; give no FILE or --jsonl with it")
            }
            return
        }
        switch (file, jsonl) {
        case (nil, nil):
            throw ValidationError(
                "name a story text FILE (or - for standard input), or --jsonl IN.jsonl --out OUT.jsonl")
        case (.some, .some):
            throw ValidationError("give either a FILE or --jsonl IN.jsonl, not both")
        case (nil, .some):
            guard out != nil else {
                throw ValidationError("--jsonl needs --out OUT.jsonl (or --out - for standard output)")
            }
        case (.some, nil):
            guard out == nil else {
                throw ValidationError("--out goes with --jsonl; with a FILE the results are printed")
            }
        }
        guard (1...6).contains(count) else { throw ValidationError("--count must be between 1 and 6") }
    }

    func run() async throws {
        if signal {
            try await reportSignal()
            return
        }
        let suggester = StorySuggester(highlighter: HighlightSuggester(count: count))
        if let jsonl, let out {
            try runLines(from: jsonl, to: out, suggester: suggester)
        } else if let file {
            let data = try read(file)
            let suggestions = suggester.suggestions(for: String(decoding: data, as: UTF8.self))
            var text = suggestions.highlights.joined(separator: "\n")
            text += "\n\n" + suggestions.topics.map(\.name).joined(separator: "\n")
            print(text)
        }
    }

    private func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("cannot read \(path): \(error.localizedDescription)")
        }
    }

    private func runLines(from input: String, to output: String, suggester: StorySuggester) throws {
        let data = try read(input)
        let sink: FileHandle
        if output == "-" {
            sink = FileHandle.standardOutput
        } else {
            sink = try OutputFile.openForWriting(output)
        }
        defer { if output != "-" { try? sink.close() } }
        var batch = HighlightBatch(
            suggester: suggester, writesFeatures: features, writesEntityForms: entityForms)
        batch.writesEntityFeatures = entityFeatures
        let summary = batch.run(data, write: { sink.write($0) }, report: report)
        report("\(summary.written) stories written, \(summary.problems.count) lines skipped")
    }

    /// `--signal`: the editors' verdict on the suggestions, counted; with --out, every record.
    private func reportSignal() async throws {
        try await databaseOptions.withStore { store in
            guard let signalStore = store as? any SuggestionSignalStore else {
                throw CommandFailure("this database keeps no editors' signal")
            }
            let signals = try await signalStore.suggestionSignals()
            print(SignalReport.text(SuggestionSignalSummary(signals), database: databaseOptions.shownLocation))
            guard let out else { return }
            var lines = Data()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
            for signal in signals {
                guard let story = try await store.story(id: signal.storyID) else { continue }
                let line = SignalReport.Line(
                    article: story.body.map(MarkdownText.plain).joined(separator: "\n\n"), headline: story.headline,
                    kind: signal.kind.rawValue, storyID: story.id, suggested: signal.suggested, kept: signal.kept,
                    removed: signal.removed, added: signal.added)
                lines += try encoder.encode(line)
                lines.append(UInt8(ascii: "\n"))
            }
            if out == "-" {
                FileHandle.standardOutput.write(lines)
            } else {
                let handle = try OutputFile.openForWriting(out)
                try handle.write(contentsOf: lines)
                try handle.close()
                report("\(signals.count) records written to \(out)")
            }
        }
    }

    private func report(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// What `dateline highlights --signal` prints and writes.
enum SignalReport {
    /// One record of `--signal --out`: the story's text beside what its editor did.
    struct Line: Encodable {
        var article: String
        var headline: String
        var kind: String
        var storyID: Int64
        var suggested: [String]
        var kept: [String]
        var removed: [String]
        var added: [String]

        enum CodingKeys: String, CodingKey {
            case article, headline, kind, suggested, kept, removed, added
            case storyID = "story_id"
        }
    }

    /// The counts as a small table.
    static func text(_ summary: SuggestionSignalSummary, database: String) -> String {
        var lines = ["Editors' signal in \(database)", ""]
        lines.append("| suggestions | stories | all kept | suggested | kept | removed | added | kept % |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for (name, counts) in [("highlights", summary.highlights), ("topics", summary.topics)] {
            let share = counts.keptShare.map { String(format: "%.1f", $0 * 100) } ?? "-"
            lines.append(
                "| \(name) | \(counts.stories) | \(counts.keptAll) | \(counts.suggested) | \(counts.kept) | "
                    + "\(counts.removed) | \(counts.added) | \(share) |")
        }
        return lines.joined(separator: "\n")
    }
}
