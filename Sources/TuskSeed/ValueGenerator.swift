import TuskSchema

/// One value for a column, as the text PostgreSQL reads for its type (`42`, `0.37`,
/// `2024-03-05 12:00:00+00`, `{"a","b"}`, `[0.1,-0.2,0.3]`), or nil when no value fits (the row
/// is then generated again).
///
/// `salt` (the row number, shifted on each retry) is set for columns in a unique key: numbers,
/// dates, times, addresses and text then derive from it, so values differ from row to row
/// without a search.
struct ValueGenerator {
    let enums: [String: [String]]

    func value(_ spec: ColumnSpec, _ random: inout SeedRandom, salt: Int?) -> String? {
        if let choices = spec.choices {
            let fitting = choices.filter { fitsLength($0, spec) }
            if fitting.isEmpty { return nil }
            return salt.map { fitting[$0 % fitting.count] } ?? random.pick(fitting)
        }
        return value(of: spec.column.type, spec, &random, salt: salt)
    }

    private func value(of type: SQLType, _ spec: ColumnSpec, _ random: inout SeedRandom, salt: Int?) -> String? {
        switch type {
        case .smallint: return integer(spec, bounds: -32768...32767, &random, salt: salt)
        case .integer: return integer(spec, bounds: Int64(Int32.min)...Int64(Int32.max), &random, salt: salt)
        case .bigint: return integer(spec, bounds: Int64.min...Int64.max, &random, salt: salt)
        case .numeric(let p, let s):
            let scale = p == nil ? 2 : (s ?? 0)
            let integerDigits = min((p ?? 11) - scale, 15)
            return decimal(spec, scale: scale, integerDigits: integerDigits, &random, salt: salt)
        case .real, .doublePrecision:
            return floating(spec, single: type == .real, &random, salt: salt)
        case .boolean: return random.chance(0.5) ? "true" : "false"
        case .text, .varchar, .char: return text(spec, &random, salt: salt)
        case .uuid: return Fake.uuid(&random)
        case .date: return Fake.date(days: salt.map { Int64($0) } ?? random.int(0...729))
        case .time:
            let seconds = salt.map { Int64($0 % 86_400) } ?? random.int(0...86_399)
            return Fake.time(seconds: seconds)
        case .timestamp, .timestamptz:
            let seconds = salt.map { Int64($0) * 60 + random.int(0...59) } ?? random.int(0...(2 * 365 * 86_400))
            return Fake.timestamp(seconds: seconds, withZone: type == .timestamptz)
        case .interval: return "\(random.int(1...600_000)) milliseconds"
        case .bytea: return Fake.bytes(&random)
        case .json, .jsonb: return Fake.json(&random)
        case .inet: return Fake.inet(&random, salt: salt)
        case .enumType(let name):
            guard let labels = enums[name], !labels.isEmpty else { return nil }
            return salt.map { labels[$0 % labels.count] } ?? random.pick(labels)
        case .vector(let n): return Fake.vector(dimensions: n, &random)
        case .array(let element):
            let elementSpec = ColumnSpec(column: Column(name: spec.column.name, swiftName: "", type: element))
            var items: [String] = []
            for _ in 0..<random.int(0...3) {
                guard let item = value(of: element, elementSpec, &random, salt: nil) else { return nil }
                items.append(Fake.arrayElement(item))
            }
            return "{" + items.joined(separator: ",") + "}"
        case .opaque, .tsvector: return nil
        }
    }

    // MARK: Numbers

    /// The range the rules allow, narrowed to a plausible one when a side is open.
    private static func range(_ spec: ColumnSpec, bounds: ClosedRange<Double>) -> ClosedRange<Double>? {
        var lo = max(spec.minimum ?? -.infinity, bounds.lowerBound)
        var hi = min(spec.maximum ?? .infinity, bounds.upperBound)
        switch (spec.minimum, spec.maximum) {
        case (nil, nil): lo = max(lo, 0); hi = min(hi, 1000)
        case (_?, nil): hi = min(hi, lo + 1000)
        case (nil, _?): lo = max(lo, hi - 1000)
        default: break
        }
        return lo <= hi ? lo...hi : nil
    }

    private func integer(_ spec: ColumnSpec, bounds: ClosedRange<Int64>, _ random: inout SeedRandom, salt: Int?) -> String? {
        let wide = Self.range(spec, bounds: Double(bounds.lowerBound)...Double(bounds.upperBound))
        guard let wide else { return nil }
        let lo = Int64(wide.lowerBound.rounded(.up))
        // A unique column counts up from its minimum (past the plausible range if need be).
        let hi = salt == nil ? Int64(wide.upperBound.rounded(.down)) : Int64(min(Double(bounds.upperBound), spec.maximum ?? Double(bounds.upperBound)).rounded(.down))
        guard lo <= hi else { return nil }
        if let salt {
            let (value, overflow) = lo.addingReportingOverflow(Int64(salt))
            return overflow || value > hi ? nil : String(value)
        }
        return String(random.int(lo...hi))
    }

    private func decimal(_ spec: ColumnSpec, scale: Int, integerDigits: Int, _ random: inout SeedRandom, salt: Int?) -> String? {
        let unit = Self.power(scale)
        let limit = (Self.power(integerDigits) - 1) + (1 - 1 / unit)  // 999.99 for numeric(5,2)
        guard let range = Self.range(spec, bounds: -limit...limit) else { return nil }
        let lo = Int64((range.lowerBound * unit).rounded(.up))
        let hi = Int64((range.upperBound * unit).rounded(.down))
        guard lo <= hi else { return nil }
        let units: Int64
        if let salt {
            units = lo + Int64(salt)
            if units > hi { return nil }
        } else {
            units = random.int(lo...hi)
        }
        return Fake.decimal(units: units, scale: scale)
    }

    private func floating(_ spec: ColumnSpec, single: Bool, _ random: inout SeedRandom, salt: Int?) -> String? {
        guard let range = Self.range(spec, bounds: -1e9...1e9) else { return nil }
        var lo = Int64((range.lowerBound * 1000).rounded(.up))
        var hi = Int64((range.upperBound * 1000).rounded(.down))
        // real: a value must still meet the bounds after rounding to 24 bits.
        func stored(_ units: Int64) -> Double { single ? Double(Float(Double(units) / 1000)) : Double(units) / 1000 }
        while lo <= hi, stored(lo) < (spec.minimum ?? -.infinity) { lo += 1 }
        while lo <= hi, stored(hi) > (spec.maximum ?? .infinity) { hi -= 1 }
        guard lo <= hi else { return nil }
        let units = salt.map { lo + Int64($0) } ?? random.int(lo...hi)
        if units > hi { return nil }
        return Fake.decimal(units: units, scale: 3)
    }

    static func power(_ n: Int) -> Double { (0..<max(n, 0)).reduce(1.0) { r, _ in r * 10 } }

    // MARK: Text

    private func fitsLength(_ text: String, _ spec: ColumnSpec) -> Bool {
        let n = text.unicodeScalars.count
        return n >= (spec.minLength ?? 0) && n <= (spec.maxLength ?? .max)
    }

    private func text(_ spec: ColumnSpec, _ random: inout SeedRandom, salt: Int?) -> String? {
        if let pattern = spec.pattern {
            for _ in 0..<20 {
                let candidate = pattern.generate(&random, stretch: max(8, spec.minLength ?? 0))
                guard fitsLength(candidate, spec) else { continue }
                if let matcher = spec.patternMatcher, (try? matcher.wholeMatch(in: candidate)) == nil { continue }
                return candidate
            }
            return nil
        }
        let suffix = salt.map { String($0) } ?? ""
        let raw: String
        switch spec.format {
        case .email: raw = Fake.email(&random, suffix: salt.map { String($0) } ?? String(random.int(1...9999)), maxLength: spec.maxLength)
        case .url: raw = Fake.url(&random, suffix: salt.map { String($0) } ?? String(random.int(1...9999)))
        case .uuid: raw = Fake.uuid(&random)
        case nil: raw = Fake.words(&random, minLength: spec.minLength ?? 1, maxLength: spec.maxLength, suffix: suffix)
        }
        return fitsLength(raw, spec) ? raw : nil
    }
}
