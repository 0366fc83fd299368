import Foundation

/// PostgreSQL's `inet` (and `cidr` when decoding): an IPv4 or IPv6 address with a prefix length.
public struct PostgresInet: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, network byte order.
    public var address: [UInt8]
    /// Netmask bits (32 or 128 for a single host).
    public var prefixLength: UInt8

    public var isIPv6: Bool { address.count == 16 }

    public init?(address: [UInt8], prefixLength: UInt8? = nil) {
        guard address.count == 4 || address.count == 16 else { return nil }
        let maximum = UInt8(address.count * 8)
        let bits = prefixLength ?? maximum
        guard bits <= maximum else { return nil }
        self.address = address
        self.prefixLength = bits
    }

    /// Parses `192.168.0.1`, `10.0.0.0/8`, `::1`, `2001:db8::/32`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let host = parts.first else { return nil }
        var bits: UInt8?
        if parts.count == 2 {
            guard let value = UInt8(parts[1]) else { return nil }
            bits = value
        }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, String(host), &v4) == 1 {
            self.init(address: withUnsafeBytes(of: &v4) { Array($0) }, prefixLength: bits)
        } else if inet_pton(AF_INET6, String(host), &v6) == 1 {
            self.init(address: withUnsafeBytes(of: &v6) { Array($0) }, prefixLength: bits)
        } else {
            return nil
        }
    }

    /// As PostgreSQL prints `inet`: the prefix is shown only when it is not the full host length.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = isIPv6 ? AF_INET6 : AF_INET
        let text = address.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
                ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
        }
        return prefixLength == UInt8(address.count * 8) ? text : "\(text)/\(prefixLength)"
    }
}

extension PostgresInet: PostgresCodable {
    public static var postgresType: PostgresType { .inet }
    public func encode(into buffer: inout PostgresEncoder) throws {
        buffer.writeInteger(UInt8(isIPv6 ? 3 : 2))  // PGSQL_AF_INET6 / PGSQL_AF_INET
        buffer.writeInteger(prefixLength)
        buffer.writeInteger(UInt8(0))  // is_cidr
        buffer.writeInteger(UInt8(address.count))
        buffer.writeBytes(address)
    }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> PostgresInet {
        guard type.oid == PostgresType.inet.oid || type.oid == PostgresType.cidr.oid else {
            throw PostgresDecodingFailure.typeMismatch(expected: "PostgresInet (inet, cidr)")
        }
        _ = try bytes.readInteger(UInt8.self)  // family: implied by the address length
        let bits = try bytes.readInteger(UInt8.self)
        _ = try bytes.readInteger(UInt8.self)
        let count = try bytes.readInteger(UInt8.self)
        guard let value = PostgresInet(address: Array(try bytes.readBytes(Int(count))), prefixLength: bits) else {
            throw PostgresDecodingFailure.malformed("inet with \(count) address bytes")
        }
        return value
    }
}
