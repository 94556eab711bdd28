extension PostgresSchema {
    /// Two more outbox states: `handed_over` (the sending instance is finishing the message with
    /// the server) and `in_doubt` (it stopped after that point, so the message is probably
    /// delivered and is not sent again until an operator says so). The partial index finds
    /// handed-over rows whose lease has ended without reading the pending ones.
    static let mailHandOver = [
        """
        ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_state_check,
            ADD CONSTRAINT mail_outbox_state_check
            CHECK (state IN ('pending', 'handed_over', 'in_doubt', 'sent', 'failed'))
        """,
        "CREATE INDEX mail_outbox_handed_over ON mail_outbox(next_attempt_at) WHERE state = 'handed_over'",
        "CREATE INDEX mail_outbox_in_doubt ON mail_outbox(finished_at) WHERE state = 'in_doubt'",
    ]
}
