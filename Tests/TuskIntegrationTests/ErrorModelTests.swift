import Foundation
import Testing
import Tusk

/// One error model: what the runtime throws is a PostgresError (or a documented Tusk error),
/// with the cause kept.
@Suite struct ErrorModelTests {
    @Test func aSwiftTypeJSONColumnThatDoesNotDecodeIsADecodingFailedNamingTheColumn() async throws {
        try await withSchemaDatabase { db in
            let user = try await makeUser(db)
            try await db.run("""
                INSERT INTO conversations (user_id, settings) VALUES (\(user.id), '{"model": 7}'::jsonb)
                """)
            let error = await thrown(PostgresError.self) { _ = try await Conversation.query.all(on: db) }
            #expect(error?.kind == .decodingFailed)
            #expect(error?.column == "settings")
            #expect(error?.underlying is DecodingError)
            #expect(error?.message.contains("ConversationSettings") == true)
        }
    }

    @Test func aCancelledPoolWaitThrowsAPostgresError() async throws {
        try await withSchemaDatabase(maxConnections: 1) { db in
            try await db.withConnection { _ in
                // The only connection is leased: this wait queues until it is cancelled (a task
                // cancelled before it queues fails the same way).
                let waiting = Task { try await db.query("SELECT 1") }
                waiting.cancel()
                let outcome = await waiting.result
                #expect(throws: PostgresError.self) { _ = try outcome.get() }
                if case .failure(let error as PostgresError) = outcome { #expect(error.kind == .cancelled) }
            }
        }
    }

    @Test func kindsMatchInASwitchWithADefault() {
        // Kind is a struct of named codes: new kinds never break a user's switch that has a default.
        func advice(_ kind: PostgresError.Kind) -> String {
            switch kind {
            case .uniqueViolation: return "taken"
            case .commitOutcomeUnknown: return "re-read"
            default: return "other"
            }
        }
        #expect(advice(.uniqueViolation) == "taken")
        #expect(advice(PostgresError.Kind("commitOutcomeUnknown")) == "re-read")
        #expect(advice(.syntaxError) == "other")
        #expect(PostgresError(kind: .commitOutcomeUnknown, message: "x").isRetryable == false)
    }
}
