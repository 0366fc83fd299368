import Testing
@testable import TuskSeed

/// The pieces without a database: strings from patterns, CHECK reading, stable random streams.
@Suite struct GeneratorTests {
    @Test(arguments: [
        "^tsk_[a-z0-9]+$", "^[A-Z]{2}-[0-9]{3,5}$", "^(foo|bar)+\\d?$", "[^@\\s]+@[a-z]+\\.(com|org)",
        "^\\w{3,8}(\\.\\w+)*$", "^#[0-9a-fA-F]{6}$", "^a.b?c*$", "^[-+]?[0-9]{1,3}(,[0-9]{3})*$",
    ])
    func generatedStringsMatchTheirPattern(_ pattern: String) throws {
        let generator = try PatternGenerator(pattern)
        let regex = try Regex(pattern)
        var random = SeedRandom(seed: 1, stream: pattern)
        for _ in 0..<200 {
            let value = generator.generate(&random, stretch: 8)
            #expect(try regex.wholeMatch(in: value) != nil, "\(value) does not match \(pattern)")
        }
    }

    @Test(arguments: ["^(?=a)a$", "^(a)\\1$", "^\\p{L}+$", "\\bword\\b", "[[:alpha:]]"])
    func constructsItCannotGenerateFromAreNamed(_ pattern: String) {
        #expect(throws: PatternGenerator.Unsupported.self) { try PatternGenerator(pattern) }
    }

    @Test func checksAreEvaluatedTheWaySQLDoes() throws {
        let columns: Set<String> = ["decision", "reason", "plan", "n", "title"]
        let denied = try #require(CheckCondition("decision <> 'deny' OR reason IS NOT NULL", columns: columns))
        #expect(denied.passes { ["decision": .text("deny"), "reason": .null][$0] ?? .null } == false)
        #expect(denied.passes { ["decision": .text("deny"), "reason": .text("x")][$0] ?? .null })
        #expect(denied.passes { ["decision": .text("allow"), "reason": .null][$0] ?? .null })
        let plan = try #require(CheckCondition("plan IN ('free', 'team', 'corp')", columns: columns))
        #expect(plan.passes { _ in .text("gold") } == false)
        #expect(plan.passes { _ in .null })  // NULL passes a CHECK
        let between = try #require(CheckCondition("n::integer BETWEEN 3 AND 7 AND length(title) > 0", columns: columns))
        #expect(between.passes { ["n": .number(7), "title": .text("a")][$0] ?? .null })
        #expect(between.passes { ["n": .number(8), "title": .text("a")][$0] ?? .null } == false)
        #expect(between.passes { ["n": .number(5), "title": .text("")][$0] ?? .null } == false)
        var hints = CheckCondition.Hints()
        plan.collectHints(into: &hints)
        between.collectHints(into: &hints)
        #expect(hints.choices["plan"] == ["free", "team", "corp"])
        #expect(hints.minimum["n"] == 3 && hints.maximum["n"] == 7)
        #expect(hints.minLength["title"] == 1)
        #expect(CheckCondition("title ~ '^a'", columns: columns) == nil)
        #expect(CheckCondition("now() > n", columns: columns) == nil)
        #expect(CheckCondition("unknown_column > 1", columns: columns) == nil)
    }

    @Test func aTablesStreamDependsOnlyOnTheSeedAndTheTableName() {
        var a = SeedRandom(seed: 42, stream: "users")
        var b = SeedRandom(seed: 42, stream: "users")
        var c = SeedRandom(seed: 43, stream: "users")
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        // Fixed values: a change to the generator changes every seed's rows, and should be a decision.
        var fixed = SeedRandom(seed: 1, stream: "t")
        #expect(Fake.uuid(&fixed).count == 36)
        #expect(Fake.decimal(units: -5, scale: 3) == "-0.005")
        #expect(Fake.timestamp(seconds: 86_400 + 3_661, withZone: true) == "2024-01-02 01:01:01+00")
        #expect(Fake.date(days: 60) == "2024-03-01")
    }
}
