import ArgumentParser

/// The `dateline` command: serve the site, import pages, and the newsroom's tools.
@main
struct DatelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dateline",
        abstract: "A news publishing system: a newsroom, an ingest pipeline and a fast reader site.",
        discussion: """
            Every command that opens the database takes --database (or DATELINE_DATABASE); \
            the default is a SQLite file, dateline.sqlite, in the working directory.
            """,
        subcommands: [
            ServeCommand.self, ImportCommand.self, ExportCommand.self, BackupCommand.self, RestoreCommand.self,
            HighlightsCommand.self, ExtractCommand.self,
            UsersCommand.self, TrashCommand.self, MediaCommand.self, NewslettersCommand.self, MailCommand.self,
            WireCommand.self, SourcesCommand.self,
        ]
    )
}
