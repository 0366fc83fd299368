/// A relation between two tables, derived from a single-column foreign key (or two, through a
/// join table), seen from its source table: `documents.user` (belongs to), `users.documents`
/// (has many), `users.profile` (has one), `memory_objects.linkedMemories` (many to many).
///
/// Relations are Swift-only: the loader derives them from `schema.yaml` (names from the foreign
/// key columns and tables, or `relation:` / `inverse:` / `relations:`); they are not part of the
/// snapshot and never change a migration.
public struct TableRelation: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// The foreign key is on the source table (`documents.user_id` → `users.id`).
        case belongsTo
        /// The target's foreign key references the source, and is unique on the target (one-to-one).
        case hasOne
        /// The target's foreign key references the source.
        case hasMany
        /// A join table references both (`memory_links.from_id`, `memory_links.to_id`).
        case manyToMany
    }

    /// How many target rows a source row has, as the generated marker protocol says.
    public enum Cardinality: String, Hashable, Sendable {
        /// Exactly one: a NOT NULL foreign key to a table without `soft_delete`.
        case requiredToOne
        /// At most one.
        case toOne
        case toMany
    }

    /// The join table of a many-to-many relation: `sourceColumn` references the source's key,
    /// `targetColumn` the target's.
    public struct JoinTable: Hashable, Sendable {
        public var table: String
        public var sourceColumn: String
        public var targetColumn: String
        public init(table: String, sourceColumn: String, targetColumn: String) {
            self.table = table
            self.sourceColumn = sourceColumn
            self.targetColumn = targetColumn
        }
    }

    /// The Swift property name on the source (`documents`).
    public var name: String
    public var kind: Kind
    public var sourceTable: String
    /// The source's column holding the key: the foreign key column (belongsTo) or the referenced one.
    public var sourceColumn: String
    public var targetTable: String
    /// The target's column holding the key: the referenced column (belongsTo, many-to-many) or the foreign key column.
    public var targetColumn: String
    public var through: JoinTable?
    /// The foreign key constraint it comes from (the join table's source-side one for many-to-many).
    public var foreignKey: String
    /// Whether the source's key can be NULL (a nullable foreign key column on the source).
    public var isNullable: Bool
    public var cardinality: Cardinality

    public init(
        name: String, kind: Kind, sourceTable: String, sourceColumn: String, targetTable: String, targetColumn: String,
        through: JoinTable? = nil, foreignKey: String, isNullable: Bool, cardinality: Cardinality
    ) {
        self.name = name
        self.kind = kind
        self.sourceTable = sourceTable
        self.sourceColumn = sourceColumn
        self.targetTable = targetTable
        self.targetColumn = targetColumn
        self.through = through
        self.foreignKey = foreignKey
        self.isNullable = isNullable
        self.cardinality = cardinality
    }
}

extension Schema {
    /// The relations whose source is `table`: foreign keys of the table in declared order, then
    /// the inverses of other tables' foreign keys by referencing table name, then many-to-many
    /// relations by name.
    public func relations(of table: String) -> [TableRelation] {
        relations.filter { $0.sourceTable == table }
    }
}
