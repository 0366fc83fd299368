/// What the readers collect for one table before names are resolved and cross-table rules
/// are checked; every piece keeps the mark a diagnostic about it should point at.
struct TableDraft {
    var name: String
    var mark: YAMLMark
    var swiftName: String
    var swiftNameMark: YAMLMark?
    var comment: String?
    var columns: [ColumnDraft] = []
    /// False when `columns:` could not be read: checks that name columns are skipped.
    var columnsKnown = true
    var primaryKey: KeyDraft?
    var uniques: [KeyDraft] = []
    var checks: [CheckDraft] = []
    var foreignKeys: [ForeignKeyDraft] = []
    var indexes: [IndexDraft] = []
    var renamedFrom: Named?
    var softDelete: Named?
    var versionColumn: Named?
    /// `tenant:` column.
    var tenant: Named?
    /// `distribution:` as written; checked across tables by `DistributionRules`.
    var distribution: DistributionDraft?
    /// `row_level_security:`; its expressions are checked by the server, not here.
    var rowLevelSecurity: RowLevelSecurity?
    /// `partition_by:` and `retention:`, checked against the columns and keys by `PartitioningReader`.
    var partitioning: Partitioning?
    var retention: RetentionRule?
    /// `relations:` many-to-many declarations, in written order.
    var manyToMany: [ManyToManyDraft] = []
    /// `lint: { ignore: [...] }`: the lint codes not reported for this table.
    var lintIgnore: Set<LintCode> = []

    func column(_ name: String) -> ColumnDraft? { columns.first { $0.column.name == name } }
}

struct ColumnDraft {
    var column: Column
    var mark: YAMLMark
    /// False when the type could not be read; rules that need the type are skipped.
    var typeKnown: Bool
    var swiftNameMark: YAMLMark?
    /// Where the type is written (the shorthand value or `type:`'s value): lint points there.
    var typeMark: YAMLMark? = nil
}

/// A name with the mark where it is written.
struct Named {
    var name: String
    var mark: YAMLMark
}

/// A primary key or unique constraint: columns and an optional explicit name.
struct KeyDraft {
    var name: Named?
    var columns: [Named]
    var mark: YAMLMark
}

struct CheckDraft {
    var name: Named?
    var expression: String
    var mark: YAMLMark
}

struct ForeignKeyDraft {
    var name: Named?
    var columns: [Named]
    var table: Named
    var referencedColumns: [Named]
    var onDelete: ReferentialAction
    var onUpdate: ReferentialAction
    /// How diagnostics name it: "'references' of column 'documents.user_id'".
    var what: String
    /// Where diagnostics about its relations point when no `relation:`/`inverse:` is written.
    var mark: YAMLMark
    /// `relation:`: the to-one property on this table.
    var relation: Named? = nil
    /// `inverse:`: the property on the referenced table.
    var inverse: Named? = nil
}

/// One entry of a table's `relations:` (`linkedMemories: { through: memory_links, source: from_id, target: to_id }`).
struct ManyToManyDraft {
    var name: Named
    var through: Named
    var source: Named?
    var target: Named?
}

struct IndexDraft {
    var name: Named?
    var columns: [Named]
    var method: String
    var opclass: String?
    var isUnique: Bool
    var predicate: String?
    var mark: YAMLMark
}

/// `distribution: reference` or `distribution: { column: c, colocate_with: t }`.
struct DistributionDraft {
    /// The distribution column; nil for a reference table.
    var column: Named?
    var colocateWith: Named?
    /// The mark of the `distribution:` value.
    var mark: YAMLMark

    var isReference: Bool { column == nil }

    var model: Distribution {
        column.map { .distributed(column: $0.name, colocateWith: colocateWith?.name) } ?? .reference
    }
}
