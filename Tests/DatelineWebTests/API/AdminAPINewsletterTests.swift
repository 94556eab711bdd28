import DatelineCore
import DatelineStore
import Foundation
import HTTPTypes
import Testing

@testable import DatelineWeb

/// The admin API's newsletters (issue 18 item 1): lists, people, CSV import and export, and the
/// suppression list, for editors and admins only.
@Suite("Admin API newsletters")
struct AdminAPINewsletterTests {
    private static let listJSON = #"""
        {"name": "Morning Briefing", "description": "Before breakfast.", "source": "front", "send_time": "7:30",
         "time_zone": "Europe/London", "from_name": "The Desk", "from_address": "Desk@News.example.test"}
        """#

    @Test("editors create, read, change and delete lists under the newsroom form's rules")
    func lists() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.token(for: try await newsroom.account(.editor))
        let writer = try await newsroom.token(for: try await newsroom.account(.writer))
        try await newsroom.withBrowser { browser in
            #expect(try await browser.api(.get, "/api/v1/admin/newsletters").status == .unauthorized)
            let forbidden = try await browser.api(
                .post, "/api/v1/admin/newsletters", token: writer, json: Self.listJSON)
            #expect(try forbidden.status == .forbidden && forbidden.errorCode() == "forbidden")
            #expect(try await browser.api(.get, "/api/v1/admin/newsletters", token: writer).status == .forbidden)

            let created = try await browser.api(.post, "/api/v1/admin/newsletters", token: editor, json: Self.listJSON)
            #expect(created.status == .created)
            let list = try created.json()
            let id = try #require(list["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/admin/newsletters/\(id)")
            #expect(list["slug"] as? String == "morning-briefing" && list["send_time"] as? String == "07:30")
            #expect(list["from_address"] as? String == "desk@news.example.test")
            #expect(list["source_slug"] is NSNull && list["subscriber_count"] as? Int == 0)

            // The store's rules, named by the API's field names.
            let taken = try await browser.api(.post, "/api/v1/admin/newsletters", token: editor, json: Self.listJSON)
            #expect(try taken.status == .unprocessableContent && taken.errorFields()["slug"] != nil)
            for (field, value) in [
                ("send_time", "25:00"), ("time_zone", "Mars/Olympus"),
                ("from_address", "x@example.com\r\nBcc: all@example.com"), ("from_name", "A\"\r\nBcc: x"),
            ] {
                var object = try #require(
                    try JSONSerialization.jsonObject(with: Data(Self.listJSON.utf8)) as? [String: Any])
                object["name"] = "Other"
                object[field] = value
                let body = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
                let refused = try await browser.api(.post, "/api/v1/admin/newsletters", token: editor, json: body)
                #expect(refused.status == .unprocessableContent, "\(field)")
                #expect(try refused.errorFields()[field] != nil, "\(field): \(refused.html)")
            }
            let hostile = try await browser.api(
                .post, "/api/v1/admin/newsletters", token: editor,
                json:
                    #"{"name": "<script>x</script>", "source": "topic", "source_slug": "no-such-topic", "from_name": "D", "from_address": "d@example.com"}"#
            )
            #expect(try hostile.status == .unprocessableContent && hostile.errorFields()["source"] != nil)
            let wrongTypes = try await browser.api(
                .post, "/api/v1/admin/newsletters", token: editor,
                json: #"{"name": 3, "source": "weekly", "from_name": null, "extra": 1}"#)
            #expect(
                try wrongTypes.errorFields() == [
                    "name": "must be a string", "source": "one of front, section, topic, breaking",
                    "from_name": "required", "from_address": "required", "extra": "unknown field",
                ])
            let malformed = try await browser.api(.post, "/api/v1/admin/newsletters", token: editor, json: "{\"name\":")
            #expect(try malformed.status == .badRequest && malformed.errorCode() == "malformed_json")

            let renamed = try await browser.api(
                .put, "/api/v1/admin/newsletters/\(id)", token: editor,
                json: Self.listJSON.replacingOccurrences(of: "\"front\"", with: "\"breaking\""))
            #expect(try renamed.status == .ok && renamed.json()["send_time"] is NSNull)
            #expect(
                try await browser.api(.put, "/api/v1/admin/newsletters/999", token: editor, json: Self.listJSON).status
                    == .notFound)
            let shown = try await browser.api(.get, "/api/v1/admin/newsletters/\(id)", token: editor)
            #expect(try shown.json()["source"] as? String == "breaking")
            let all = try await browser.api(.get, "/api/v1/admin/newsletters", token: editor)
            #expect((try all.json()["newsletters"] as? [Any])?.count == 1)
            #expect(
                try await browser.api(.delete, "/api/v1/admin/newsletters/\(id)", token: editor).status == .noContent)
            #expect(
                try await browser.api(.delete, "/api/v1/admin/newsletters/\(id)", token: editor).status == .notFound)
            #expect(try await browser.api(.get, "/api/v1/admin/newsletters/abc", token: editor).status == .notFound)
        }
    }

    @Test("people: JSON and CSV import, suppression respected on re-import, paging, export, removal")
    func people() async throws {
        let newsroom = try NewsroomTestSite()
        let editor = try await newsroom.token(for: try await newsroom.account(.editor))
        let writer = try await newsroom.token(for: try await newsroom.account(.writer))
        try await newsroom.withBrowser { browser in
            let created = try await browser.api(.post, "/api/v1/admin/newsletters", token: editor, json: Self.listJSON)
            let id = try #require(try created.json()["id"] as? Int)
            let base = "/api/v1/admin/newsletters/\(id)"

            // The suppression list: added once (201), again keeps the first reason (200).
            let suppressed = try await browser.api(
                .post, "/api/v1/admin/newsletter-suppressions", token: editor,
                json: #"{"email": "Gone@Example.com", "reason": "bounced"}"#)
            #expect(try suppressed.status == .created && suppressed.json()["email"] as? String == "gone@example.com")
            let again = try await browser.api(
                .post, "/api/v1/admin/newsletter-suppressions", token: editor,
                json: #"{"email": "gone@example.com", "reason": "complained"}"#)
            #expect(try again.status == .ok && again.json()["reason"] as? String == "bounced")
            let badSuppression = try await browser.api(
                .post, "/api/v1/admin/newsletter-suppressions", token: editor,
                json: #"{"email": "x@example.com\r\nBcc: y@example.com", "reason": "bored"}"#)
            #expect(try badSuppression.errorFields().keys.sorted() == ["email", "reason"])
            let listed = try await browser.api(.get, "/api/v1/admin/newsletter-suppressions", token: editor)
            #expect((try listed.json()["suppressions"] as? [[String: Any]])?.first?["reason"] as? String == "bounced")

            // JSON import: consented people are confirmed; the suppressed address is counted, not added.
            let added = try await browser.api(
                .post, base + "/subscribers", token: editor,
                json: #"""
                    {"subscribers": [{"email": "ann@example.com", "subscribed_at": "2026-01-02T03:04:05Z"},
                     {"email": "ANN@example.com"}, {"email": "gone@example.com"}, {"email": "раураl@example.com"},
                     {"email": "bob@example.com", "subscribed_at": "soon"}]}
                    """#)
            #expect(added.status == .ok)
            let summary = try added.json()
            #expect(
                summary["summary"] as? String == "1 added, 1 already subscribed, 1 suppressed (not added), 2 refused")
            #expect((summary["refused"] as? [[String: Any]])?.compactMap { $0["line"] as? Int } == [4, 5])
            // A malformed entry refuses the whole request, naming the entry; nothing is added.
            let misshapen = try await browser.api(
                .post, base + "/subscribers", token: editor,
                json:
                    #"{"subscribers": [{"email": "new@example.com"}, {"email": 5}, {"email": "x@example.com", "name": "X"}]}"#
            )
            #expect(misshapen.status == .unprocessableContent)
            #expect(try misshapen.errorFields().keys.sorted() == ["subscribers[1].email", "subscribers[2].name"])
            #expect(
                try await browser.api(
                    .post, "/api/v1/admin/newsletters/999/subscribers", token: editor,
                    json: #"{"subscribers": [{"email": "x@example.com"}]}"#
                ).status == .notFound)
            #expect(
                try await browser.api(.post, base + "/subscribers", token: editor, json: #"{"people": []}"#).status
                    == .unprocessableContent)

            // CSV import: the same rules; re-importing changes nothing.
            let csv =
                "email,subscribed_at\r\nbob@example.com,2026-02-01\r\ngone@example.com,\r\n\"broken\r\nann@example.com\r\n"
            let imported = try await browser.api(
                .post, base + "/subscribers.csv", token: editor, json: csv, contentType: "text/csv")
            #expect(imported.status == .ok)
            #expect(
                try imported.json()["summary"] as? String
                    == "1 added, 1 already subscribed, 1 suppressed (not added), 1 refused")
            let reimported = try await browser.api(
                .post, base + "/subscribers.csv", token: editor, json: csv, contentType: "text/csv")
            #expect(
                try reimported.json()["summary"] as? String
                    == "0 added, 2 already subscribed, 1 suppressed (not added), 1 refused")
            let wrongType = try await browser.api(.post, base + "/subscribers.csv", token: editor, json: csv)
            #expect(wrongType.status == .unsupportedMediaType)
            let noHeader = try await browser.api(
                .post, base + "/subscribers.csv", token: editor, json: "email,name\r\n", contentType: "text/csv")
            #expect(try noHeader.status == .unprocessableContent && noHeader.errorCode() == "csv_refused")
            #expect(
                try await browser.api(
                    .post, base + "/subscribers.csv", token: writer, json: csv, contentType: "text/csv"
                ).status == .forbidden)

            // A CSV larger than a JSON body may be is taken; one over 20 MB is refused whole.
            let bulkList = try await newsroom.store.addNewsletter(
                NewsletterInput(name: "Bulk", source: .breaking, fromName: "Desk", fromAddress: "desk@example.com"),
                now: Date())
            var large = "email\n"
            for number in 0..<30_000 { large += "bulk-reader-number-\(number)@newsletter.example.com\n" }
            #expect(large.utf8.count > APILimits.bodyBytes)
            let bulkPath = "/api/v1/admin/newsletters/\(bulkList.id)/subscribers.csv"
            let bulk = try await browser.api(.post, bulkPath, token: editor, json: large, contentType: "text/csv")
            #expect(try bulk.json()["added"] as? Int == 30_000)
            let huge = String(repeating: "a", count: NewsletterCSV.maximumBytes + 1)
            let tooLarge = try await browser.api(.post, bulkPath, token: editor, json: huge, contentType: "text/csv")
            #expect(tooLarge.status == .contentTooLarge)
            #expect(
                try (tooLarge.json()["error"] as? [String: Any])?["message"] as? String
                    == "The CSV is larger than 20 MB; split it and import the parts.")

            let page = try await browser.api(.get, base + "/subscribers?per_page=1", token: editor)
            let people = try #require(try page.json()["subscribers"] as? [[String: Any]])
            #expect(people.first?["email"] as? String == "ann@example.com")
            #expect(people.first?["status"] as? String == "confirmed" && people.first?["suppressed"] as? Bool == false)
            #expect((try page.json()["next"] as? String)?.hasSuffix("per_page=1&page=2") == true)
            let exported = try await browser.api(.get, base + "/subscribers.csv", token: editor)
            #expect(exported.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(
                exported.html == "email,status,subscribed_at\r\nann@example.com,confirmed,2026-01-02T03:04:05Z\r\n"
                    + "bob@example.com,confirmed,2026-02-01T00:00:00Z\r\n")

            let encoded = "ann%40example.com"
            #expect(
                try await browser.api(.delete, base + "/subscribers/\(encoded)", token: editor).status == .noContent)
            #expect(try await browser.api(.delete, base + "/subscribers/\(encoded)", token: editor).status == .notFound)
            #expect(
                try await browser.api(.delete, "/api/v1/admin/newsletters/999/subscribers/\(encoded)", token: editor)
                    .status == .notFound)
            // Removed, Ann is still listed, as someone who left, with when.
            let after = try await browser.api(.get, base + "/subscribers", token: editor)
            let remaining = try #require(try after.json()["subscribers"] as? [[String: Any]])
            #expect(remaining.map { $0["email"] as? String } == ["ann@example.com", "bob@example.com"])
            #expect(remaining.map { $0["status"] as? String } == ["unsubscribed", "confirmed"])
            #expect(remaining[0]["left_at"] is String && remaining[1]["left_at"] is NSNull)
            // The export says so, and importing it back would skip her.
            let exportedAfter = try await browser.api(.get, base + "/subscribers.csv", token: editor)
            #expect(exportedAfter.html.contains("ann@example.com,unsubscribed,"))
        }
    }
}
