import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, and which part of the address space it belongs to, so the fetcher can
/// refuse addresses inside the newsroom's own network.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address bytes: 4 for IPv4, 16 for IPv6, in network order.
    public let bytes: [UInt8]

    /// Makes an address from 4 (IPv4) or 16 (IPv6) bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses dotted IPv4 ("10.0.0.1") or IPv6 ("fe80::1", "::ffff:127.0.0.1"); nil for anything else.
    public init?(_ text: String) {
        var trimmed = text
        if trimmed.hasPrefix("["), trimmed.hasSuffix("]") { trimmed = String(trimmed.dropFirst().dropLast()) }
        if let zone = trimmed.firstIndex(of: "%") { trimmed = String(trimmed[..<zone]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, trimmed, &v4) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, trimmed, &v6) == 1 {
            self.bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    /// True for IPv4 addresses.
    public var isIPv4: Bool { bytes.count == 4 }

    /// The address in its usual text form ("10.0.0.1", "fe80:0:0:0:0:0:0:1").
    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        var groups: [String] = []
        for index in stride(from: 0, to: 16, by: 2) {
            groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
        }
        return groups.joined(separator: ":")
    }

    /// The part of the address space the address is in.
    public var range: AddressRange {
        isIPv4 ? Self.rangeOfIPv4(bytes) : rangeOfIPv6()
    }

    /// The IPv4 address an IPv6 address carries (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible
    /// `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:aabb:ccdd::`), or nil.
    public var embeddedIPv4: IPAddress? {
        guard !isIPv4 else { return nil }
        let prefix = Array(bytes[0..<12])
        if prefix == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] || prefix == [UInt8](repeating: 0, count: 12) {
            // "::" and "::1" are themselves IPv6 special addresses, handled by the caller.
            if prefix.allSatisfy({ $0 == 0 }), bytes[12] == 0, bytes[13] == 0, bytes[14] == 0 { return nil }
            return IPAddress(bytes: Array(bytes[12..<16]))
        }
        if prefix == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] {
            return IPAddress(bytes: Array(bytes[12..<16]))
        }
        if bytes[0] == 0x20, bytes[1] == 0x02 { return IPAddress(bytes: Array(bytes[2..<6])) }
        return nil
    }

    private static func rangeOfIPv4(_ b: [UInt8]) -> AddressRange {
        switch (b[0], b[1]) {
        case (169, 254) where b[2] == 169 && b[3] == 254: return .cloudMetadata
        case (0, _): return .unspecified
        case (10, _): return .privateNetwork
        case (100, 64...127): return .sharedAddressSpace
        case (127, _): return .loopback
        case (169, 254): return .linkLocal
        case (172, 16...31): return .privateNetwork
        case (192, 168): return .privateNetwork
        case (192, 0) where b[2] == 0: return .reserved  // IETF protocol assignments
        case (192, 0) where b[2] == 2, (198, 51) where b[2] == 100, (203, 0) where b[2] == 113: return .reserved
        case (198, 18...19): return .reserved  // benchmarking
        case (224...239, _): return .multicast
        case (240...255, _): return .reserved
        default: return .publicInternet
        }
    }

    private func rangeOfIPv6() -> AddressRange {
        if let embedded = embeddedIPv4 { return embedded.range }
        if bytes.allSatisfy({ $0 == 0 }) { return .unspecified }
        if bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return .loopback }
        // fd00:ec2::254, the cloud metadata service's IPv6 address.
        if bytes == [0xFD, 0x00, 0x0E, 0xC2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54] { return .cloudMetadata }
        if bytes[0] & 0xFE == 0xFC { return .privateNetwork }  // fc00::/7 unique local
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return .linkLocal }  // fe80::/10
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0xC0 { return .privateNetwork }  // fec0::/10 site-local (deprecated)
        if bytes[0] == 0xFF { return .multicast }
        if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] == 0x0D, bytes[3] == 0xB8 { return .reserved }  // documentation
        if bytes[0] == 0x01, bytes[1...7].allSatisfy({ $0 == 0 }) { return .reserved }  // 100::/64 discard
        return .publicInternet
    }
}

/// Parts of the address space, as far as fetching a page is concerned.
public enum AddressRange: String, Sendable, CaseIterable {
    /// An ordinary address on the internet.
    case publicInternet = "public"
    /// This machine (127.0.0.0/8, ::1).
    case loopback
    /// A private network (10/8, 172.16/12, 192.168/16, fc00::/7).
    case privateNetwork = "private"
    /// A link-local address (169.254/16, fe80::/10).
    case linkLocal = "link-local"
    /// Carrier-grade NAT space (100.64/10).
    case sharedAddressSpace = "shared (CGNAT)"
    /// 0.0.0.0/8 and ::, which reach this machine on many systems.
    case unspecified
    /// Multicast groups.
    case multicast
    /// A cloud provider's instance metadata service (169.254.169.254, fd00:ec2::254).
    case cloudMetadata = "cloud metadata"
    /// Reserved, documentation and benchmarking ranges.
    case reserved

    /// True when a page may be fetched from an address in this range without `allowPrivate`.
    public var isPublic: Bool { self == .publicInternet }
}
