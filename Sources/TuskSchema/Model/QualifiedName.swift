/// The name of a table, view, enum or sequence with its PostgreSQL schema.
///
/// The model spells such a name as one string: `billing.invoices` for an object in the schema
/// `billing`, plain `invoices` for one in `public` (so schemas written before named schemas
/// existed, and their snapshots, mean what they meant). The YAML key is the same string, which
/// reads like SQL. Constraint and index names are never qualified: PostgreSQL puts them in
/// their table's schema.
public struct QualifiedName: Hashable, Sendable, CustomStringConvertible {
    /// The schema of an unqualified name.
    public static let defaultSchema = "public"

    public var schema: String
    /// The name inside the schema (what `pg_class.relname` or `pg_type.typname` holds).
    public var name: String

    public init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    /// Reads `schema.name` or `name` (then in `public`), splitting at the first `.`.
    public init(_ written: String) {
        if let dot = written.firstIndex(of: ".") {
            self.init(schema: String(written[..<dot]), name: String(written[written.index(after: dot)...]))
        } else {
            self.init(schema: Self.defaultSchema, name: written)
        }
    }

    /// The model's spelling: `name` in `public`, else `schema.name`.
    public var description: String { isInDefaultSchema ? name : schema + "." + name }

    public var isInDefaultSchema: Bool { schema == Self.defaultSchema }

    /// How statements Tusk runs name the object: always with its schema, each part always
    /// double-quoted (`"public"."users"`, `"billing"."invoices"`), so the `search_path` never
    /// decides which object is meant. The runtime's `SQLFragment.relation` writes the same
    /// (a test checks the two agree). Migration DDL uses `SQLText.name` instead.
    public var quotedSQL: String {
        PostgresNames.alwaysQuotedIdentifier(schema) + "." + PostgresNames.alwaysQuotedIdentifier(name)
    }

    /// The same schema, another name: an index or a renamed object next to this one.
    public func sibling(_ name: String) -> QualifiedName { QualifiedName(schema: schema, name: name) }

    /// The model's spelling of `written` (`public.users` becomes `users`).
    public static func canonical(_ written: String) -> String { QualifiedName(written).description }

    /// The schema of a model name (`public` when unqualified).
    public static func schema(of name: String) -> String { QualifiedName(name).schema }

    /// The name inside its schema (`billing.invoices` -> `invoices`).
    public static func local(_ name: String) -> String { QualifiedName(name).name }

    /// Whether `schema` is PostgreSQL's own: `pg_catalog`, `pg_toast`, any `pg_*`, or
    /// `information_schema`. Tusk neither declares objects there nor reads them back.
    public static func isSystemSchema(_ schema: String) -> Bool {
        schema.hasPrefix("pg_") || schema == "information_schema"
    }

    /// The named (non-public) schemas the objects of `schema` live in, sorted.
    public static func namedSchemas(of schema: Schema) -> [String] {
        let names = schema.tables.map(\.name) + schema.views.map(\.name) + schema.enums.map(\.name) + schema.sequences.map(\.name)
        return Set(names.map { QualifiedName($0) }.filter { !$0.isInDefaultSchema }.map(\.schema)).sorted()
    }
}
