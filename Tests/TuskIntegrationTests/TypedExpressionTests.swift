import Foundation
import Testing
import Tusk

/// Typed expressions over columns on a real server: in patches (other columns, CASE, casts,
/// upserts with EXCLUDED), select, order, where and groupBy. Each test body is a function, so
/// its statements are type-checked one by one.
@Suite struct TypedExpressionTests {
    @Test func patchesSetFieldsFromOtherColumnsWithCaseAndCasts() async throws {
        try await withSchemaDatabase { db in try await Self.patches(db) }
    }

    static func patches(_ db: Database) async throws {
        let job = try await db.insert(Job.Insert())
        // The retry bump: one more attempt, and failed once the third has been used.
        let retry = Job.update { job, row in
            job.attempts += 1
            job.status = .expression(.case(when: row.attempts.ge(2), then: .failed, else: .queued))
        }.where { $0.id == job.id }
        let text = try retry.sql().text
        #expect(text.hasPrefix(#"UPDATE "public"."jobs" SET "status" = CASE WHEN "jobs"."attempts" >= $1 THEN $2 ELSE $3 END, "attempts" = "jobs"."attempts" + $4"#)
            || text.hasPrefix(#"UPDATE "public"."jobs" SET "attempts" = "jobs"."attempts" + $1, "status" = CASE WHEN "jobs"."attempts" >= $2 THEN $3 ELSE $4 END"#), "\(text)")
        var states: [JobStatus] = []
        for _ in 0..<3 {
            let rows = try await retry.returning { $0.status }.execute(on: db)
            states += rows
        }
        #expect(states == [.queued, .queued, .failed])

        let ann = try await makeUser(db)
        let memory = try await db.insert(MemoryObject.Insert(userId: ann.id, key: "k", content: "Note", importance: 0.5, recall: 2))
        let mix = MemoryObject.update { patch, row in
            patch.recall = .expression(row.recall.times(row.importance.cast(to: Double.self)).plus(1))
            patch.content = .expression(row.content.upper().concat("!"))
        }.where { $0.id == memory.id }
        let mixed = try #require(try await mix.returning().execute(on: db).first)
        #expect(mixed.recall == 2 && mixed.content == "NOTE!")

        // An upsert adding the proposed value to the stored one.
        let add = MemoryObject.insert(MemoryObject.Insert(userId: ann.id, key: "k", content: "x", recall: 5))
            .onConflict { [$0.userId, $0.key] }
            .doUpdate { patch, row in patch.recall = .expression(row.recall.plus(row.recall.excluded)) }
        #expect(try add.sql().text.contains(#"DO UPDATE SET "recall" = ("memory_objects"."recall") + (EXCLUDED."recall")"#))
        #expect(try await add.execute(on: db).map(\.recall) == [7])
    }

    @Test func expressionsSelectOrderFilterAndGroup() async throws {
        try await withSchemaDatabase { db in try await Self.reads(db) }
    }

    static func reads(_ db: Database) async throws {
        let al = try await makeUser(db, "Al", nickname: "ally")
        _ = try await makeUser(db, "Bo")
        let names = try await User.order { $0.name }
            .select { ($0.nickname.coalesce($0.name).upper(), $0.name.concat("?").lower()) }.all(on: db)
        #expect(names.map(\.0) == ["ALLY", "BO"] && names.map(\.1) == ["al?", "bo?"])

        _ = try await db.insert([Job.Insert(queue: "a"), Job.Insert(queue: "a"), Job.Insert(queue: "B")])
        try await Job.update { $0.attempts += 2 }.where { $0.queue == "a" }.execute(on: db)
        let due = try await Job.where { $0.attempts.plus(1).ge(3) }.count(on: db)
        #expect(due == 2)
        let ordered = try await Job.order { $0.attempts.times(-1) }.select { $0.queue }.all(on: db)
        #expect(ordered == ["a", "a", "B"])
        let perQueue = try await Job.groupBy { $0.queue.lower() }.select { ($0.queue.lower(), count()) }.all(on: db)
        #expect(perQueue.map { "\($0.0)=\($0.1)" }.sorted() == ["a=2", "b=1"])
        let greatest = try await Job.select { $0.attempts.greatest(1).least(2) }.all(on: db)
        #expect(greatest.sorted() == [1, 2, 2])
        #expect(try await User.where { $0.id == al.id }.select { $0.nickname.coalesce("none") }.first(on: db) == "ally")
    }
}
