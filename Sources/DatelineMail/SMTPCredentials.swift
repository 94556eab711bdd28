/// The user name and password for SMTP AUTH. The password never appears in a description, a debug
/// description, `dump` output or a log line.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The user name sent with AUTH.
    public let username: String
    /// The password sent with AUTH.
    public let password: String

    /// Credentials for AUTH PLAIN or AUTH LOGIN; neither part may contain a NUL, which AUTH PLAIN uses
    /// as its separator.
    public init(username: String, password: String) throws(MailError) {
        guard !username.isEmpty else { throw .invalidConfiguration("the SMTP user name is empty") }
        guard !username.unicodeScalars.contains("\0"), !password.unicodeScalars.contains("\0") else {
            throw .invalidConfiguration("the SMTP user name or password contains a NUL character")
        }
        self.username = username
        self.password = password
    }

    /// A readable description for logs and error messages.
    public var description: String { "\(username):***" }
    /// The user name with the password hidden.
    public var debugDescription: String { "SMTPCredentials(username: \(username.debugDescription), password: ***)" }
    /// A mirror that hides the password from `dump` and debuggers.
    public var customMirror: Mirror { Mirror(self, children: ["username": username, "password": "***"]) }
}
