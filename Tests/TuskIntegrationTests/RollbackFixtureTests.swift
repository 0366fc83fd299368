import Testing
import Tusk
import TuskTesting

/// The rollback fixture with the generated API, as docs/testing.md shows it.
@Suite struct RollbackFixtureTests {
    @Test func generatedWritesInsideTheFixtureAreRolledBack() async throws {
        try await withSchemaDatabase { db in
            let seen = try await withRollbackTransaction(on: db) { tx in
                let user = try await tx.insert(User.Insert(email: "ann@example.com", name: "Ann", passwordHash: "h"))
                await #expect(throws: PostgresError.self) {
                    try await tx.transaction { inner in
                        _ = try await inner.insert(User.Insert(email: "bob@example.com", name: "Bob", passwordHash: "h"))
                        _ = try await inner.insert(User.Insert(email: "ann@example.com", name: "Ann 2", passwordHash: "h"))
                    }
                }
                #expect(try await User.where { $0.id == user.id }.count(on: tx) == 1)
                return try await User.query.count(on: tx)
            }
            #expect(seen == 1)
            #expect(try await User.query.count(on: db) == 0)
        }
    }
}
