import Foundation
import Tusk

/// Plausible values of each kind, as the text PostgreSQL reads, from a ``SeedRandom``.
enum Fake {
    static let wordList = [
        "agent", "alpha", "amber", "anchor", "archive", "atlas", "beacon", "birch", "bridge", "canvas",
        "cedar", "cipher", "cloud", "comet", "copper", "coral", "delta", "drift", "ember", "falcon",
        "fern", "field", "forge", "garden", "glacier", "harbor", "hazel", "horizon", "island", "ivory",
        "jade", "juniper", "kernel", "lantern", "ledger", "lumen", "maple", "marble", "meadow", "memory",
        "meteor", "nimbus", "north", "oak", "orbit", "pebble", "pixel", "prism", "quartz", "raven",
        "river", "saffron", "signal", "spruce", "summit", "tidal", "timber", "vector", "willow", "zephyr",
    ]
    static let domains = ["example.com", "example.org", "example.net"]

    /// Words up to a length drawn between the bounds; `suffix` (a row number) is kept whole at the end.
    static func words(_ random: inout SeedRandom, minLength: Int, maxLength: Int?, suffix: String) -> String {
        let tail = suffix.isEmpty ? "" : " " + suffix
        let upper = maxLength ?? 80
        let room = upper - tail.count
        guard room >= 0 else { return String(suffix.suffix(max(upper, 0))) }  // too narrow: the caller retries
        let lo = max(minLength - tail.count, min(1, room))
        let hi = max(lo, min(room, lo + 40))
        let target = random.int(lo...hi)
        // Whole words while they fit; a cut word only to reach the minimum length.
        var base = ""
        while true {
            let word = random.pick(wordList)
            let next = base.isEmpty ? word : base + " " + word
            if next.count <= target {
                base = next
                continue
            }
            if base.count < lo || base.isEmpty { base = String(next.prefix(target)) }
            break
        }
        while base.hasSuffix(" ") { base.removeLast() }
        while base.count < lo { base += "x" }
        if tail.isEmpty { return base }
        return base.isEmpty ? suffix : base + tail
    }

    static func email(_ random: inout SeedRandom, suffix: String, maxLength: Int?) -> String {
        let domain = "@" + random.pick(domains)
        var local = random.pick(wordList) + "." + random.pick(wordList)
        if let maxLength, local.count + suffix.count + domain.count > maxLength {
            local = String(local.prefix(max(1, maxLength - suffix.count - domain.count)))
        }
        return local + suffix + domain
    }

    static func url(_ random: inout SeedRandom, suffix: String) -> String {
        "https://www." + random.pick(domains) + "/" + random.pick(wordList) + "/" + suffix
    }

    static func uuid(_ random: inout SeedRandom) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<2 { withUnsafeBytes(of: random.next().bigEndian) { bytes += $0 } }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let hex = bytes.map(hexByte)
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    static func bytes(_ random: inout SeedRandom) -> String {
        "\\x" + (0..<random.int(8...32)).map { _ in hexByte(UInt8(truncatingIfNeeded: random.next())) }.joined()
    }

    /// 2024-01-01 is day 8766 after 2000-01-01 (PostgreSQL's epoch): dates and times count from there.
    static let baseDay: Int64 = 8_766

    static func date(days: Int64) -> String {
        let (y, m, d) = PostgresDate(daysSince2000: Int32(clamping: baseDay + days)).components
        return "\(pad(Int64(y), 4))-\(pad(Int64(m), 2))-\(pad(Int64(d), 2))"
    }

    static func time(seconds: Int64) -> String {
        "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
    }

    static func timestamp(seconds: Int64, withZone: Bool) -> String {
        date(days: seconds / 86_400) + " " + time(seconds: seconds % 86_400) + (withZone ? "+00" : "")
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// `units` scaled down by 10^scale, written exactly (no floating point on the way).
    static func decimal(units: Int64, scale: Int) -> String {
        let negative = units < 0
        let digits = String(units.magnitude)
        guard scale > 0 else { return (negative ? "-" : "") + digits }
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let point = padded.index(padded.endIndex, offsetBy: -scale)
        return (negative ? "-" : "") + padded[..<point] + "." + padded[point...]
    }

    static func json(_ random: inout SeedRandom) -> String {
        let tags = (0..<random.int(0...2)).map { _ in "\"\(random.pick(wordList))\"" }.joined(separator: ", ")
        return "{\"kind\": \"\(random.pick(wordList))\", \"count\": \(random.int(0...100)), \"active\": \(random.chance(0.5)), \"tags\": [\(tags)]}"
    }

    static func inet(_ random: inout SeedRandom, salt: Int?) -> String {
        if let salt {
            let n = salt + 1
            return "10.\(n >> 16 & 255).\(n >> 8 & 255).\(n & 255)"
        }
        if random.chance(0.125) { return "2001:db8::" + String(random.int(1...0xFFFF), radix: 16) }
        return "10.\(random.int(0...255)).\(random.int(0...255)).\(random.int(1...254))"
    }

    static func vector(dimensions: Int, _ random: inout SeedRandom) -> String {
        var units = (0..<dimensions).map { _ in random.int(Int64(-1000)...1000) }
        if units.allSatisfy({ $0 == 0 }), !units.isEmpty { units[0] = 500 }  // cosine distance needs a norm
        return "[" + units.map { decimal(units: $0, scale: 3) }.joined(separator: ",") + "]"
    }

    /// An element of an array literal: always double-quoted, `"` and `\` escaped.
    static func arrayElement(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
