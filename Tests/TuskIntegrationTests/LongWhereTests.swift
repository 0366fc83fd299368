import Foundation
import Testing
import Tusk

/// TuskIntegrationTests compiles with `-warn-long-expression-type-checking=200` and warnings as errors
/// (Package.swift): if any expression here, or in the code generated for schema.yaml, takes the
/// type checker more than 200 ms, the build fails (the least of up to five builds counts:
/// scripts/build-tests.sh).
@Suite struct LongWhereTests {
    /// Twenty conditions, as two `where` calls of ten (they combine with AND). Swift 6.3.1 checks
    /// one `&&` chain of all twenty in 142-216 ms, at the budget; two chains of ten in 77-125 ms
    /// (BENCHMARKS.md). Most of that cost is the compiler's own: a plain chain of twenty `==` over
    /// Bool measures 139-214 ms. The Performance article tells users the same split.
    @Test func twentyConditionWhereTypeChecksFast() throws {
        let user = UUID()
        let since = Date(timeIntervalSince1970: 1_700_000_000)
        let query = Document.where {
            $0.userId == user && $0.title != "draft" && $0.title.ilike("%report%") && $0.sourceURL == nil
                && $0.score >= 0.1 && $0.score <= 0.9 && $0.tier == .semantic && $0.createdAt > since
                && $0.createdAt < Date() && $0.deletedAt == nil
        }.where {
            $0.id > 10 && $0.id < 10_000 && $0.tags.any("q3") && $0.metadata.hasKey("kind") && $0.embedding != nil
                && ($0.tier != .shared || $0.score > 0.5) && !($0.title == "x") && $0.id.in([1, 2, 3])
                && $0.title.like("R%") && $0.score.between(0, and: 1)
        }
        let sql = try query.sql()
        #expect(sql.bindings.count == 19)  // three conditions compare with nil (IS NULL), `in` is one array
        // 18 within the two closures, 1 joining them, 1 in BETWEEN, 1 before the soft-delete condition
        #expect(sql.text.components(separatedBy: " AND ").count == 22)
    }

    /// A long patch: compound assignments, `.now`, an enum label, CASE and cross-column
    /// arithmetic with casts, in one closure, under the same 200 ms guard.
    @Test func longPatchExpressionTypeChecksFast() throws {
        let update = Job.update { job, row in
            job.attempts += 1; job.runAt = .now; job.lockedBy = nil; job.queue = "retry"
            job.status = .expression(.case(when: row.attempts.plus(1).ge(3).and(row.queue.lower().eq("default")), then: .failed, else: .queued))
            job.createdOn = .currentDate
        }.where { $0.status == .running && $0.attempts.times(2).lt(10) && $0.lockedBy.coalesce("").ne("me") }
        let sql = try update.sql()
        #expect(sql.text.contains("CASE WHEN"))
        let decay = MemoryObject.update { memory, row in
            memory.importance *= 0.9; memory.pinned = false
            memory.recall = .expression(row.recall.times(row.importance.cast(to: Double.self)).plus(row.recall.dividedBy(2)).greatest(0).least(100))
            memory.content = .expression(row.content.concat(" ").concat(row.key.upper()))
        }.where { $0.pinned == false && $0.importance.times(2).gt(0.1) }
        #expect(try decay.sql().bindings.count == 9)
    }
}
