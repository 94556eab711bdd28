import DatelineCore
import DatelineMail
import DatelineStore
import Foundation

/// What the "E-mail to a friend" tool needs at run time: the rules, the queue that sends in the
/// background, and the database that counts sends against the hourly limits.
struct StoryMailDesk: Sendable {
    let configuration: StoryMailConfiguration
    let store: any MailStore
    let queue: MailQueue
    let composer: StoryMailComposer
    let now: @Sendable () -> Date
    /// Ends the SMTP connections the transport keeps open (QUIT); called once the queue has stopped.
    var closeConnections: @Sendable () async -> Void = {}

    /// What became of a share.
    enum Outcome: Sendable, Equatable {
        /// Queued for the recipients within their limits (possibly none: the reader is not told which).
        case queued(count: Int)
        /// The sender or their address is over the hourly limit; nothing was queued.
        case limited
    }

    /// Checks the limits and queues one message per recipient that may still receive mail.
    ///
    /// The sender and client limits are checked together first; a refusal there sends nothing.
    /// A recipient over their own limit is skipped silently, so the response never tells a sender
    /// anything about a recipient.
    func share(_ story: Story, storyURL: String, request: StoryMailForm.Checked, clientAddress: String?) async throws
        -> Outcome
    {
        let time = now()
        let since = time.addingTimeInterval(-configuration.window.seconds)
        var senderQuotas = [
            SendQuota(key: SendRateLimiter.Key.sender(request.sender).description, limit: configuration.perSender)
        ]
        if let clientAddress {
            senderQuotas.append(
                SendQuota(key: SendRateLimiter.Key.client(clientAddress).description, limit: configuration.perClient))
        }
        if try await store.acquireSendQuota(senderQuotas, since: since, now: time) != nil { return .limited }

        var allowed: [EmailAddress] = []
        for recipient in request.recipients {
            let quota = SendQuota(
                key: SendRateLimiter.Key.recipient(recipient).description, limit: configuration.perRecipient)
            if try await store.acquireSendQuota([quota], since: since, now: time) == nil { allowed.append(recipient) }
        }
        guard !allowed.isEmpty else { return .queued(count: 0) }
        let filtered = StoryMailForm.Checked(
            name: request.name, sender: request.sender, recipients: allowed, note: request.note)
        for message in try composer.messages(for: story, storyURL: storyURL, request: filtered, date: time) {
            try await queue.enqueue(message)
        }
        return .queued(count: allowed.count)
    }
}
