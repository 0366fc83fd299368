import Foundation
import Testing
import Tusk
import TuskTesting

/// The `row_level_security:` policies of this target's schema.yaml, as `tusk sql` creates
/// them, hold for every generated read and write path by themselves: statements run as a
/// role RLS applies to (not a superuser, not the owner), with `tusk.tenant` set and without
/// the predicates `db.tenant(id)` adds.
@Suite struct RowSecurityTests {
    /// Runs each statement in a transaction of its own as `role`, with `tusk.tenant` set; the
    /// statements themselves are sent as built (unscoped).
    struct PolicyOnlyRunner: QueryRunner {
        let database: Database
        let role: String
        let tenant: Int64

        func query(_ statement: SQL) async throws -> QueryResult {
            try await database.transaction { tx in
                try await tx.execute(SQLScript(unsafeRaw: "SET LOCAL ROLE \(role)"))
                _ = try await tx.query("SELECT set_config('tusk.tenant', \(String(tenant)), true)")
                return try await tx.query(statement)
            }
        }

        func execute(_ script: SQLScript) async throws {
            _ = try await query(SQL(script.text))
        }
    }

    static func withPolicyOnlyRunner(_ body: (Database, TenantScopingTests.Fixture, PolicyOnlyRunner) async throws -> Void) async throws {
        try await TenantScopingTests.withTenantDatabase { db, f in
            let role = "tusk_rls_app_\(UInt32.random(in: 0 ... .max))"
            try await db.execute(SQLScript(unsafeRaw: """
                CREATE ROLE \(role) NOLOGIN;
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role);
                GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(role);
                """))
            do {
                try await body(db, f, PolicyOnlyRunner(database: db, role: role, tenant: f.a))
            } catch {
                try? await db.execute(SQLScript(unsafeRaw: "DROP OWNED BY \(role); DROP ROLE \(role);"))
                throw error
            }
            try await db.execute(SQLScript(unsafeRaw: "DROP OWNED BY \(role); DROP ROLE \(role);"))
        }
    }

    @Test func thePoliciesAreInTheCatalog() async throws {
        try await TenantScopingTests.withTenantDatabase { db, _ in
            let secured = try await db.query(
                "SELECT relname::text FROM pg_class WHERE relrowsecurity AND relnamespace = 'public'::regnamespace ORDER BY 1",
                as: String.self)
            let securedTables: [String] = ["projects", "tags", "todos"]
            #expect(secured == securedTables)
            let policies = try await db.query(
                "SELECT polname::text FROM pg_policy ORDER BY polrelid::regclass::text", as: String.self)
            // A typed constant: the literal inside #expect took 131-146 ms to type-check under load.
            let policyNames: [String] = ["by_tenant", "by_tenant", "by_tenant"]
            #expect(policies == policyNames)
        }
    }

    @Test func everyReadPathSeesOnlyTheTenantsRowsThroughThePolicies() async throws {
        try await Self.withPolicyOnlyRunner { _, f, a in try await TenantScopingTests.everyReadPath(a, f) }
    }

    @Test func writesOfOtherTenantsRowsAreRefusedOrReachNothing() async throws {
        try await Self.withPolicyOnlyRunner { db, f, a in try await Self.writes(db, f, a) }
    }

    static func writes(_ db: Database, _ f: TenantScopingTests.Fixture, _ a: PolicyOnlyRunner) async throws {
        // WITH CHECK: another tenant's row cannot be written, in an insert or an update.
        await #expect { try await a.insert(Tag.Insert(accountId: f.b, label: "smuggled")) } throws: { error in
            (error as? PostgresError)?.sqlState == "42501"
        }
        let own = try await a.insert(Tag.Insert(accountId: f.a, label: "own"))
        #expect(own.accountId == f.a)
        await #expect { try await Tag.update { $0.accountId = .set(f.b) }.where { $0.id == own.id }.execute(on: a) } throws: { error in
            (error as? PostgresError)?.sqlState == "42501"
        }
        // USING: updates and deletes of every row reach the tenant's only.
        #expect(try await Todo.update { $0.points = 0 }.all().execute(on: a) == 2)
        #expect(try await Todo.find(f.bTodo.id, on: db)?.points == 7)
        #expect(try await Project.delete().all().hardDelete().execute(on: a) == 2)
        #expect(try await Project.find(f.bProject.id, on: db) != nil)
        #expect(try await Tag.delete().where { $0.label == "a-first" }.execute(on: a) == 0)
        #expect(try await Tag.find(f.bTag.id, on: db) != nil)
    }
}
