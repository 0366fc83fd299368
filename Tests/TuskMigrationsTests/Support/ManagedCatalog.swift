import Tusk
import TuskMigrations
import TuskTesting

/// The part of a database's catalog Tusk manages, as the server spells it, one line per fact,
/// sorted: what must be equal between a database built from plain SQL and the one `tusk sql`
/// builds from its introspected schema. Left out of it: partitions, views and their indexes,
/// and every constraint or index the introspection report names. Columns typed by a domain are
/// shown as introspection maps them: the base type, the domain's NOT NULL and default, and its
/// checks as column checks named `{table}_{column}_check`.
enum ManagedCatalog {
    static func read(_ db: TestDatabase, leaving report: IntrospectionReport) async throws -> [String] {
        let leftOut = Set(report.entries.filter { $0.kind == "constraint" || $0.kind == "index" }.map {
            String($0.name.prefix { $0 != " " })
        })
        let tables = "c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'tusk_migrations'"
        var lines: [String] = []
        func add(_ prefix: String, _ sql: String, skipping: Int? = nil) async throws {
            for row in try await db.query(SQLScript(unsafeRaw: sql)) {
                if let skipping, let name = row[skipping], leftOut.contains(name) { continue }
                lines.append(prefix + " " + row.map { $0 ?? "∅" }.joined(separator: " | "))
            }
        }
        try await add("extension", "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'")
        try await add("enum", """
            SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder), obj_description(t.oid, 'pg_type')
            FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
            WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.oid, t.typname
            """)
        try await add("table", "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c WHERE \(tables)")
        try await add("column", """
            SELECT c.relname, a.attnum::text, a.attname,
                   format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END),
                   CASE WHEN a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) THEN 'NOT NULL' ELSE 'NULL' END, a.attidentity,
                   COALESCE(pg_get_expr(d.adbin, d.adrelid), CASE WHEN t.typtype = 'd' THEN t.typdefault END), col_description(c.oid, a.attnum)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE \(tables) AND a.attnum > 0 AND NOT a.attisdropped
            """)
        try await add("constraint", """
            SELECT con.conrelid::regclass::text, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
            WHERE \(tables) AND con.contype IN ('p', 'u', 'c', 'f') AND con.conparentid = 0
            UNION ALL
            SELECT c.relname, c.relname || '_' || a.attname || '_check', replace(pg_get_constraintdef(con.oid), 'VALUE', quote_ident(a.attname))
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_constraint con ON con.contypid = a.atttypid
            WHERE \(tables) AND a.attnum > 0 AND NOT a.attisdropped AND con.contype = 'c'
            """, skipping: 1)
        try await add("index", """
            SELECT c.relname, ic.relname, replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid WHERE \(tables)
            """, skipping: 1)
        try await add("sequence", CatalogDump.sequences)
        return lines.sorted()
    }
}
