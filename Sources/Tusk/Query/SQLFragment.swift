/// A piece of SQL under construction: trusted text (identifiers from the schema, keywords) and
/// values that always become `$n` parameters. Placeholders are numbered only when the whole
/// statement is rendered, so fragments compose without renumbering, and the same query shape
/// always renders the same text (the prepared-statement cache hits).
public struct SQLFragment: Sendable {
    enum Part: Sendable {
        case text(String)
        case binding(PostgresBinding)
        /// A table's column, resolved when the statement is assembled: `"name"` in a one-table
        /// statement, `"table"."name"` when `qualified` (a correlation to an outer query) or when
        /// a join or subquery qualifies it (`qualifyingColumns`).
        case column(table: String, name: String, qualified: Bool)
        /// Renders nothing: records that the fragment holds a subquery whose tables are aliased
        /// `<table>_<depth>`, so an enclosing subquery picks a deeper alias (nested filters over
        /// the same table never shadow each other).
        case aliasDepth(Int)
        /// Renders nothing: records that the statement reads this table, so a cached read knows
        /// which writes invalidate it (``readTables``).
        case reads(String)
        /// The parts up to the matching `tenantOnlyEnd` render only when the statement runs for
        /// one tenant (`db.tenant(id)`): a tenant table's condition with its `AND`/`WHERE`.
        case tenantOnlyBegin
        case tenantOnlyEnd
        /// The runner's tenant id, as `CAST($n AS <type>)` (one parameter per statement).
        case tenantValue(sqlType: String)
        /// A tenant column's value in an insert: the parameter when one is set (checked against
        /// the runner's tenant), else the runner's tenant, else `DEFAULT`.
        case tenantColumnValue(TenantColumn, PostgresBinding?)
        /// A tenant column set by an expression the runner cannot check: refused for a tenant.
        case tenantColumnExpression(TenantColumn)
    }

    var parts: [Part]

    /// Trusted SQL text. Never pass user input here: values go through `init(binding:)`.
    public init(_ trustedText: String) { parts = [.text(trustedText)] }

    /// A value sent as a parameter.
    public init(binding: PostgresBinding) { parts = [.binding(binding)] }

    init(parts: [Part]) { self.parts = parts }

    /// A column of `table`, rendered `"name"` (or `"table"."name"` when `qualified`) unless an
    /// enclosing join or subquery qualifies it.
    public static func column(_ name: String, of table: String, qualified: Bool = false) -> SQLFragment {
        SQLFragment(parts: [.column(table: table, name: name, qualified: qualified)])
    }

    /// How a column is written: `"name"`, or `"table"."name"` when qualified.
    static func columnText(_ name: String, of table: String, qualified: Bool) -> String {
        qualified ? quoted(table) + "." + quoted(name) : quoted(name)
    }

    /// This fragment with every column of `table` (every column, when nil) written as
    /// `"alias"."name"` (alias defaults to the table's name): for joins and subqueries.
    public func qualifyingColumns(of table: String? = nil, as alias: String? = nil) -> SQLFragment {
        SQLFragment(parts: parts.map { part in
            guard case .column(let owner, let name, _) = part, table == nil || owner == table else { return part }
            return .text(SQLFragment.columnText(name, of: alias ?? owner, qualified: true))
        })
    }

    /// The deepest subquery alias level inside this fragment (0 when there is none).
    var aliasDepth: Int {
        parts.reduce(0) { depth, part in
            if case .aliasDepth(let level) = part { return max(depth, level) }
            return depth
        }
    }

    /// A FROM item: the table's name (with ` AS "alias"` when given, see ``target(_:as:)``),
    /// recorded as read.
    static func table(_ name: String, as alias: String? = nil) -> SQLFragment {
        table(name, quotedRelation: relation(name), as: alias)
    }

    /// ``table(_:as:)`` with the relation already spelled (a generated `quotedTableName`).
    static func table(_ name: String, quotedRelation: String, as alias: String? = nil) -> SQLFragment {
        SQLFragment(parts: [.reads(name), .text(target(name, quotedRelation: quotedRelation, as: alias))])
    }

    /// A table, view or type as a statement names it: always with its schema, `"public"."users"`
    /// for a `tableName` of `users`, `"billing"."invoices"` for `billing.invoices` (a table in a
    /// named PostgreSQL schema). The `search_path` never decides which object is meant, even when
    /// another schema ahead of `public` holds one of the same name. The one place the runtime
    /// spells a relation; generated code writes the same (`QualifiedName.quotedSQL`).
    public static func relation(_ tableName: String) -> String {
        guard let dot = tableName.utf8.firstIndex(of: UInt8(ascii: ".")) else { return quotedPublicSchema + "." + quoted(tableName) }
        return quoted(String(tableName[..<dot])) + "." + quoted(String(tableName[tableName.index(after: dot)...]))
    }

    private static let quotedPublicSchema = quoted(publicSchema)

    /// The schema of an unqualified `tableName`.
    static let publicSchema = "public"

    /// A statement's table (FROM, INSERT INTO, UPDATE, DELETE FROM): the relation, with its
    /// alias. A table of `public` without one needs none: PostgreSQL names `"public"."users"`
    /// `"users"` in the statement. One of a named schema is aliased to its `tableName` as one
    /// identifier (`"billing"."invoices" AS "billing.invoices"`), so every column the builders
    /// qualify with the table's name (`"billing.invoices"."id"`) means this table.
    static func target(_ tableName: String, as alias: String? = nil) -> String {
        target(tableName, quotedRelation: relation(tableName), as: alias)
    }

    /// ``target(_:as:)`` with the relation already spelled (a generated `quotedTableName`).
    static func target(_ tableName: String, quotedRelation: String, as alias: String? = nil) -> String {
        if let alias { return quotedRelation + " AS " + quoted(alias) }
        // Bytes, not `contains(".")`: Foundation's substring search cost about 5,000 instructions a read.
        return tableName.utf8.contains(UInt8(ascii: ".")) ? quotedRelation + " AS " + quoted(tableName) : quotedRelation
    }

    /// Records that the statement reads `table` without writing anything.
    static func reading(_ table: String) -> SQLFragment { SQLFragment(parts: [.reads(table)]) }

    /// The tables this fragment reads (FROM items, joins, subqueries, relation filters).
    var readTables: Set<String> {
        var tables = Set<String>()
        for case .reads(let table) in parts { tables.insert(table) }
        return tables
    }

    /// A double-quoted identifier (`"order"`, `"a""b"`).
    /// `EXCLUDED."name"`: in an upsert's `DO UPDATE`, the value the insert proposed.
    static func excluded(_ column: String) -> SQLFragment { SQLFragment("EXCLUDED." + quoted(column)) }

    public static func identifier(_ name: String) -> SQLFragment {
        SQLFragment(quoted(name))
    }

    /// The runtime's one identifier quoting: always double-quoted, inner `"` doubled. (The
    /// schema side, which cannot import the runtime, has `PostgresNames.alwaysQuotedIdentifier`;
    /// a test checks the two agree.)
    static func quoted(_ name: String) -> String {
        if !name.utf8.contains(UInt8(ascii: "\"")) { return "\"" + name + "\"" }
        return "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    public mutating func append(_ other: SQLFragment) { parts += other.parts }

    /// `keyword` and this fragment, rendered only when a tenant's runner runs the statement.
    func onlyForTenant(after keyword: String) -> SQLFragment {
        SQLFragment(parts: [.tenantOnlyBegin, .text(keyword)] + parts + [.tenantOnlyEnd])
    }
    public mutating func append(_ trustedText: String) { parts.append(.text(trustedText)) }

    public static func + (lhs: SQLFragment, rhs: SQLFragment) -> SQLFragment {
        SQLFragment(parts: lhs.parts + rhs.parts)
    }

    /// Joins fragments with trusted text between them.
    public static func joined(_ fragments: [SQLFragment], separator: String) -> SQLFragment {
        var result = SQLFragment(parts: [])
        for (index, fragment) in fragments.enumerated() {
            if index > 0 { result.append(separator) }
            result.append(fragment)
        }
        return result
    }

    /// The statement: text with `$1...$n` and the bindings in order. A statement over a
    /// `tenant:` table keeps its fragment, so a tenant's runner can render it for its tenant
    /// (``SQL/scoped(toTenant:)``); rendered here, it is the statement for no tenant.
    public var sql: SQL {
        // Rendering for no tenant cannot fail: only a tenant's checks throw.
        (try? render(tenant: nil)) ?? SQL("")
    }

    /// Renders the statement for `tenant` (its id as text), or for no tenant: tenant-only parts
    /// left out, a tenant column's unset value is `DEFAULT`, and a statement with tenant parts
    /// keeps this fragment (`tenantForm`) for a tenant's runner, noted in the same pass.
    func render(tenant: String?) throws -> SQL {
        var text = ""
        var bindings: [PostgresBinding] = []
        var placeholders: [SQL.Placeholder] = []
        var tenantOnlyDepth = 0
        var tenantNumber: Int?
        var hasTenantParts = false
        func placeholder(for binding: PostgresBinding) -> String {
            bindings.append(binding)
            return placeholder(number: bindings.count)
        }
        func placeholder(number: Int) -> String {
            let written = "$" + String(number)
            placeholders.append(SQL.Placeholder(start: text.utf8.count, length: written.utf8.count, number: number))
            return written
        }
        // The tenant's id, bound once and cast to the column's type where it is compared or stored.
        func tenantCast(_ sqlType: String, id: String) -> String {
            text += "CAST("
            let number = tenantNumber ?? {
                bindings.append(PostgresBinding(id))
                tenantNumber = bindings.count
                return bindings.count
            }()
            return placeholder(number: number) + " AS " + sqlType + ")"
        }
        for part in parts {
            if tenantOnlyDepth > 0 {
                if case .tenantOnlyBegin = part { tenantOnlyDepth += 1 }
                if case .tenantOnlyEnd = part { tenantOnlyDepth -= 1 }
                continue
            }
            switch part {
            case .text(let piece): text += piece
            case .binding(let binding): text += placeholder(for: binding)
            case .column(let table, let name, let qualified):
                text += SQLFragment.columnText(name, of: table, qualified: qualified)
            case .aliasDepth, .reads, .tenantOnlyEnd:
                break
            case .tenantOnlyBegin:
                hasTenantParts = true
                if tenant == nil { tenantOnlyDepth = 1 }
            case .tenantValue(let sqlType):
                // Only inside tenant-only parts, which render only for a tenant.
                if let tenant { text += tenantCast(sqlType, id: tenant) }
            case .tenantColumnValue(let column, let binding?):
                hasTenantParts = true
                if let tenant, !column.holds(binding, tenant: tenant) {
                    throw QueryError(
                        .otherTenant,
                        "\(column.table).\(column.name) is \(binding.value) but this runner is for tenant \(tenant): "
                            + "a tenant's runner writes only its own rows (leave the field nil to have it filled)")
                }
                text += placeholder(for: binding)
            case .tenantColumnValue(let column, nil):
                hasTenantParts = true
                if let tenant { text += tenantCast(column.sqlType, id: tenant) } else { text += "DEFAULT" }
            case .tenantColumnExpression(let column):
                hasTenantParts = true
                if let tenant {
                    throw QueryError(
                        .otherTenant,
                        "\(column.table).\(column.name) is set by an expression, which a runner for tenant \(tenant) cannot check: "
                            + "set it to a value, or leave it to the runner")
                }
            }
        }
        var statement = SQL(text: text, bindings: bindings, placeholders: placeholders)
        if tenant == nil && hasTenantParts { statement.tenantForm = .fragment(self) }
        return statement
    }
}
