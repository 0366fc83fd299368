import Foundation
import Testing
import Tusk

/// One test per validator rule, each asserting the message; validators run before every write.
@Suite struct ValidatorTests {
    func failures(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let error as ValidationError {
            return error.failures.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    func user(email: String = "ann@example.com", name: String = "Ann", homepage: String? = nil) -> User.Insert {
        User.Insert(email: email, name: name, passwordHash: "h", homepage: homepage)
    }

    @Test func validValuesPass() throws {
        try user(homepage: "https://example.com/ann").validate()
        try ApiKey.Insert(userId: UUID(), prefix: "tsk_abc123", keyHash: Data()).validate()
        try Document.Insert(title: "t", score: 1, embedding: [1, 2, 3]).validate()
    }

    @Test func formatEmail() {
        #expect(failures { try user(email: "ann@").validate() } == [#"email (format email): "ann@" is not an email address"#])
    }

    @Test func formatURL() {
        #expect(failures { try user(homepage: "ftp:/nowhere").validate() } == [#"homepage (format url): "ftp:/nowhere" is not an http(s) URL"#])
    }

    @Test func formatUUIDHoldsByType() throws {
        try Job.Insert(externalId: UUID()).validate()  // uuid columns are Foundation.UUID: always valid
    }

    @Test func maxLengthRule() {
        let email = String(repeating: "a", count: 320) + "@example.com"
        #expect(failures { try user(email: email).validate() } == ["email (max_length 320): is 332 characters long, the limit is 320"])
    }

    @Test func minLengthRule() {
        #expect(failures { try Document.Insert(title: "").validate() } == ["title (min_length 1): is 0 characters long, the minimum is 1"])
    }

    @Test func patternRule() {
        #expect(failures { try ApiKey.Insert(userId: UUID(), prefix: "TSK_ABCDEF", keyHash: Data()).validate() }
            == [#"prefix (pattern ^tsk_[a-z0-9]+$): "TSK_ABCDEF" does not match ^tsk_[a-z0-9]+$"#])
    }

    @Test func minAndMaxRules() {
        #expect(failures { try Document.Insert(title: "t", score: -0.5).validate() } == ["score (min 0): is -0.5, the minimum is 0"])
        #expect(failures { try MemoryObject.Insert(userId: UUID(), key: "k", content: "c", importance: 1.5).validate() }
            == ["importance (max 1): is 1.5, the maximum is 1"])
        #expect(failures { try Message.Insert(conversationId: UUID(), role: .user, content: "c", tokens: -1).validate() }
            == ["tokens (min 0): is -1, the minimum is 0"])
    }

    @Test func varcharLength() {
        #expect(failures { try user(name: String(repeating: "é", count: 256)).validate() }
            == ["name (varchar(255)): is 256 characters long, the limit is 255"])
    }

    @Test func charLength() {
        var insert = user()
        insert.plan = "enterprise"
        #expect(failures { try insert.validate() } == ["plan (char(4)): is 10 characters long, the limit is 4"])
    }

    @Test func numericPrecisionAndScale() {
        #expect(failures { try Document.Insert(title: "t", score: Decimal(string: "0.125")!).validate() }
            == ["score (numeric(3,2)): 0.125 does not fit numeric(3,2)"])
        #expect(failures { try Document.Insert(title: "t", score: 10).validate() }
            == ["score (numeric(3,2)): 10 does not fit numeric(3,2)", "score (max 1): is 10, the maximum is 1"])
    }

    @Test func enumMembership() {
        #expect(failures { try Document.Insert(title: "t", tier: .unknown("ARCHIVED")).validate() }
            == [#"tier (enum memory_tier): "ARCHIVED" is not a label of memory_tier"#])
    }

    @Test func vectorDimension() {
        #expect(failures { try Document.Insert(title: "t", embedding: [1, 2]).validate() }
            == ["embedding (vector(3)): has 2 dimensions, the column has 3"])
    }

    @Test func everyFailingFieldIsReportedAtOnce() {
        let error = #expect(throws: ValidationError.self) { try user(email: "x", name: String(repeating: "n", count: 300), homepage: "nope").validate() }
        #expect(error?.description == """
            users: 3 invalid fields:
              email (format email): "x" is not an email address
              name (varchar(255)): is 300 characters long, the limit is 255
              homepage (format url): "nope" is not an http(s) URL
            """)
    }

    @Test func patchesValidateOnlyTheFieldsTheySet() {
        var patch = User.Patch()
        #expect(failures { try patch.validate() }.isEmpty)
        patch.email = "bad"
        #expect(failures { try patch.validate() } == [#"email (format email): "bad" is not an email address"#])
    }

    @Test func writesAreRefusedBeforeReachingTheDatabase() async throws {
        try await withSchemaDatabase { db in try await self.writesAreRefusedBeforeReachingTheDatabase(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    func writesAreRefusedBeforeReachingTheDatabase(_ db: Database) async throws {
        let insert = await thrown(ValidationError.self) { _ = try await db.insert(user(email: "nope")) }
        #expect(insert?.failures.map(\.column) == ["email"])
        let many = await thrown(ValidationError.self) { _ = try await db.insert([user(), user(email: "b@example.com", name: String(repeating: "x", count: 256))]) }
        #expect(many?.failures.map(\.column) == ["name"])
        #expect(try await User.count(on: db) == 0)
        let ann = try await db.insert(user())
        let update = await thrown(ValidationError.self) {
            try await User.update { $0.homepage = "not a url" }.where { $0.id == ann.id }.execute(on: db)
        }
        #expect(update?.failures.map(\.rule) == ["format url"])
        let upsert = await thrown(ValidationError.self) {
            try await User.insert(user()).onConflict { [$0.email] }.doUpdate { $0.name = .set(String(repeating: "y", count: 300)) }.execute(on: db)
        }
        #expect(upsert?.failures.map(\.column) == ["name"])
        #expect(try await User.find(ann.id, on: db)?.homepage == nil)
    }
}
