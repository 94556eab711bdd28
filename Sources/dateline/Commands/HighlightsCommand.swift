import ArgumentParser
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

    @Flag(help: .hidden)
    var features = false

    @Flag(help: .hidden)
    var entityForms = false

    @Flag(help: .hidden)
    var entityFeatures = false

    func validate() throws {
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
            guard FileManager.default.createFile(atPath: output, contents: nil),
                let handle = FileHandle(forWritingAtPath: output)
            else {
                throw CommandFailure("cannot create \(output): check that its folder exists and is writable")
            }
            sink = handle
        }
        defer { if output != "-" { try? sink.close() } }
        var batch = HighlightBatch(
            suggester: suggester, writesFeatures: features, writesEntityForms: entityForms)
        batch.writesEntityFeatures = entityFeatures
        let summary = batch.run(data, write: { sink.write($0) }, report: report)
        report("\(summary.written) stories written, \(summary.problems.count) lines skipped")
    }

    private func report(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
