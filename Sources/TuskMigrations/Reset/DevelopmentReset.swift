import Foundation
import Tusk

/// `tusk migrate reset`: empties a development database of everything the migrations created,
/// so they can be applied again from the first.
///
/// Unqualified objects and the migration history (`tusk_migrations`) live in the connection's
/// current schema (the first of `search_path`, normally `public`). The reset drops those objects
/// one by one (naming each in its report) and the extensions installed into that schema; the
/// schema itself, its owner and its grants stay. Named schemas the migrations create
/// (`CREATE SCHEMA IF NOT EXISTS billing;`, written for `billing.invoices:`) are dropped whole,
/// since the migrations create them again; every other schema stays.
public enum DevelopmentReset {
    /// One dropped object: its kind (`table`, `view`, `type`, ...) and its name.
    public struct Dropped: Sendable, Hashable, CustomStringConvertible {
        public let kind: String
        public let name: String
        public var description: String { "\(kind) \(name)" }
    }

    /// Why a reset was refused before anything was touched.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// Checks the guards: `confirm` must name the database the connection is on, and the
    /// server must be local (a unix socket or a loopback address) unless `force`.
    public static func check(connection: Connection, confirm: String?, force: Bool) async throws {
        let database = try await connection.queryFirst("SELECT current_database()", as: String.self) ?? ""
        guard let confirm else {
            throw Refusal(description: "refusing to reset without --confirm: run again with --confirm \(database) to drop everything in it")
        }
        guard confirm == database else {
            throw Refusal(description: "refusing to reset: --confirm \(confirm) does not name the database, which is \(database)")
        }
        guard force || connection.configuration.isLocal else {
            throw Refusal(description: "refusing to reset \(database) on \(connection.configuration.host ?? "a remote host"): "
                + "it is not a local server; add --force if it really is a development database")
        }
    }

    /// Drops every object of the current schema (dependents first, each with CASCADE so an
    /// order the catalog did not foresee cannot fail), in one transaction; returns what it dropped.
    public static func dropEverything(on connection: Connection, schemas: [String] = []) async throws -> [Dropped] {
        try await connection.transaction { tx in
            var dropped: [Dropped] = []
            for schema in schemas {
                let exists = try await tx.queryFirst(SQL(text: "SELECT to_regnamespace($1) IS NOT NULL", bindings: [PostgresBinding(schema)]), as: Bool.self)
                guard exists == true else { continue }
                try await tx.execute(SQLScript(unsafeRaw: "DROP SCHEMA IF EXISTS \(SQLText.ident(schema)) CASCADE"))
                dropped.append(Dropped(kind: "schema", name: schema))
            }
            for (kind, name, statement) in try await objects(on: tx) {
                // IF EXISTS: a CASCADE before may have taken it already (it is dropped either way).
                try await tx.execute(SQLScript(unsafeRaw: statement))
                dropped.append(Dropped(kind: kind, name: name))
            }
            return dropped
        }
    }

    /// The named schemas `migrations` create: the planner's `CREATE SCHEMA IF NOT EXISTS name;` lines.
    public static func createdSchemas(in migrations: [String]) -> [String] {
        let prefix = "CREATE SCHEMA IF NOT EXISTS "
        let names = migrations.flatMap { $0.split(separator: "\n") }.compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix(prefix), text.hasSuffix(";") else { return nil }
            return String(text.dropFirst(prefix.count).dropLast()).replacingOccurrences(of: "\"", with: "")
        }
        return Array(Set(names)).sorted()
    }

    /// The objects of the current schema that are not part of an extension, with their DROP
    /// statements, in an order that drops dependents first.
    static func objects(on runner: some QueryRunner) async throws -> [(String, String, String)] {
        let rows = try await runner.query("""
            WITH here AS (SELECT oid FROM pg_namespace WHERE nspname = current_schema()),
            members AS (SELECT objid FROM pg_depend WHERE deptype = 'e')
            SELECT 1 AS phase, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' END, c.relname::text
            FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM here) AND c.relkind IN ('v', 'm')
              AND c.oid NOT IN (SELECT objid FROM members)
            UNION ALL
            SELECT 2, CASE c.relkind WHEN 'f' THEN 'foreign table' ELSE 'table' END, c.relname::text
            FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM here) AND c.relkind IN ('r', 'p', 'f') AND NOT c.relispartition
              AND c.oid NOT IN (SELECT objid FROM members)
            UNION ALL
            SELECT 3, 'sequence', c.relname::text
            FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM here) AND c.relkind = 'S'
              AND c.oid NOT IN (SELECT objid FROM members)
              -- identity and serial sequences go with their table
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND d.deptype IN ('a', 'i'))
            UNION ALL
            SELECT 4, CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
                   p.oid::regprocedure::text
            FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM here) AND p.oid NOT IN (SELECT objid FROM members)
            UNION ALL
            SELECT 5, CASE t.typtype WHEN 'e' THEN 'type' WHEN 'd' THEN 'domain' ELSE 'type' END, t.typname::text
            FROM pg_type t WHERE t.typnamespace = (SELECT oid FROM here) AND t.typtype IN ('e', 'd', 'c', 'r', 'm')
              AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
              AND t.oid NOT IN (SELECT objid FROM members)
            UNION ALL
            SELECT 6, 'extension', e.extname::text
            FROM pg_extension e WHERE e.extnamespace = (SELECT oid FROM here) AND e.extname <> 'plpgsql'
            ORDER BY 1, 3
            """, as: Int32.self, String.self, String.self)
        return rows.map { _, kind, name in
            // Functions come as their signature (`f(integer)`), already quoted by regprocedure.
            let target = ["function", "procedure", "aggregate"].contains(kind) ? name : SQLText.ident(name)
            let keyword = kind == "domain" ? "DOMAIN" : kind.uppercased()
            return (kind, name, "DROP \(keyword) IF EXISTS \(target) CASCADE")
        }
    }
}
