/// Objects of the database the schema language cannot declare, each listed in the
/// introspection report with why. Objects that belong to an extension are left to it.
enum UnmanagedObjects {
    typealias Q = CatalogQueries

    /// (query, entry for one row). Functions a type made for itself (a range's constructors)
    /// are the type's, reported with it. Each query returns text columns; the closure names the object.
    static let listings: [(sql: String, entry: @Sendable ([String?]) -> IntrospectionReport.Entry)] = [
        ("""
        SELECT p.prokind::text, \(Q.modelName("p.pronamespace", "p.proname")) || '(' || oidvectortypes(p.proargtypes) || ')'
        FROM pg_proc p WHERE \(Q.isManaged("p.pronamespace")) AND \(Q.notFromExtension("pg_proc", "p.oid"))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'i')
        ORDER BY 2
        """, { row in
            let kind = ["p": "procedure", "a": "aggregate", "w": "window function"][row[0] ?? ""] ?? "function"
            return .init(kind, row[1]!, "\(kind)s are not managed by Tusk")
        }),
        ("""
        SELECT CASE WHEN d.classid = 'pg_attrdef'::regclass THEN 'column' ELSE 'constraint' END,
               CASE WHEN d.classid = 'pg_attrdef'::regclass THEN \(Q.modelName("c.relnamespace", "c.relname")) || '.' || a.attname ELSE con.conname || ' on ' || \(Q.modelName("c.relnamespace", "c.relname")) END,
               CASE WHEN d.classid = 'pg_attrdef'::regclass THEN 'default' ELSE 'check' END,
               p.proname || '(' || oidvectortypes(p.proargtypes) || ')'
        FROM pg_depend d JOIN pg_proc p ON p.oid = d.refobjid
        LEFT JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass AND ad.oid = d.objid
        LEFT JOIN pg_constraint con ON d.classid = 'pg_constraint'::regclass AND con.oid = d.objid
        JOIN pg_class c ON c.oid = COALESCE(ad.adrelid, con.conrelid)
        LEFT JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
        WHERE d.refclassid = 'pg_proc'::regclass AND d.classid IN ('pg_attrdef'::regclass, 'pg_constraint'::regclass)
          AND \(Q.isManaged("p.pronamespace")) AND \(Q.notFromExtension("pg_proc", "p.oid"))
          AND \(Q.isManaged("c.relnamespace")) AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 2, 4
        """, { row in
            .init(row[0]!, row[1]!, "its \(row[2]!) calls function \(row[3]!), which Tusk does not manage; create the function before applying `tusk sql` or the migrations")
        }),
        ("""
        SELECT t.tgname::text, \(Q.modelName("c.relnamespace", "c.relname")) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE \(Q.isManaged("c.relnamespace")) AND NOT t.tgisinternal AND t.tgparentid = 0 ORDER BY 2, 1
        """, { row in .init("trigger", "\(row[0]!) on \(row[1]!)", "triggers are not managed by Tusk") }),
        ("""
        SELECT \(Q.modelName("c.relnamespace", "c.relname")) FROM pg_class c
        WHERE \(Q.isManaged("c.relnamespace")) AND c.relkind = 'f' AND \(Q.notFromExtension("pg_class", "c.oid")) ORDER BY 1
        """, { row in .init("foreign table", row[0]!, "foreign tables are not managed by Tusk") }),
        ("""
        SELECT r.rulename::text, \(Q.modelName("c.relnamespace", "c.relname")) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
        WHERE \(Q.isManaged("c.relnamespace")) AND r.rulename <> '_RETURN' ORDER BY 2, 1
        """, { row in .init("rule", "\(row[0]!) on \(row[1]!)", "rules are not managed by Tusk") }),
        ("""
        SELECT t.typtype::text, \(Q.modelName("t.typnamespace", "t.typname")) FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid
        WHERE \(Q.isManaged("t.typnamespace")) AND ((t.typtype = 'c' AND c.relkind = 'c') OR t.typtype IN ('r', 'b') AND t.typcategory <> 'A')
          AND \(Q.notFromExtension("pg_type", "t.oid")) ORDER BY 2
        """, { row in
            let kind = ["c": "composite type", "r": "range type"][row[0] ?? ""] ?? "base type"
            return .init(kind, row[1]!, "\(kind)s are not managed by Tusk")
        }),
        ("""
        SELECT n.nspname::text,
               (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c
                WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND NOT c.relispartition),
               (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = n.oid)::text
        FROM pg_namespace n
        WHERE n.nspname <> 'public' AND \(Q.isManaged("n.oid"))
          AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'm'))
          AND NOT EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace = n.oid AND t.typtype = 'e') ORDER BY 1
        """, { row in
            var contents: [String] = []
            if let relations = row[1] { contents.append("relations \(relations)") }
            if let functions = row[2], functions != "0" { contents.append("\(functions) function\(functions == "1" ? "" : "s")") }
            let what = contents.isEmpty ? "empty" : contents.joined(separator: "; ")
            // Tusk declares a schema through the tables, views and enums in it: one holding none
            // of them has nothing to write (migrations create a schema with its first object).
            return .init("schema", row[0]!, "it holds no table, view or enum, and Tusk declares a schema through the objects in it (\(what))")
        }),
    ]
}
