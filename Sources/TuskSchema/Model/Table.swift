/// A table with its columns, keys, constraints and indexes, all names resolved.
public struct Table: Hashable, Sendable, Codable {
    public var name: String
    /// The Swift type name (`users` -> `User`, or `swift_name:`).
    public var swiftName: String
    public var comment: String?
    /// Columns in declared order (the order the database sees).
    public var columns: [Column]
    public var primaryKey: PrimaryKey?
    public var uniqueConstraints: [UniqueConstraint]
    public var checks: [CheckConstraint]
    public var foreignKeys: [ForeignKey]
    public var indexes: [Index]
    public var renamedFrom: String?
    /// `soft_delete: column` policy: reads skip rows where the column is not NULL.
    public var softDeleteColumn: String?
    /// `version_column: column` policy: optimistic locking on every generated update.
    public var versionColumn: String?
    /// `tenant: column`: the column naming the tenant a row belongs to (`db.tenant(id)` scopes by it).
    public var tenantColumn: String?
    /// `distribution:`: a Citus distributed or reference table; nil for a plain table.
    public var distribution: Distribution?
    /// `row_level_security:`: RLS on, with its policies; nil when off.
    public var rowLevelSecurity: RowLevelSecurity?
    /// `partition_by:`: declarative partitioning; nil for a plain table.
    public var partitioning: Partitioning?
    /// `retention:`: how long rows are kept (applied by `db.applyRetention(to:)`).
    public var retention: RetentionRule?

    public init(
        name: String, swiftName: String, comment: String? = nil, columns: [Column],
        primaryKey: PrimaryKey? = nil, uniqueConstraints: [UniqueConstraint] = [],
        checks: [CheckConstraint] = [], foreignKeys: [ForeignKey] = [], indexes: [Index] = [],
        renamedFrom: String? = nil, softDeleteColumn: String? = nil, versionColumn: String? = nil,
        tenantColumn: String? = nil, distribution: Distribution? = nil, rowLevelSecurity: RowLevelSecurity? = nil,
        partitioning: Partitioning? = nil, retention: RetentionRule? = nil
    ) {
        self.name = name
        self.swiftName = swiftName
        self.comment = comment
        self.columns = columns
        self.primaryKey = primaryKey
        self.uniqueConstraints = uniqueConstraints
        self.checks = checks
        self.foreignKeys = foreignKeys
        self.indexes = indexes
        self.renamedFrom = renamedFrom
        self.softDeleteColumn = softDeleteColumn
        self.versionColumn = versionColumn
        self.tenantColumn = tenantColumn
        self.distribution = distribution
        self.rowLevelSecurity = rowLevelSecurity
        self.partitioning = partitioning
        self.retention = retention
    }

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// Whether a new row may leave the column out: the database fills it (a default or
    /// identity), or it is the tenant column, which a tenant's runner fills.
    public func isFilledOnInsert(_ column: Column) -> Bool {
        column.isDatabaseFilled || column.name == tenantColumn
    }
}

public struct PrimaryKey: Hashable, Sendable, Codable {
    public var name: String
    public var columns: [String]
    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
    }
}

public struct UniqueConstraint: Hashable, Sendable, Codable {
    public var name: String
    public var columns: [String]
    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
    }
}

public struct CheckConstraint: Hashable, Sendable, Codable {
    public var name: String
    /// The boolean SQL expression, as written.
    public var expression: String
    public init(name: String, expression: String) {
        self.name = name
        self.expression = expression
    }
}

public enum ReferentialAction: String, Hashable, Sendable, Codable, CaseIterable {
    case noAction = "no_action"
    case restrict
    case cascade
    case setNull = "set_null"
    case setDefault = "set_default"

    /// The SQL spelling (`NO ACTION`, `SET NULL`, ...).
    public var sql: String {
        switch self {
        case .noAction: "NO ACTION"
        case .restrict: "RESTRICT"
        case .cascade: "CASCADE"
        case .setNull: "SET NULL"
        case .setDefault: "SET DEFAULT"
        }
    }
}

public struct ForeignKey: Hashable, Sendable, Codable {
    public var name: String
    public var columns: [String]
    public var referencedTable: String
    public var referencedColumns: [String]
    public var onDelete: ReferentialAction
    public var onUpdate: ReferentialAction

    public init(
        name: String, columns: [String], referencedTable: String, referencedColumns: [String],
        onDelete: ReferentialAction = .noAction, onUpdate: ReferentialAction = .noAction
    ) {
        self.name = name
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
    }
}

public struct Index: Hashable, Sendable, Codable {
    /// The access methods `using:` accepts.
    public static let methods = ["btree", "hash", "gin", "gist", "brin", "spgist", "hnsw", "ivfflat"]

    public var name: String
    public var columns: [String]
    /// Access method: btree (default), hash, gin, gist, brin, spgist, hnsw, ivfflat.
    public var method: String
    /// Operator class applied to every column (e.g. `vector_cosine_ops`).
    public var opclass: String?
    public var isUnique: Bool
    /// Partial index predicate (`where:`), as written.
    public var predicate: String?

    public init(name: String, columns: [String], method: String = "btree", opclass: String? = nil, isUnique: Bool = false, predicate: String? = nil) {
        self.name = name
        self.columns = columns
        self.method = method
        self.opclass = opclass
        self.isUnique = isUnique
        self.predicate = predicate
    }
}
