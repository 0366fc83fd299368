/// The validated, canonical description of a database, read from `schema.yaml`.
///
/// Every other module reads this model: codegen, DDL, the migration diff, introspection.
/// Canonical means: tables and enums sorted by name, extensions sorted and unique, every
/// constraint and index carries its resolved name (PostgreSQL's default when the YAML gave
/// none), column-level shorthands (`primary_key`, `unique`, `check`, `references`) folded into
/// the table-level lists. Two schemas that mean the same thing compare equal.
public struct Schema: Hashable, Sendable, Codable {
    public var extensions: [String]
    public var enums: [EnumType]
    public var tables: [Table]
    /// `sequences:`, sorted by name (identity columns' sequences are not listed: they belong
    /// to their column).
    public var sequences: [SchemaSequence] = []
    /// `views:` (plain and materialized), sorted by name.
    public var views: [View] = []
    public var swift: SwiftOptions
    /// Relations derived from foreign keys, grouped by source table in table order (see
    /// `relations(of:)`). Swift-only: left out of the snapshot (`CodingKeys`), so a decoded
    /// snapshot has none.
    public var relations: [TableRelation] = []
    /// `job_kinds:`, sorted by name. Swift-only: the database sees only their `tusk_jobs` table.
    public var jobKinds: [JobKindDeclaration] = []
    /// `migrations:`: the timeouts every generated migration sets. Left out of the snapshot:
    /// they change how a migration runs, not the database.
    public var migrations = MigrationSettings()

    public init(
        extensions: [String] = [], enums: [EnumType] = [], tables: [Table] = [], swift: SwiftOptions = SwiftOptions(),
        relations: [TableRelation] = []
    ) {
        self.extensions = extensions
        self.enums = enums
        self.tables = tables
        self.swift = swift
        self.relations = relations
    }

    private enum CodingKeys: String, CodingKey { case extensions, enums, tables, sequences, views, swift }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        extensions = try c.decode([String].self, forKey: .extensions)
        enums = try c.decode([EnumType].self, forKey: .enums)
        tables = try c.decode([Table].self, forKey: .tables)
        // Snapshots written before `sequences:` existed have none.
        sequences = try c.decodeIfPresent([SchemaSequence].self, forKey: .sequences) ?? []
        views = try c.decodeIfPresent([View].self, forKey: .views) ?? []
        swift = try c.decode(SwiftOptions.self, forKey: .swift)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(extensions, forKey: .extensions)
        try c.encode(enums, forKey: .enums)
        try c.encode(tables, forKey: .tables)
        // Left out when empty, so snapshots of schemas without sequences keep their bytes.
        if !sequences.isEmpty { try c.encode(sequences, forKey: .sequences) }
        if !views.isEmpty { try c.encode(views, forKey: .views) }
        try c.encode(swift, forKey: .swift)
    }

    public func table(named name: String) -> Table? { tables.first { $0.name == name } }
    public func enumType(named name: String) -> EnumType? { enums.first { $0.name == name } }
    public func sequence(named name: String) -> SchemaSequence? { sequences.first { $0.name == name } }
}

/// Options for the generated Swift code (top-level `swift:` key).
public struct SwiftOptions: Hashable, Sendable, Codable {
    public enum AccessLevel: String, Hashable, Sendable, Codable { case `internal`, `public` }
    public var access: AccessLevel
    public init(access: AccessLevel = .internal) { self.access = access }
}

/// A PostgreSQL enum type (`enums:`). Values keep their declared order.
public struct EnumType: Hashable, Sendable, Codable {
    public var name: String
    public var swiftName: String
    public var values: [EnumValue]
    public var renamedFrom: String?
    public var comment: String?

    public init(name: String, swiftName: String, values: [EnumValue], renamedFrom: String? = nil, comment: String? = nil) {
        self.name = name
        self.swiftName = swiftName
        self.values = values
        self.renamedFrom = renamedFrom
        self.comment = comment
    }

    public var valueNames: [String] { values.map(\.name) }
}

public struct EnumValue: Hashable, Sendable, Codable {
    public var name: String
    /// Swift case name (derived: `WORKING` -> `working`, or `swift_name:`).
    public var swiftName: String
    public var renamedFrom: String?

    public init(name: String, swiftName: String, renamedFrom: String? = nil) {
        self.name = name
        self.swiftName = swiftName
        self.renamedFrom = renamedFrom
    }
}
