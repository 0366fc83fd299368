import TuskSchema

/// What a generated column's values must meet: its type, its `validate:` rules, and the hints
/// its table's CHECK constraints give (an `IN` list, a range, a length).
struct ColumnSpec {
    let column: Column
    var minimum: Double?
    var maximum: Double?
    var minLength: Int?
    var maxLength: Int?
    var pattern: PatternGenerator?
    /// The validator's own matcher, so a generated value passes exactly what the validator checks.
    var patternMatcher: Regex<AnyRegexOutput>?
    var format: ValidationFormat?
    /// The only values allowed (a CHECK's `IN` list or `=`), as text.
    var choices: [String]?
    /// Part of a unique key or the primary key: values vary with the row number.
    var isUnique = false
    /// Probability of NULL (0 for NOT NULL columns).
    var nullRate = 0.0

    /// Reads the column's rules; a rule the seeder cannot generate for is returned as a problem.
    static func make(_ column: Column, table: String, hints: CheckCondition.Hints) -> (ColumnSpec, SeedError.Problem?) {
        var spec = ColumnSpec(column: column)
        var problem: SeedError.Problem?
        switch column.type {
        case .varchar(let n?): spec.maxLength = n
        case .char(let n): spec.maxLength = n
        default: break
        }
        for rule in column.validations {
            switch rule {
            case .min(let v): spec.minimum = max(spec.minimum ?? v, v)
            case .max(let v): spec.maximum = min(spec.maximum ?? v, v)
            case .minLength(let n): spec.minLength = max(spec.minLength ?? n, n)
            case .maxLength(let n): spec.maxLength = min(spec.maxLength ?? n, n)
            case .format(let f): spec.format = f
            case .pattern(let p):
                do {
                    spec.pattern = try PatternGenerator(p)
                    spec.patternMatcher = try Regex(p)
                } catch {
                    problem = SeedError.Problem(
                        subject: "\(table).\(column.name)", rule: "pattern \(p)", reason: "\(error)",
                        fix: "simplify the pattern (literals, classes, groups, |, quantifiers), or seed this table yourself and leave it out (--table)")
                }
            }
        }
        let name = column.name
        if let c = hints.choices[name] { spec.choices = c }
        if let v = hints.minimum[name] { spec.minimum = max(spec.minimum ?? v, v) }
        if let v = hints.maximum[name] { spec.maximum = min(spec.maximum ?? v, v) }
        if let n = hints.minLength[name] { spec.minLength = max(spec.minLength ?? n, n) }
        if let n = hints.maxLength[name] { spec.maxLength = min(spec.maxLength ?? n, n) }
        if problem == nil, let lo = spec.minLength, let hi = spec.maxLength, lo > hi {
            problem = SeedError.Problem(
                subject: "\(table).\(column.name)", rule: "length \(lo)...\(hi)",
                reason: "the minimum length is above the maximum (validators, the type and CHECK constraints together)",
                fix: "make the length rules agree")
        }
        if problem == nil, let lo = spec.minimum, let hi = spec.maximum, lo > hi {
            problem = SeedError.Problem(
                subject: "\(table).\(column.name)", rule: "range \(lo)...\(hi)",
                reason: "the minimum is above the maximum (validators and CHECK constraints together)",
                fix: "make the range rules agree")
        }
        return (spec, problem)
    }
}
