import TuskSchema

/// Differences between the schema the migrations should have produced and an introspected
/// database, as readable lines. Default, generated-column, check and policy expressions (and partition
/// bounds) are compared by presence
/// and name only (the server respells them); everything else (types, nullability, identity, keys,
/// foreign keys, index shapes, enums, sequences, extensions) exactly.
///
/// Only the schemas `expected` declares are compared: `public` and the named schemas its
/// objects live in. Another application's schema in the same database is not drift.
public enum SchemaDrift {
    public static func differences(expected: Schema, actual: Schema) -> [String] {
        let actual = declaredSchemasOnly(actual, as: expected)
        var lines: [String] = []
        func compare<T: Equatable>(_ what: String, _ e: T, _ a: T) {
            if e != a { lines.append("\(what): expected \(e), found \(a)") }
        }
        for name in Set(expected.extensions).subtracting(actual.extensions).sorted() { lines.append("extension \(name) is missing") }
        for name in Set(actual.extensions).subtracting(expected.extensions).sorted() { lines.append("extension \(name) is not in the schema") }
        for e in expected.enums {
            guard let a = actual.enumType(named: e.name) else { lines.append("enum \(e.name) is missing"); continue }
            compare("values of enum \(e.name)", e.valueNames, a.valueNames)
        }
        for a in actual.enums where expected.enumType(named: a.name) == nil { lines.append("enum \(a.name) is not in the schema") }
        for e in expected.sequences {
            guard let a = actual.sequence(named: e.name) else { lines.append("sequence \(e.name) is missing"); continue }
            compare("sequence \(e.name)", describe(e), describe(a))
        }
        for a in actual.sequences where expected.sequence(named: a.name) == nil { lines.append("sequence \(a.name) is not in the schema") }
        for e in expected.tables {
            guard let a = actual.table(named: e.name) else { lines.append("table \(e.name) is missing"); continue }
            for column in e.columns {
                let qualified = "\(e.name).\(column.name)"
                guard let found = a.column(named: column.name) else { lines.append("column \(qualified) is missing"); continue }
                compare("type of \(qualified)", column.type.sql, found.type.sql)
                compare("nullability of \(qualified)", column.isNullable ? "NULL" : "NOT NULL", found.isNullable ? "NULL" : "NOT NULL")
                compare("identity of \(qualified)", column.identity?.rawValue ?? "none", found.identity?.rawValue ?? "none")
                compare("default of \(qualified)", column.defaultValue == nil ? "none" : "a default", found.defaultValue == nil ? "none" : "a default")
                compare("generation of \(qualified)", column.generated == nil ? "none" : "generated", found.generated == nil ? "none" : "generated")
            }
            for column in a.columns where e.column(named: column.name) == nil { lines.append("column \(e.name).\(column.name) is not in the schema") }
            compare("primary key of \(e.name)", e.primaryKey.map { "\($0.name) \($0.columns)" } ?? "none", a.primaryKey.map { "\($0.name) \($0.columns)" } ?? "none")
            compare("unique constraints of \(e.name)", e.uniqueConstraints.map { "\($0.name) \($0.columns)" }.sorted(), a.uniqueConstraints.map { "\($0.name) \($0.columns)" }.sorted())
            compare("checks of \(e.name)", e.checks.map(\.name).sorted(), a.checks.map(\.name).sorted())
            compare("foreign keys of \(e.name)", e.foreignKeys.map(describe).sorted(), a.foreignKeys.map(describe).sorted())
            compare("indexes of \(e.name)", e.indexes.map(describe).sorted(), a.indexes.map(describe).sorted())
            compare("partitioning of \(e.name)", describe(e.partitioning), describe(a.partitioning))
            compare("partitions of \(e.name)", e.partitioning.map(declaredPartitions) ?? [], a.partitioning.map(declaredPartitions) ?? [])
            compare("row level security of \(e.name)", describe(e.rowLevelSecurity), describe(a.rowLevelSecurity))
            compare(
                "policies of \(e.name)", e.rowLevelSecurity?.policies.map(describe) ?? [], a.rowLevelSecurity?.policies.map(describe) ?? [])
        }
        for a in actual.tables where expected.table(named: a.name) == nil { lines.append("table \(a.name) is not in the schema") }
        lines += viewDifferences(expected: expected, actual: actual)
        return lines
    }

    /// Views by kind, column names and types, and indexes. Not by nullability (the server keeps
    /// none for a view's columns) nor by SQL text (the server respells it).
    private static func viewDifferences(expected: Schema, actual: Schema) -> [String] {
        var lines: [String] = []
        for e in expected.views {
            guard let a = actual.view(named: e.name) else { lines.append("view \(e.name) is missing"); continue }
            if e.isMaterialized != a.isMaterialized {
                lines.append("view \(e.name): expected \(e.isMaterialized ? "a materialized view" : "a plain view"), found \(a.isMaterialized ? "a materialized view" : "a plain view")")
            }
            let columns = { (v: View) in v.columns.map { "\($0.name) \($0.type.sql)" } }
            if columns(e) != columns(a) { lines.append("columns of view \(e.name): expected \(columns(e)), found \(columns(a))") }
            if e.indexes.map(describe).sorted() != a.indexes.map(describe).sorted() {
                lines.append("indexes of view \(e.name): expected \(e.indexes.map(describe).sorted()), found \(a.indexes.map(describe).sorted())")
            }
        }
        for a in actual.views where expected.view(named: a.name) == nil { lines.append("view \(a.name) is not in the schema") }
        return lines
    }

    private static func describe(_ s: SchemaSequence) -> String {
        "\(s.type.sql) start \(s.start) increment \(s.increment) min \(s.minValue) max \(s.maxValue) cache \(s.cache)\(s.cycle ? " cycle" : "")"
            + (s.ownedBy.map { " owned by \($0.table).\($0.column)" } ?? "")
    }

    private static func describe(_ fk: ForeignKey) -> String {
        "\(fk.name) \(fk.columns) -> \(fk.referencedTable)\(fk.referencedColumns) on delete \(fk.onDelete.rawValue) on update \(fk.onUpdate.rawValue)"
    }

    private static func describe(_ partitioning: Partitioning?) -> String {
        partitioning.map { "by \($0.method.rawValue) on \($0.column)" + ($0.interval.map { " every \($0.rawValue)" } ?? "") } ?? "none"
    }

    /// The schema's partitions by name and kind of bound, sorted (an interval table's own months
    /// are the runtime's; the server respells bound literals, `'2026-01-01'` as a timestamp).
    private static func declaredPartitions(_ partitioning: Partitioning) -> [String] {
        partitioning.partitions.map { partition in
            let kind = switch partition.bound {
            case .range: "range"
            case .list(let values): "list of \(values.count)"
            case .hash(let modulus, let remainder): "hash \(remainder) of \(modulus)"
            case .default: "default"
            }
            return "\(partition.name) (\(kind))"
        }.sorted()
    }

    private static func describe(_ security: RowLevelSecurity?) -> String {
        security.map { $0.force ? "forced" : "enabled" } ?? "off"
    }

    /// A policy's expressions by presence only, like checks (the server respells them).
    private static func describe(_ policy: Policy) -> String {
        "\(policy.name) \(policy.permissive ? "permissive" : "restrictive") for \(policy.command.rawValue) to \(policy.roles.isEmpty ? ["public"] : policy.roles)"
            + (policy.using == nil ? "" : " using") + (policy.withCheck == nil ? "" : " with check")
    }

    private static func describe(_ index: Index) -> String {
        "\(index.name) \(index.isUnique ? "unique " : "")\(index.method) \(index.columns)\(index.opclass.map { " " + $0 } ?? "")\(index.predicate == nil ? "" : " partial")"
    }
}

extension SchemaDrift {
    /// `actual` without the tables, views, enums and sequences of schemas `expected` does not name.
    static func declaredSchemasOnly(_ actual: Schema, as expected: Schema) -> Schema {
        let schemas = Set([QualifiedName.defaultSchema] + QualifiedName.namedSchemas(of: expected))
        func declared(_ name: String) -> Bool { schemas.contains(QualifiedName.schema(of: name)) }
        var result = actual
        result.tables = actual.tables.filter { declared($0.name) }
        result.views = actual.views.filter { declared($0.name) }
        result.enums = actual.enums.filter { declared($0.name) }
        result.sequences = actual.sequences.filter { declared($0.name) }
        return result
    }
}
