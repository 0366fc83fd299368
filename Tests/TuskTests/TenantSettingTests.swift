import Testing
import Tusk
import TuskTesting

/// `db.tenant(id)` sets `tusk.tenant` for the transaction only, and a row-level-security
/// policy that reads `current_setting('tusk.tenant')` sees it.
@Suite struct TenantSettingTests {
    @Test func rowLevelSecurityPolicySeesTheTenantOfTheTransaction() async throws {
        try await withDatabase { db, _ in
            let role = "tusk_tenant_app_\(UInt32.random(in: 0 ... .max))"
            try await db.execute(SQLScript(unsafeRaw: """
                CREATE TABLE notes (account text NOT NULL, body text NOT NULL);
                INSERT INTO notes VALUES ('a', 'a1'), ('a', 'a2'), ('b', 'b1');
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY notes_by_tenant ON notes USING (account = current_setting('tusk.tenant'));
                CREATE ROLE \(role) NOLOGIN;
                GRANT SELECT ON notes TO \(role);
                """))
            // The test's user is a superuser, which RLS never applies to: read as the role.
            func bodies(of tenant: String) async throws -> [String] {
                try await db.tenant(tenant).transaction { tx in
                    try await tx.execute(SQLScript(unsafeRaw: "SET LOCAL ROLE \(role)"))
                    return try await tx.query("SELECT body FROM notes ORDER BY body", as: String.self)
                }
            }
            let a = try await bodies(of: "a")
            let b = try await bodies(of: "b")
            let nobody = try await bodies(of: "c")
            try await db.execute(SQLScript(unsafeRaw: "DROP OWNED BY \(role); DROP ROLE \(role);"))
            #expect(a == ["a1", "a2"])
            #expect(b == ["b1"])
            #expect(nobody == [])
        }
    }

    @Test func settingLastsOneTransactionAndBindsTheIdAsAValue() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, _ in
            let odd = "a'); DROP TABLE x; --"
            let seen = try await db.tenant(odd).query("SELECT current_setting('tusk.tenant')", as: String.self)
            #expect(seen == [odd])
            let inTransaction = try await db.tenant(42).transaction { tx in
                try await tx.query("SELECT current_setting('tusk.tenant')", as: String.self)
            }
            #expect(inTransaction == ["42"])
            // The same (only) connection, after the transaction: the setting is gone.
            let after = try await db.query("SELECT coalesce(current_setting('tusk.tenant', true), '')", as: String.self)
            #expect(after == [""])
        }
    }
}
