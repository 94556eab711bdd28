import Foundation
import Glibc

/// Looks host names up in DNS (through the C library's `getaddrinfo`, as every client on the
/// machine does), so the fetcher can check each address before it connects.
enum AddressResolver {
    /// The addresses `host` resolves to, or a message saying why it does not resolve.
    static func resolve(_ host: String) -> Result<[IPAddress], FetchFailure> {
        if let literal = IPAddress(host) { return .success([literal]) }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            return .failure(FetchFailure("cannot resolve \(host): \(reason)"))
        }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let socketAddress = entry.pointee.ai_addr {
                if entry.pointee.ai_family == AF_INET {
                    socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin_addr
                        if let ip = IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }) {
                            addresses.append(ip)
                        }
                    }
                } else if entry.pointee.ai_family == AF_INET6 {
                    socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin6_addr
                        if let ip = IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }) {
                            addresses.append(ip)
                        }
                    }
                }
            }
            cursor = entry.pointee.ai_next
        }
        var unique: [IPAddress] = []
        for address in addresses where !unique.contains(address) { unique.append(address) }
        guard !unique.isEmpty else { return .failure(FetchFailure("\(host) has no IPv4 or IPv6 address")) }
        return .success(unique)
    }
}

/// Why one step of a fetch failed, before it becomes an ``IngestError`` naming the URL.
struct FetchFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
