import DatelineArchive
import DatelineCore
import Foundation

/// The checks on an archive's newsletters and wire queue: the same rules a list, a subscriber or
/// a wire item meets when it is made here, so an archive cannot bring in what the newsroom could
/// not have set up (a From name that breaks a header, a link that leaves the site, an address
/// that is not one).
extension ArchiveContents {
    func checkNewsletters(sectionIDs: Set<Int64>, topicIDs: Set<Int64>, storyIDs: Set<Int64>) throws(StoreError) {
        let listIDs = try Self.unique(newsletters.map(\.id), "newsletter id")
        _ = try Self.unique(newsletters.map(\.slug), "newsletter address")
        for list in newsletters {
            guard list.fitsTheRules(sectionIDs: sectionIDs, topicIDs: topicIDs) else {
                throw .failed("newsletter \(list.id) (\(list.slug.prefix(60))) could not be set up as it is")
            }
        }
        _ = try Self.unique(subscribers.map(\.id), "subscriber id")
        _ = try Self.unique(subscribers.map(\.email), "subscriber address")
        _ = try Self.unique(subscribers.map(\.preferenceToken), "preference token")
        _ = try Self.unique(subscribers.compactMap(\.confirmation?.digest), "confirmation digest")
        var subscribed = Set<String>()
        for person in subscribers {
            func broken(_ what: String) -> StoreError { .failed("subscriber \(person.id) has \(what)") }
            guard NewsletterRules.normalisedEmail(person.email) == person.email else {
                throw broken("an address that is not one plain address")
            }
            guard ["pending", "confirmed", "left"].contains(person.status) else {
                throw broken("the unknown status '\(person.status.prefix(40))'")
            }
            guard Self.isHex(person.preferenceToken, count: 64) else { throw broken("a malformed preference token") }
            if let confirmation = person.confirmation {
                guard Self.isHex(confirmation.digest, count: 64) else {
                    throw broken("a malformed confirmation digest")
                }
                for list in confirmation.lists where !listIDs.contains(list) {
                    throw broken("a confirmation for newsletter \(list), which the archive lacks")
                }
            }
            for list in person.lists {
                guard listIDs.contains(list.newsletter) else {
                    throw broken("a subscription to newsletter \(list.newsletter), which the archive lacks")
                }
                guard subscribed.insert("\(list.newsletter) \(person.email)").inserted else {
                    throw broken("newsletter \(list.newsletter) twice")
                }
            }
        }
        _ = try Self.unique(suppressions.map(\.email), "suppressed address")
        for entry in suppressions {
            guard NewsletterRules.normalisedEmail(entry.email) == entry.email,
                ["unsubscribed", "bounced", "complained"].contains(entry.reason)
            else { throw .failed("the suppression of '\(entry.email.prefix(60))' is malformed") }
        }
        _ = try Self.unique(departures.map { "\($0.newsletter) \($0.email)" }, "departure")
        for departure in departures {
            guard listIDs.contains(departure.newsletter),
                NewsletterRules.normalisedEmail(departure.email) == departure.email
            else { throw .failed("a departure from newsletter \(departure.newsletter) is malformed") }
            // The store keeps no departure beside the subscription that ended it.
            guard !subscribed.contains("\(departure.newsletter) \(departure.email)") else {
                throw .failed("'\(departure.email)' both gets newsletter \(departure.newsletter) and has left it")
            }
        }
        try checkIssues()
        try checkWire(storyIDs: storyIDs)
    }

    private func checkIssues() throws(StoreError) {
        // An issue may outlive its list (a deleted list's issues stay, cancelled), so its list
        // need not be in the archive.
        let issueIDs = try Self.unique(newsletterIssues.map(\.id), "newsletter issue id")
        _ = try Self.unique(newsletterIssues.map { "\($0.newsletter) \($0.period)" }, "newsletter issue period")
        _ = try Self.unique(newsletterIssues.map { "\($0.newsletter) #\($0.number)" }, "newsletter issue number")
        for issue in newsletterIssues {
            func broken(_ what: String) -> StoreError { .failed("newsletter issue \(issue.id) has \(what)") }
            guard ["queuing", "queued", "cancelled"].contains(issue.state) else {
                throw broken("the unknown state '\(issue.state.prefix(40))'")
            }
            // The subject goes into a header; the note and stories into mail and pages.
            guard issue.subject.controlCharacterProblem() == nil, issue.period.controlCharacterProblem() == nil,
                (try? NewsletterIssueRules.note(issue.editorNote)) == issue.editorNote
            else { throw broken("a subject, period or note with control characters or over its length") }
            guard let stories = try? JSONDecoder().decode([NewsletterIssueStory].self, from: Data(issue.stories.utf8))
            else { throw broken("stories that are not a list of stories") }
            for story in stories {
                guard Self.isSitePath(story.path), story.imagePath.map(Self.isSitePath) ?? true else {
                    throw broken("a story link that leaves the site")
                }
            }
        }
        _ = try Self.unique(deliveries.map { "\($0.issue) \($0.subscriber)" }, "delivery")
        _ = try Self.unique(deliveries.map(\.mailID), "delivery mail id")
        _ = try Self.unique(deliveries.map(\.messageID), "delivery Message-ID")
        for delivery in deliveries {
            guard issueIDs.contains(delivery.issue), UUID(uuidString: delivery.mailID)?.uuidString == delivery.mailID,
                NewsletterRules.normalisedEmail(delivery.email) == delivery.email,
                !delivery.messageID.isEmpty, delivery.messageID.controlCharacterProblem() == nil
            else { throw .failed("a delivery of newsletter issue \(delivery.issue) is malformed") }
        }
    }

    private func checkWire(storyIDs: Set<Int64>) throws(StoreError) {
        let itemIDs = try Self.unique(wireItems.map(\.id), "wire item id")
        _ = try Self.unique(wireItems.map { "\($0.source)\u{0}\($0.guid)" }, "wire item source and identifier")
        for item in wireItems {
            func broken(_ what: String) -> StoreError { .failed("wire item \(item.id) has \(what)") }
            // The queue's own rules, as when the item arrived: checking must change nothing.
            guard let draft = item.draft, (try? WireRules.checked(draft)) == draft else {
                throw broken("copy the wire queue would not have taken as it is")
            }
            if let first = item.duplicateOf, first == item.id || !itemIDs.contains(first) {
                throw broken("a duplicate group (\(first)) that is not another item of the archive")
            }
            if let story = item.storyID, !storyIDs.contains(story) {
                throw broken("the story \(story), which the archive lacks")
            }
        }
    }

    /// The values as a set, or an error naming the first one found twice.
    static func unique<T: Hashable>(_ values: [T], _ what: String) throws(StoreError) -> Set<T> {
        var seen = Set<T>()
        for value in values where !seen.insert(value).inserted {
            throw .failed("the archive holds \(what) '\(value)' twice")
        }
        return seen
    }

    /// A link within the site: a path from its root, never another host or scheme.
    private static func isSitePath(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.contains("\\") && path.controlCharacterProblem() == nil
    }

    private static func isHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

extension ArchiveRecord.Newsletter {
    /// True when `lists add` would have set the list up exactly so.
    fileprivate func fitsTheRules(sectionIDs: Set<Int64>, topicIDs: Set<Int64>) -> Bool {
        // The slug only stands in for the section or topic; the rules do not look it up.
        guard let placeholder = Slug(validating: "list") else { return false }
        let source: NewsletterSource
        switch kind {
        case "front": source = .front
        case "breaking": source = .breaking
        case "section": source = .section(placeholder)
        case "topic": source = .topic(placeholder)
        default: return false
        }
        guard (kind == "section") == (section != nil), section.map(sectionIDs.contains) ?? true,
            (kind == "topic") == (topic != nil), topic.map(topicIDs.contains) ?? true
        else { return false }
        guard (kind == "breaking") == (sendMinute == nil), (sendMinute ?? 0) >= 0, (sendMinute ?? 0) < 24 * 60 else {
            return false
        }
        let minute = sendMinute ?? 0
        let input = NewsletterInput(
            name: name, slug: slug, description: description, source: source,
            sendTime: String(format: "%02d:%02d", minute / 60, minute % 60), timeZone: timeZone, fromName: fromName,
            fromAddress: fromAddress)
        guard let checked = try? NewsletterRules.checked(input),
            (try? NewsletterIssueRules.note(nextIssueNote)) == nextIssueNote
        else { return false }
        return checked.name == name && checked.slug.rawValue == slug && checked.description == description
            && checked.sendMinute == sendMinute && checked.timeZone == timeZone && checked.fromName == fromName
            && checked.fromAddress == fromAddress
    }
}
