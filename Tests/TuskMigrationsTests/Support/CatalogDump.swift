import Tusk
import TuskSchema
import TuskTesting

/// Every schema of a database but PostgreSQL's own (objects outside public named
/// `schema.name`), as the server itself spells it (format_type, pg_get_expr,
/// pg_get_constraintdef, pg_get_indexdef), one line per fact, sorted. Two databases with equal
/// dumps have the same tables, columns, types, defaults, constraints, indexes, comments, row
/// security and policies, views and materialized views, names included.
struct CatalogDump: Equatable, CustomStringConvertible {
    var lines: [String]

    /// - Parameter columnOrder: compare column positions too (false after migrations that
    ///   append columns a fresh CREATE TABLE would have put elsewhere).
    static func read(_ db: TestDatabase, columnOrder: Bool = true) async throws -> CatalogDump {
        var lines: [String] = []
        func add(_ prefix: String, _ sql: SQLScript) async throws {
            for row in try await db.query(sql) { lines.append(prefix + " " + row.map { $0 ?? "∅" }.joined(separator: " | ")) }
        }
        try await add("extension", "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'")
        try await add("schema", "SELECT nspname FROM pg_namespace WHERE nspname <> 'public' AND \(unsafeRaw: managed("oid"))")
        try await add("enum", """
            SELECT \(unsafeRaw: name("t.typnamespace", "t.typname")), string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder), obj_description(t.oid, 'pg_type')
            FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
            WHERE \(unsafeRaw: managed("t.typnamespace")) GROUP BY t.oid, t.typname, t.typnamespace
            """)
        try await add("table", """
            SELECT \(unsafeRaw: name("c.relnamespace", "c.relname")), obj_description(c.oid, 'pg_class'), CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END
            FROM pg_class c
            WHERE \(unsafeRaw: managed("c.relnamespace")) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            """)
        try await add("partition", """
            SELECT \(unsafeRaw: name("c.relnamespace", "c.relname")), \(unsafeRaw: name("p.relnamespace", "p.relname")), pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE \(unsafeRaw: managed("c.relnamespace")) AND c.relispartition AND c.relkind IN ('r', 'p')
            """)
        try await add("column", """
            SELECT \(unsafeRaw: name("c.relnamespace", "c.relname")), \(unsafeRaw: columnOrder ? "a.attnum::text" : "''"), a.attname, format_type(a.atttypid, a.atttypmod),
                   CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END, a.attidentity,
                   a.attgenerated,
                   pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE \(unsafeRaw: managed("c.relnamespace")) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND a.attnum > 0 AND NOT a.attisdropped
            """)
        try await add("constraint", """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE \(unsafeRaw: managed("connamespace")) AND contype IN ('p', 'u', 'c', 'f')
              AND NOT (SELECT relispartition FROM pg_class WHERE oid = conrelid)
            """)
        try await add("index", """
            SELECT \(unsafeRaw: name("c.relnamespace", "c.relname")), pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE \(unsafeRaw: managed("c.relnamespace")) AND NOT c.relispartition
            """)
        try await add("sequence", SQLScript(unsafeRaw: sequences))
        try await add("row security", """
            SELECT \(unsafeRaw: name("relnamespace", "relname")), relrowsecurity::text, relforcerowsecurity::text FROM pg_class
            WHERE \(unsafeRaw: managed("relnamespace")) AND relkind = 'r' AND (relrowsecurity OR relforcerowsecurity)
            """)
        try await add("policy", """
            SELECT \(unsafeRaw: name("c.relnamespace", "c.relname")), p.polname, p.polcmd::text, p.polpermissive::text,
                   (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END, ',' ORDER BY 1) FROM unnest(p.polroles) AS r),
                   pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
            FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE \(unsafeRaw: managed("c.relnamespace"))
            """)
        // Views and materialized views: the server's own spelling of the SELECT, and the
        // columns with their types in order (a view's column order is its SELECT's).
        try await add("view", """
            SELECT \(unsafeRaw: name("c.relnamespace", "c.relname")), c.relkind::text, pg_get_viewdef(c.oid), obj_description(c.oid, 'pg_class') FROM pg_class c
            WHERE \(unsafeRaw: managed("c.relnamespace")) AND c.relkind IN ('v', 'm')
            """)
        try await add("view column", """
            SELECT \(unsafeRaw: name("c.relnamespace", "c.relname")), a.attnum::text, a.attname, format_type(a.atttypid, a.atttypmod), col_description(c.oid, a.attnum)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE \(unsafeRaw: managed("c.relnamespace")) AND c.relkind IN ('v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
            """)
        return CatalogDump(lines: lines.sorted())
    }

    /// Every sequence with its parameters and owner (`table.column a` for
    /// OWNED BY, `i` for an identity column's).
    static let sequences = """
        SELECT \(CatalogDump.name("c.relnamespace", "c.relname")), format_type(s.seqtypid, NULL), s.seqstart::text, s.seqincrement::text, s.seqmin::text, s.seqmax::text,
               s.seqcache::text, s.seqcycle::text, (SELECT t.relname || '.' || a.attname || ' ' || d.deptype::text FROM pg_depend d
               JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
               WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid WHERE \(CatalogDump.managed("c.relnamespace"))
        """

    /// Every schema but PostgreSQL's own: `public` and the named ones.
    static func managed(_ namespace: String) -> String {
        "\(namespace) IN (SELECT oid FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%')"
    }

    /// An object's name as the model spells it: plain in `public`, `schema.name` elsewhere.
    static func name(_ namespace: String, _ name: String) -> String {
        "CASE WHEN \(namespace) = 'public'::regnamespace THEN \(name)::text ELSE \(namespace)::regnamespace::text || '.' || \(name) END"
    }

    var description: String { lines.joined(separator: "\n") }

    /// The lines only one side has, for a readable failure.
    func difference(from other: CatalogDump) -> String {
        let mine = Set(lines), theirs = Set(other.lines)
        return (lines.filter { !theirs.contains($0) }.map { "+ " + $0 } + other.lines.filter { !mine.contains($0) }.map { "- " + $0 })
            .joined(separator: "\n")
    }

    func lines(startingWith prefix: String) -> [String] { lines.filter { $0.hasPrefix(prefix + " ") } }
}

extension CatalogDump {
    /// Where the declared columns of the schema's views differ from what the server computed
    /// from their SELECTs: count, names, order and types. Not nullability: the server keeps none
    /// for a view's columns (the declaration is the contract there).
    func viewColumnMismatches(_ schema: Schema) -> [String] {
        let enums = Set(schema.enums.map(\.name))
        let rows = lines(startingWith: "view column").map { $0.dropFirst("view column ".count).components(separatedBy: " | ") }
        var problems: [String] = []
        for view in schema.views {
            let found = rows.filter { $0[0] == view.name }.sorted { Int($0[1])! < Int($1[1])! }
            if found.count != view.columns.count {
                problems.append("view \(view.name): \(view.columns.count) columns declared, the server has \(found.count)")
            }
            for (column, row) in zip(view.columns, found) {
                let type = try? SQLType.parse(row[3], enumNames: enums).get().type
                if row[2] != column.name || type != column.type {
                    problems.append("view \(view.name): declared \(column.name) \(column.type.sql), the server has \(row[2]) \(row[3])")
                }
            }
        }
        return problems
    }
}
