/// What the server said about a delivered message: who it accepted and who it refused.
public struct MailDeliveryReport: Sendable, Equatable {
    /// A recipient the server would not take, with its reply.
    public struct RefusedRecipient: Sendable, Equatable {
        /// The refused address.
        public var address: EmailAddress
        /// The server's reply code (4xx: try later, 5xx: final).
        public var replyCode: Int
        /// The server's reply text.
        public var serverMessage: String

        /// Whether the refusal is temporary (a 4xx reply), so the recipient may be tried again later.
        public var isTransient: Bool { (400..<500).contains(replyCode) }

        /// A refusal of `address` with the server's reply.
        public init(address: EmailAddress, replyCode: Int, serverMessage: String) {
            self.address = address
            self.replyCode = replyCode
            self.serverMessage = serverMessage
        }
    }

    /// The recipients the server accepted; the message went to them.
    public var accepted: [EmailAddress]
    /// The recipients the server refused; the message did not go to them.
    public var refused: [RefusedRecipient]
    /// The server's reply to the end of the message text (often holds its queue id).
    public var serverReply: String

    /// A report of one delivery.
    public init(accepted: [EmailAddress], refused: [RefusedRecipient] = [], serverReply: String = "") {
        self.accepted = accepted
        self.refused = refused
        self.serverReply = serverReply
    }
}
