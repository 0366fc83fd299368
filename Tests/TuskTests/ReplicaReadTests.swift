import Testing

@testable import Tusk

/// Which statements a read replica may answer (`SQL.isReplicaRead`): the routing rule of
/// `Database.query` with replicas, without a server.
@Suite struct ReplicaReadTests {
    @Test func readsThatWriteAndLockNothingMayGoToAReplica() {
        #expect(SQL("SELECT id FROM users WHERE name = \("for update")").isReplicaRead)
        #expect(SQL("SELECT 'FOR UPDATE' AS words, \"for\" FROM t").isReplicaRead)
        #expect(SQL("WITH x AS (SELECT 1) SELECT * FROM x").isReplicaRead)
        #expect(SQL("SELECT id FROM users").invalidating(tables: []).isReplicaRead)  // a typed read
    }

    @Test func writesAndLockingReadsGoToThePrimary() {
        for text in ["INSERT INTO t VALUES (1)", "UPDATE t SET x = 1", "DELETE FROM t", "CREATE TABLE t (x int)",
                     "WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone"] {
            #expect(!SQL(text: text, bindings: []).isReplicaRead, "\(text)")
        }
        // A typed read says it writes nothing; its locking clause still needs the primary.
        for clause in ["FOR UPDATE", "FOR NO KEY UPDATE", "FOR SHARE", "FOR KEY SHARE", "for update skip locked"] {
            let statement = SQL(text: "SELECT id FROM jobs \(clause)", bindings: []).invalidating(tables: [])
            #expect(!statement.isReplicaRead, "\(clause)")
        }
        // A statement declared to write (the job queue's, a raw call of a writing function).
        #expect(!SQL("SELECT claim_job()").invalidating(tables: ["tusk_jobs"]).isReplicaRead)
    }
}
