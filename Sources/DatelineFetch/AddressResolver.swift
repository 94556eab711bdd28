import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Looks host names up in DNS (through the C library's `getaddrinfo`, as every client on the
/// machine does), so the fetcher can check each address before it connects.
///
/// `getaddrinfo` blocks, so it runs on NIO's shared blocking-work thread pool, never on a thread
/// of Swift's cooperative pool. It cannot be interrupted; the fetcher stops waiting for it at the
/// fetch's deadline (see ``DeadlineRace``) and the lookup then ends in the background.
enum AddressResolver {
    /// The addresses `host` resolves to, or a message saying why it does not resolve.
    static func resolve(_ host: String) async -> Result<[IPAddress], FetchFailure> {
        if let literal = IPAddress(host) { return .success([literal]) }
        do {
            return try await NIOThreadPool.singleton.runIfActive { lookUp(host) }
        } catch {
            return .failure(FetchFailure("cannot resolve \(host): the lookup was stopped (\(error))"))
        }
    }

    /// The blocking lookup itself.
    static func lookUp(_ host: String) -> Result<[IPAddress], FetchFailure> {
        if let literal = IPAddress(host) { return .success([literal]) }
        var hints = addrinfo()
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            return .failure(FetchFailure("cannot resolve \(host): \(reason)"))
        }
        defer { freeaddrinfo(first) }
        var unique: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = address(of: entry.pointee), !unique.contains(address) { unique.append(address) }
            cursor = entry.pointee.ai_next
        }
        guard !unique.isEmpty else { return .failure(FetchFailure("\(host) has no IPv4 or IPv6 address")) }
        return .success(unique)
    }

    /// The IPv4 or IPv6 address one `getaddrinfo` answer carries, if it is one of those.
    private static func address(of entry: addrinfo) -> IPAddress? {
        guard let socketAddress = entry.ai_addr else { return nil }
        switch entry.ai_family {
        case AF_INET:
            return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin_addr) { IPAddress(bytes: Array($0)) }
            }
        case AF_INET6:
            return socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin6_addr) { IPAddress(bytes: Array($0)) }
            }
        default:
            return nil
        }
    }
}
