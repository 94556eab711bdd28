import ArgumentParser
import DatelineCore
import DatelineStore
import Foundation

extension NewslettersCommand {
    /// `dateline newsletters import SLUG FILE.csv`: adds people who consented elsewhere as
    /// confirmed subscribers; suppressed addresses are counted and never added.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the people in a CSV file to a newsletter as confirmed subscribers.",
            discussion: """
                By importing you state that everyone in the file agreed to get this newsletter \
                (they are not sent a confirmation). The file needs a header row: `email` is \
                required, `subscribed_at` (such as 2026-03-01T09:30:00Z or 2026-03-01) is \
                optional, `status` is optional (lines marked unsubscribed or pending, as an \
                export writes people who left or never confirmed, are skipped); any other \
                column refuses the file. Addresses on \
                the suppression list (unsubscribed, bounced, complained) are never added. Broken \
                lines are listed on standard error with their line number and skipped. At most \
                20 MB and 200,000 lines; each batch of 1,000 is stored in one transaction. \
                Prints one summary line, such as \
                "1200 added, 3 already subscribed, 2 suppressed (not added), 4 refused".
                """)

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "The newsletter's address (its slug, as `dateline newsletters list` shows).")
        var slug: String

        @Argument(help: "The CSV file.")
        var file: String

        func run() async throws {
            let url = URL(fileURLWithPath: file)
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            let size = attributes?[.size] as? Int
            guard let size else { throw CommandFailure("cannot read \(file): no such file") }
            guard size <= NewsletterCSV.maximumBytes else {
                throw CommandFailure(
                    "\(file) is \(size / (1024 * 1024)) MB; the limit is \(NewsletterCSV.maximumBytes / (1024 * 1024)) MB: split it and import the parts (nothing was imported)"
                )
            }
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: url))
            } catch {
                throw CommandFailure("cannot read \(file): \(error.localizedDescription)")
            }
            let now = Date()
            let csv: NewsletterCSV
            do {
                csv = try NewsletterCSV(bytes, now: now)
            } catch {
                throw CommandFailure("\(file): \(error.message) (nothing was imported)")
            }
            let list = try NewslettersCommand.list(slug)
            let summary = try await databaseOptions.withStore { store in
                guard let letters = store as? any NewsletterStore else {
                    throw CommandFailure("this database cannot keep newsletters")
                }
                guard let found = try await letters.newsletter(slug: list) else {
                    throw CommandFailure("there is no newsletter “\(list.rawValue)”; see `dateline newsletters list`")
                }
                return try await csv.run(into: letters, newsletterID: found.id, now: now)
            }
            for problem in summary.refused {
                FileHandle.standardError.write(Data("\(file):\(problem.line): \(problem.reason)\n".utf8))
            }
            print(summary.line)
        }
    }

    /// `dateline newsletters export SLUG`: the list's people as CSV on standard output.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a newsletter's subscribers as CSV (email, status, subscribed_at) to standard output.",
            discussion: """
                Lists confirmed, paused and pending people; `dateline newsletters import` reads \
                the file back (it ignores the status column).
                """)

        @OptionGroup var databaseOptions: DatabaseOptions

        @Argument(help: "The newsletter's address (its slug, as `dateline newsletters list` shows).")
        var slug: String

        func run() async throws {
            let list = try NewslettersCommand.list(slug)
            try await databaseOptions.withStore { store in
                guard let letters = store as? any NewsletterStore else {
                    throw CommandFailure("this database cannot keep newsletters")
                }
                guard let found = try await letters.newsletter(slug: list) else {
                    throw CommandFailure("there is no newsletter “\(list.rawValue)”; see `dateline newsletters list`")
                }
                let output = FileHandle.standardOutput
                output.write(Data(NewsletterCSV.exportHeader.utf8))
                var offset = 0
                while true {
                    let page = try await letters.members(ofNewsletter: found.id, limit: 1000, offset: offset)
                    output.write(Data(page.map(NewsletterCSV.exportLine).joined().utf8))
                    guard page.count == 1000 else { break }
                    offset += 1000
                }
            }
        }
    }

    /// A newsletter address as typed.
    static func list(_ text: String) throws -> Slug {
        guard let slug = Slug(validating: text.lowercased()) else {
            throw CommandFailure("“\(text)” is not a newsletter address; see `dateline newsletters list`")
        }
        return slug
    }
}
