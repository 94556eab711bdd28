import Foundation

/// One HTTP response as the fetcher needs it: status, headers and body.
struct HTTPResponse: Sendable {
    var status: Int
    /// Header fields, names in lower case, in the order received.
    var headers: [(name: String, value: String)]
    var body: Data

    /// The first value of header `name` (lower case).
    func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    /// True for the redirect statuses a browser follows.
    var isRedirect: Bool { [301, 302, 303, 307, 308].contains(status) }
}
