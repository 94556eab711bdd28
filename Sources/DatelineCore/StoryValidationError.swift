/// Why a draft cannot be stored, field by field, in words an editor can act on.
public struct StoryValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One problem with one field.
    public struct Problem: Hashable, Sendable {
        /// The field at fault ("headline", "body", "highlights[2]").
        public var field: String
        /// What is wrong and how to fix it.
        public var message: String

        /// Makes a problem record.
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// Every problem found, in field order.
    public var problems: [Problem]

    /// Makes an error from its problems.
    public init(problems: [Problem]) { self.problems = problems }

    public var description: String {
        problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }
}
