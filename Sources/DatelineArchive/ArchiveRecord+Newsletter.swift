extension ArchiveRecord {
    /// A newsletter list as the newsroom set it up, with the note waiting for its next issue.
    /// `section` and `topic` are the keys of the section or topic a section or topic list follows.
    public struct Newsletter: Sendable, Hashable, Codable {
        public var id: Int64
        public var slug: String
        public var name: String
        public var description: String
        /// `front`, `section`, `topic` or `breaking`.
        public var kind: String
        public var section: Int64?
        public var topic: Int64?
        /// Minutes after midnight in `timeZone` when a daily list is sent; nil for breaking news.
        public var sendMinute: Int?
        public var timeZone: String
        public var fromName: String
        public var fromAddress: String
        public var nextIssueNote: String
        public var createdAt: ArchiveTime

        public init(
            id: Int64, slug: String, name: String, description: String, kind: String, section: Int64?,
            topic: Int64?, sendMinute: Int?, timeZone: String, fromName: String, fromAddress: String,
            nextIssueNote: String, createdAt: ArchiveTime
        ) {
            self.id = id
            self.slug = slug
            self.name = name
            self.description = description
            self.kind = kind
            self.section = section
            self.topic = topic
            self.sendMinute = sendMinute
            self.timeZone = timeZone
            self.fromName = fromName
            self.fromAddress = fromAddress
            self.nextIssueNote = nextIssueNote
            self.createdAt = createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, slug, name, description, kind, section, topic
            case sendMinute = "send_minute"
            case timeZone = "time_zone"
            case fromName = "from_name"
            case fromAddress = "from_address"
            case nextIssueNote = "next_issue_note"
            case createdAt = "created_at"
        }
    }

    /// A newsletter subscriber: the address, where they stand, the lists they get and since
    /// when, and the confirmation still waiting for them (its link's digest, never the link).
    public struct Subscriber: Sendable, Hashable, Codable {
        public var id: Int64
        public var email: String
        /// `pending`, `confirmed` or `left`.
        public var status: String
        public var paused: Bool
        /// The secret in the subscriber's preference and unsubscribe links, so links already
        /// mailed keep working after a move.
        public var preferenceToken: String
        public var createdAt: ArchiveTime
        public var confirmedAt: ArchiveTime?
        public var confirmation: Confirmation?
        public var lists: [Subscription]

        public init(
            id: Int64, email: String, status: String, paused: Bool, preferenceToken: String, createdAt: ArchiveTime,
            confirmedAt: ArchiveTime?, confirmation: Confirmation?, lists: [Subscription]
        ) {
            self.id = id
            self.email = email
            self.status = status
            self.paused = paused
            self.preferenceToken = preferenceToken
            self.createdAt = createdAt
            self.confirmedAt = confirmedAt
            self.confirmation = confirmation
            self.lists = lists
        }

        /// A confirmation sent and not yet used: the SHA-256 digest of its link's token, the
        /// lists it confirms, when it was sent and when it stops working.
        public struct Confirmation: Sendable, Hashable, Codable {
            public var digest: String
            public var lists: [Int64]
            public var sentAt: ArchiveTime?
            public var expiresAt: ArchiveTime?

            public init(digest: String, lists: [Int64], sentAt: ArchiveTime?, expiresAt: ArchiveTime?) {
                self.digest = digest
                self.lists = lists
                self.sentAt = sentAt
                self.expiresAt = expiresAt
            }

            enum CodingKeys: String, CodingKey {
                case digest, lists
                case sentAt = "sent_at"
                case expiresAt = "expires_at"
            }
        }

        /// One list the subscriber gets, and since when.
        public struct Subscription: Sendable, Hashable, Codable {
            public var newsletter: Int64
            public var since: ArchiveTime

            public init(newsletter: Int64, since: ArchiveTime) {
                self.newsletter = newsletter
                self.since = since
            }
        }

        enum CodingKeys: String, CodingKey {
            case id, email, status, paused, confirmation, lists
            case preferenceToken = "preference_token"
            case createdAt = "created_at"
            case confirmedAt = "confirmed_at"
        }
    }

    /// An address never to be mailed again, and why (`unsubscribed`, `bounced`, `complained`).
    public struct Suppression: Sendable, Hashable, Codable {
        public var email: String
        public var reason: String
        public var createdAt: ArchiveTime

        public init(email: String, reason: String, createdAt: ArchiveTime) {
            self.email = email
            self.reason = reason
            self.createdAt = createdAt
        }

        enum CodingKeys: String, CodingKey {
            case email, reason
            case createdAt = "created_at"
        }
    }

    /// Someone who left a list and has not come back (the lists' churn figures count them).
    public struct Departure: Sendable, Hashable, Codable {
        public var newsletter: Int64
        public var email: String
        public var subscribedAt: ArchiveTime
        public var leftAt: ArchiveTime

        public init(newsletter: Int64, email: String, subscribedAt: ArchiveTime, leftAt: ArchiveTime) {
            self.newsletter = newsletter
            self.email = email
            self.subscribedAt = subscribedAt
            self.leftAt = leftAt
        }

        enum CodingKeys: String, CodingKey {
            case newsletter, email
            case subscribedAt = "subscribed_at"
            case leftAt = "left_at"
        }
    }

    /// A newsletter issue as made: its number and period (so the next one neither repeats nor
    /// skips), the stories it carried as JSON, and where it stands (`queuing`, `queued`,
    /// `cancelled`). An issue still queuing is taken up again after an import.
    public struct NewsletterIssue: Sendable, Hashable, Codable {
        public var id: Int64
        public var newsletter: Int64
        public var number: Int
        public var period: String
        public var subject: String
        public var editorNote: String
        /// The stories as the store keeps them: a JSON list.
        public var stories: String
        public var storiesUntil: ArchiveTime
        public var madeAt: ArchiveTime
        public var state: String
        public var stateNote: String?
        public var queuedAt: ArchiveTime?

        public init(
            id: Int64, newsletter: Int64, number: Int, period: String, subject: String, editorNote: String,
            stories: String, storiesUntil: ArchiveTime, madeAt: ArchiveTime, state: String, stateNote: String?,
            queuedAt: ArchiveTime?
        ) {
            self.id = id
            self.newsletter = newsletter
            self.number = number
            self.period = period
            self.subject = subject
            self.editorNote = editorNote
            self.stories = stories
            self.storiesUntil = storiesUntil
            self.madeAt = madeAt
            self.state = state
            self.stateNote = stateNote
            self.queuedAt = queuedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, newsletter, number, period, subject, stories, state
            case editorNote = "editor_note"
            case storiesUntil = "stories_until"
            case madeAt = "made_at"
            case stateNote = "state_note"
            case queuedAt = "queued_at"
        }
    }

    /// One subscriber's copy of an issue, carried while it is still in flight: every copy of an
    /// issue still queuing (so taking it up again queues no one twice) and each copy whose
    /// message is still pending in the outbox (so the sender still checks the subscriber before
    /// sending). Copies already sent or failed are history and stay behind.
    public struct Delivery: Sendable, Hashable, Codable {
        public var issue: Int64
        public var subscriber: Int64
        public var email: String
        /// The outbox message's id, the upper-case UUID.
        public var mailID: String
        public var messageID: String

        public init(issue: Int64, subscriber: Int64, email: String, mailID: String, messageID: String) {
            self.issue = issue
            self.subscriber = subscriber
            self.email = email
            self.mailID = mailID
            self.messageID = messageID
        }

        enum CodingKeys: String, CodingKey {
            case issue, subscriber, email
            case mailID = "mail_id"
            case messageID = "message_id"
        }
    }
}
