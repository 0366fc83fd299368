import Foundation

/// PostgreSQL's `numeric`, held exactly as the server sends it (base-10000 digits, weight,
/// display scale), including `NaN` and `±Infinity`. Converts to and from `Decimal` and text
/// without rounding: a conversion that would lose digits throws instead.
public struct PostgresNumeric: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible, Codable {
    public enum Sign: Int16, Sendable, Hashable { case plus = 0x0000, minus = 0x4000, nan = -0x4000, infinity = -0x3000, negativeInfinity = -0x1000 }

    var sign: Sign
    var weight: Int16
    /// Digits after the decimal point when displayed (`numeric(5,2)` value 1.5 shows "1.50").
    public var scale: Int16
    // Base-10000 digits: up to four packed inline (no allocation: most values), else an array.
    private var packed: UInt64 = 0
    private var packedCount: Int = 0
    private var spilled: [Int16] = []

    var digitCount: Int { spilled.isEmpty ? packedCount : spilled.count }

    func digit(at index: Int) -> Int16 {
        spilled.isEmpty ? Int16(truncatingIfNeeded: packed >> (16 * UInt64(index))) : spilled[index]
    }

    var digits: [Int16] { (0..<digitCount).map(digit(at:)) }

    public static let nan = PostgresNumeric(sign: .nan, weight: 0, scale: 0, digits: [])
    public static let infinity = PostgresNumeric(sign: .infinity, weight: 0, scale: 0, digits: [])
    public static let negativeInfinity = PostgresNumeric(sign: .negativeInfinity, weight: 0, scale: 0, digits: [])

    init(sign: Sign, weight: Int16, scale: Int16, digits: [Int16]) {
        self.sign = sign
        self.weight = weight
        self.scale = scale
        if digits.count <= 4 {
            for (index, digit) in digits.enumerated() { pack(digit, at: index) }
            packedCount = digits.count
        } else {
            spilled = digits
        }
    }

    private mutating func pack(_ digit: Int16, at index: Int) {
        packed |= UInt64(UInt16(bitPattern: digit)) << (16 * UInt64(index))
    }

    /// Parses `-12.340`, `NaN`, `Infinity`, `-Infinity`. Returns nil for anything else.
    public init?(_ text: String) {
        switch text {
        case "NaN": self = .nan; return
        case "Infinity", "+Infinity": self = .infinity; return
        case "-Infinity": self = .negativeInfinity; return
        default: break
        }
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !(integer.isEmpty && fraction.isEmpty), (integer + fraction).allSatisfy({ $0.isASCII && $0.isNumber }),
            fraction.count <= Int(Int16.max)
        else { return nil }
        let integerPadded = String(repeating: "0", count: (4 - integer.count % 4) % 4) + integer
        let fractionPadded = fraction + String(repeating: "0", count: (4 - fraction.count % 4) % 4)
        let all = Array((integerPadded + fractionPadded).utf8)
        var groups: [Int16] = stride(from: 0, to: all.count, by: 4).map { start in
            all[start..<(start + 4)].reduce(Int16(0)) { $0 * 10 + Int16($1 - 48) }
        }
        var weight = integerPadded.count / 4 - 1
        while let first = groups.first, first == 0 { groups.removeFirst(); weight -= 1 }
        while let last = groups.last, last == 0 { groups.removeLast() }
        if groups.isEmpty { weight = 0; negative = false }
        guard weight >= Int(Int16.min), weight <= Int(Int16.max) else { return nil }
        self.init(sign: negative ? .minus : .plus, weight: Int16(weight), scale: Int16(fraction.count), digits: groups)
    }

    public var isNaN: Bool { sign == .nan }

    /// Equal when the server would print them the same (NaN equals NaN, as in PostgreSQL's ordering).
    public static func == (lhs: PostgresNumeric, rhs: PostgresNumeric) -> Bool {
        lhs.description == rhs.description
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
    public var isInfinite: Bool { sign == .infinity || sign == .negativeInfinity }

    /// The value as PostgreSQL prints it (`-12.340`).
    public var description: String {
        switch sign {
        case .nan: return "NaN"
        case .infinity: return "Infinity"
        case .negativeInfinity: return "-Infinity"
        case .plus, .minus: break
        }
        var text = sign == .minus ? "-" : ""
        if weight < 0 {
            text += "0"
        } else {
            for index in 0...Int(weight) {
                let digit = index < digitCount ? digit(at: index) : 0
                text += index == 0 ? String(digit) : Self.pad4(digit)
            }
        }
        if scale > 0 {
            var fraction = ""
            var index = Int(weight) + 1
            while fraction.count < Int(scale) {
                fraction += Self.pad4(index >= 0 && index < digitCount ? digit(at: index) : 0)
                index += 1
            }
            text += "." + fraction.prefix(Int(scale))
        }
        return text
    }

    private static func pad4(_ digit: Int16) -> String {
        let text = String(digit)
        return String(repeating: "0", count: 4 - text.count) + text
    }

    public init(_ decimal: Decimal) throws {
        if decimal.isNaN { self = .nan; return }
        guard let value = PostgresNumeric(decimal.description) else {
            throw PostgresDecodingFailure.outOfRange("Decimal \(decimal) has no numeric form")
        }
        self = value
    }

    /// The exact `Decimal`, or an error when the value has more than 38 significant digits or is
    /// infinite (Decimal cannot hold them).
    public func decimalValue() throws -> Decimal {
        switch sign {
        case .nan: return .nan
        case .infinity, .negativeInfinity: throw PostgresDecodingFailure.outOfRange("\(self) does not fit Decimal; decode PostgresNumeric")
        case .plus, .minus: break
        }
        let count = digitCount
        if count == 0 { return 0 }
        if count <= 4 {  // fast path: at most 16 decimal digits fit a UInt64 significand
            var significand: UInt64 = 0
            for index in 0..<count { significand = significand * 10_000 + UInt64(digit(at: index)) }
            let exponent = 4 * (Int(weight) - (count - 1))
            return Decimal(sign: sign == .minus ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
        }
        var significant = digits.map { Self.pad4($0) }.joined()
        while significant.hasPrefix("0") { significant.removeFirst() }
        while significant.hasSuffix("0") { significant.removeLast() }
        guard significant.count <= 38, let value = Decimal(string: description, locale: Locale(identifier: "en_US_POSIX")) else {
            throw PostgresDecodingFailure.outOfRange("\(self) has more digits than Decimal holds (38); decode PostgresNumeric")
        }
        return value
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = PostgresNumeric(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a numeric: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension PostgresNumeric: PostgresCodable {
    public static var postgresType: PostgresType { .numeric }
    public func encode(into buffer: inout PostgresEncoder) throws {
        forEachBinaryWord { buffer.writeInteger($0) }
    }

    /// The binary form's length in bytes: four header words, then two bytes a digit.
    var binaryByteCount: Int { 8 + 2 * digitCount }

    /// The binary form's 16-bit words in order: digit count, weight, sign, scale, then the
    /// base-10000 digits. `encode` and COPY's in-place writer (`CopyBuffer`) both write these.
    func forEachBinaryWord(_ body: (Int16) -> Void) {
        body(Int16(digitCount))
        body(weight)
        body(sign.rawValue)
        body(scale)
        for index in 0..<digitCount { body(digit(at: index)) }
    }
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> PostgresNumeric {
        guard type.oid == PostgresType.numeric.oid else { throw PostgresDecodingFailure.typeMismatch(expected: "numeric") }
        let count = try bytes.readInteger(Int16.self)
        let weight = try bytes.readInteger(Int16.self)
        guard let sign = Sign(rawValue: try bytes.readInteger(Int16.self)) else {
            throw PostgresDecodingFailure.malformed("unknown numeric sign")
        }
        let scale = try bytes.readInteger(Int16.self)
        var value = PostgresNumeric(sign: sign, weight: weight, scale: scale, digits: [])
        if count <= 4 {
            for index in 0..<max(Int(count), 0) { value.pack(try bytes.readInteger(), at: index) }
            value.packedCount = max(Int(count), 0)
        } else {
            var digits: [Int16] = []
            digits.reserveCapacity(Int(count))
            for _ in 0..<count { digits.append(try bytes.readInteger()) }
            value.spilled = digits
        }
        return value
    }
}

extension Decimal: PostgresCodable {
    public static var postgresType: PostgresType { .numeric }
    public func encode(into buffer: inout PostgresEncoder) throws { try PostgresNumeric(self).encode(into: &buffer) }
    /// Decodes `numeric` exactly (throws past 38 significant digits) and integers.
    public static func decode(from bytes: inout PostgresDecoder, type: PostgresType) throws -> Decimal {
        switch type.oid {
        case PostgresType.numeric.oid: return try PostgresNumeric.decode(from: &bytes, type: type).decimalValue()
        case PostgresType.int2.oid, PostgresType.int4.oid, PostgresType.int8.oid:
            return Decimal(try Int64.decode(from: &bytes, type: type))
        default: throw PostgresDecodingFailure.typeMismatch(expected: "Decimal (numeric, integers)")
        }
    }
}
