/// The pg_catalog queries introspection runs. Every column is cast to text; expressions come
/// back normalized by the server itself (format_type, pg_get_expr, pg_get_constraintdef).
enum CatalogQueries {
    static let publicSchema = "'public'::regnamespace"

    /// Whether the namespace (an oid expression) is one introspection reads: every schema but
    /// PostgreSQL's own (`pg_*`, `information_schema`) and those an extension made.
    static func isManaged(_ namespace: String) -> String {
        "\(namespace) IN (SELECT ns.oid FROM pg_namespace ns WHERE ns.nspname <> 'information_schema' AND ns.nspname NOT LIKE 'pg\\_%' AND \(notFromExtension("pg_namespace", "ns.oid")))"
    }

    /// The model's name of an object in `namespace` (oid expression) called `name`: plain in
    /// `public`, `schema.name` elsewhere (`QualifiedName`), whatever the `search_path`.
    static func modelName(_ namespace: String, _ name: String) -> String {
        "(CASE WHEN \(namespace) = \(publicSchema) THEN \(name)::text ELSE (SELECT ns.nspname::text FROM pg_namespace ns WHERE ns.oid = \(namespace)) || '.' || \(name)::text END)"
    }

    /// Objects that belong to an extension are the extension's (`CREATE EXTENSION` makes them).
    static func notFromExtension(_ classID: String, _ oid: String) -> String {
        "NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '\(classID)'::regclass AND dep.objid = \(oid) AND dep.deptype = 'e')"
    }

    static let extensions = "SELECT extname::text FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1"

    static let enums = """
        SELECT \(modelName("t.typnamespace", "t.typname")), json_agg(e.enumlabel ORDER BY e.enumsortorder)::text, obj_description(t.oid, 'pg_type'),
               format_type(t.oid, NULL)
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE \(isManaged("t.typnamespace")) GROUP BY t.oid, t.typname, t.typnamespace ORDER BY 1
        """

    /// Domains with their base type (a domain over a domain names the inner one by oid), NOT
    /// NULL, default, and checks as `[[name, definition], ...]`.
    static let domains = """
        SELECT t.oid::text, t.typname::text, format_type(t.typbasetype, t.typtypmod), t.typbasetype::text, t.typnotnull::text,
               t.typdefault, (SELECT json_agg(json_build_array(con.conname, pg_get_constraintdef(con.oid)) ORDER BY con.conname)
                              FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c')::text
        FROM pg_type t WHERE t.typnamespace = \(publicSchema) AND t.typtype = 'd' AND \(notFromExtension("pg_type", "t.oid")) ORDER BY 2
        """

    /// Tables and partitioned tables: oid, name, comment, relkind, partition parent (if a
    /// partition), partition key (if partitioned), persistence, inheritance parents, row security,
    /// partition bound (if a partition).
    static let tables = """
        SELECT c.oid::text, \(modelName("c.relnamespace", "c.relname")), obj_description(c.oid, 'pg_class'), c.relkind::text,
               CASE WHEN c.relispartition THEN (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid) END,
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, c.relpersistence::text,
               (SELECT string_agg(i.inhparent::regclass::text, ', ') FROM pg_inherits i WHERE i.inhrelid = c.oid AND NOT c.relispartition),
               c.relrowsecurity::text, c.relforcerowsecurity::text,
               CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END
        FROM pg_class c
        WHERE \(isManaged("c.relnamespace")) AND c.relkind IN ('r', 'p') AND c.relname <> 'tusk_migrations'
          AND \(notFromExtension("pg_class", "c.oid")) ORDER BY 2
        """

    /// Row-level security policies: table oid, name, command (`*`, `r`, `a`, `w`, `d`),
    /// permissive, roles (names, or `public`), USING and WITH CHECK as the server prints them.
    static let policies = """
        SELECT p.polrelid::text, p.polname::text, p.polcmd::text, p.polpermissive::text,
               (SELECT json_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END ORDER BY 1)
                FROM unnest(p.polroles) AS r)::text,
               pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
        WHERE \(isManaged("c.relnamespace")) ORDER BY 1, 2
        """

    /// Columns: table oid, name, type, NOT NULL, identity, default, comment, type oid, element
    /// type oid of an array, generated (`s`), whether the collation is not the type's own, and
    /// whether the (element) type is one Tusk does not create (a composite, range or base type
    /// of the public schema).
    static let columns = """
        SELECT a.attrelid::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
               a.attidentity::text, pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum),
               a.atttypid::text, NULLIF(t.typelem, 0)::text, a.attgenerated::text,
               (a.attcollation <> t.typcollation)::text,
               (SELECT et.typnamespace = \(publicSchema) AND \(notFromExtension("pg_type", "et.oid"))
                       AND (et.typtype IN ('r', 'b') OR (et.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class rc WHERE rc.oid = et.typrelid AND rc.relkind = 'c')))
                FROM pg_type et WHERE et.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END)::text
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE \(isManaged("c.relnamespace")) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """

    /// Column names of a key, in key order, as a JSON array.
    static func keyColumns(_ keys: String, of relation: String) -> String {
        "(SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(\(keys)) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = \(relation) AND a.attnum = k.num)::text"
    }

    /// Constraints of tables (not the copies a partition or a referenced partition gets from its
    /// parent's constraint): table oid, name, kind, columns, referenced table oid and name,
    /// referenced columns, actions, definition, deferrable, validated, FK match type, NO INHERIT.
    static let constraints = """
        SELECT con.conrelid::text, con.conname::text, con.contype::text, \(keyColumns("con.conkey", of: "con.conrelid")),
               (SELECT \(modelName("rc.relnamespace", "rc.relname")) FROM pg_class rc WHERE rc.oid = con.confrelid), \(keyColumns("con.confkey", of: "con.confrelid")),
               con.confupdtype::text, con.confdeltype::text, pg_get_constraintdef(con.oid), NULLIF(con.confrelid, 0)::text,
               con.condeferrable::text, con.convalidated::text, con.confmatchtype::text, con.connoinherit::text
        FROM pg_constraint con
        WHERE \(isManaged("con.connamespace")) AND con.conrelid <> 0 AND con.conparentid = 0 ORDER BY con.conrelid, con.conname
        """

    /// Indexes that do not back a primary key, unique or exclusion constraint (those are
    /// constraints): table oid, name, method, unique, columns, non-default opclasses, predicate,
    /// whether it has expressions, INCLUDE columns, or per-column options (DESC, NULLS FIRST).
    static let indexes = """
        SELECT i.indrelid::text, ic.relname::text, am.amname::text, i.indisunique::text,
               \(keyColumns("i.indkey::int2[]", of: "i.indrelid")),
               (SELECT json_agg(CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname END ORDER BY k.ord)
                FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(oid, ord) JOIN pg_opclass oc ON oc.oid = k.oid)::text,
               pg_get_expr(i.indpred, i.indrelid), (i.indexprs IS NOT NULL)::text, (i.indnkeyatts <> i.indnatts)::text,
               (SELECT bool_or(o <> 0) FROM unnest(i.indoption::int2[]) o)::text, pg_get_indexdef(i.indexrelid),
               (SELECT bool_or(col <> 0 AND col <> 100) FROM unnest(i.indcollation::oid[]) col)::text
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
        WHERE \(isManaged("ic.relnamespace"))
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
        ORDER BY i.indrelid, ic.relname
        """

    /// Sequences that are not an identity column's: name, type, parameters, and the owning
    /// table oid and column when `OWNED BY`.
    static let sequences = """
        SELECT \(modelName("c.relnamespace", "c.relname")), format_type(s.seqtypid, NULL), s.seqstart::text, s.seqincrement::text, s.seqmin::text,
               s.seqmax::text, s.seqcache::text, s.seqcycle::text, d.refobjid::text, a.attname::text
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
        LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
        LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE \(isManaged("c.relnamespace")) AND \(notFromExtension("pg_class", "c.oid"))
          AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass AND i.objid = c.oid AND i.deptype = 'i')
        ORDER BY 1
        """
}
