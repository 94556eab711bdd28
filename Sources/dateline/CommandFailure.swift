/// A command's failure, printed by ArgumentParser as "Error: <message>" with exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong and what to do about it.
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
