import Foundation
import Testing
import Tusk

@Suite struct LockingTests {
    @Test func lockingClausesRender() throws {
        let claim = Job.where { $0.status == .queued }.order { $0.id }.forUpdate(skipLocked: true).limit(1)
        #expect(try claim.sql().text.hasSuffix(#"WHERE "status" = $1 ORDER BY "id" LIMIT 1 FOR UPDATE SKIP LOCKED"#))
        #expect(try Job.query.forUpdate(nowait: true).sql().text.hasSuffix(" FOR UPDATE NOWAIT"))
        #expect(try Job.query.forShare().sql().text.hasSuffix(" FOR SHARE"))
    }

    /// Three workers claim jobs with FOR UPDATE SKIP LOCKED: every job is done exactly once.
    @Test func skipLockedWorkersClaimEachJobOnce() async throws {
        try await withSchemaDatabase(maxConnections: 6) { db in
            _ = try await db.insert((1...30).map { Job.Insert(payload: PostgresJSON(text: "{\"n\": \($0)}")) })
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 1...3 {
                    group.addTask {
                        var done: [Int64] = []
                        while true {
                            let job = try await db.transaction { tx -> Job.Row? in
                                let claim = Job.where { $0.status == .queued }.order { $0.id }.forUpdate(skipLocked: true)
                                guard let job = try await claim.first(on: tx) else { return nil }
                                try await Job.update { $0.status = .succeeded; $0.lockedBy = .set("worker \(worker)") }
                                    .where { $0.id == job.id }.execute(on: tx)
                                return job
                            }
                            guard let job else { return done }
                            done.append(job.id)
                        }
                    }
                }
                var all: [Int64] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(claimed.count == 30 && Set(claimed).count == 30)
            #expect(try await Job.where { $0.status == .succeeded }.count(on: db) == 30)
        }
    }

    @Test func nowaitFailsInsteadOfWaiting() async throws {
        try await withSchemaDatabase { db in
            let job = try await db.insert(Job.Insert())
            try await db.transaction { tx in
                _ = try await Job.where { $0.id == job.id }.forUpdate().first(on: tx)
                let error = await thrown(PostgresError.self) {
                    _ = try await Job.where { $0.id == job.id }.forUpdate(nowait: true).first(on: db)
                }
                #expect(error?.sqlState == "55P03")  // lock_not_available
            }
        }
    }
}
