/// The pg_catalog queries introspection runs. Every column is cast to text; expressions come
/// back normalized by the server itself (format_type, pg_get_expr, pg_get_constraintdef).
enum CatalogQueries {
    static let publicSchema = "'public'::regnamespace"

    static let extensions = "SELECT extname::text FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1"

    static let enums = """
        SELECT t.typname::text, json_agg(e.enumlabel ORDER BY e.enumsortorder)::text, obj_description(t.oid, 'pg_type')
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typnamespace = \(publicSchema) GROUP BY t.oid, t.typname ORDER BY 1
        """

    static let tables = """
        SELECT c.oid::text, c.relname::text, obj_description(c.oid, 'pg_class') FROM pg_class c
        WHERE c.relnamespace = \(publicSchema) AND c.relkind IN ('r', 'p') AND c.relname <> 'tusk_migrations' ORDER BY 2
        """

    static let columns = """
        SELECT a.attrelid::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
               a.attidentity::text, pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = \(publicSchema) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """

    /// Column names of a key, in key order, as a JSON array.
    static func keyColumns(_ keys: String, of relation: String) -> String {
        "(SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(\(keys)) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = \(relation) AND a.attnum = k.num)::text"
    }

    static let constraints = """
        SELECT con.conrelid::text, con.conname::text, con.contype::text, \(keyColumns("con.conkey", of: "con.conrelid")),
               (SELECT relname::text FROM pg_class WHERE oid = con.confrelid), \(keyColumns("con.confkey", of: "con.confrelid")),
               con.confupdtype::text, con.confdeltype::text, pg_get_constraintdef(con.oid)
        FROM pg_constraint con
        WHERE con.connamespace = \(publicSchema) AND con.contype IN ('p', 'u', 'c', 'f') ORDER BY con.conrelid, con.conname
        """

    /// Indexes that do not back a primary key or unique constraint (those are constraints).
    static let indexes = """
        SELECT i.indrelid::text, ic.relname::text, am.amname::text, i.indisunique::text,
               \(keyColumns("i.indkey::int2[]", of: "i.indrelid")),
               (SELECT json_agg(CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname END ORDER BY k.ord)
                FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(oid, ord) JOIN pg_opclass oc ON oc.oid = k.oid)::text,
               pg_get_expr(i.indpred, i.indrelid), (i.indexprs IS NOT NULL)::text
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
        WHERE ic.relnamespace = \(publicSchema)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
        ORDER BY i.indrelid, ic.relname
        """
}
