/// A column type, in one canonical spelling (aliases resolved when parsed).
public indirect enum SQLType: Hashable, Sendable {
    case smallint, integer, bigint, real, doublePrecision
    /// `numeric`, `numeric(p)`, `numeric(p,s)`.
    case numeric(precision: Int?, scale: Int?)
    case boolean, text
    /// `varchar` (unbounded) or `varchar(n)`.
    case varchar(length: Int?)
    /// `char(n)`; a bare `char` is `char(1)`, as in PostgreSQL.
    case char(length: Int)
    case uuid, date, time, timestamp, timestamptz, interval, bytea, json, jsonb, inet
    /// Full-text search's `tsvector`: searched (`matches`, `rank`), never read into a `Row` or
    /// written by an `Insert` (a generated column or a trigger fills it).
    case tsvector
    /// A declared enum, by its SQL name.
    case enumType(String)
    /// pgvector's `vector(n)`.
    case vector(dimensions: Int)
    /// A one-dimensional array of the element type.
    case array(SQLType)
    /// A type Tusk does not map (`tsvector`, a composite, `int4range`, ...), written in the
    /// schema as `type: { sql: tsvector }` and emitted verbatim by the DDL. The column is kept
    /// in the database and left out of the generated Swift types (see docs/schema-reference.md).
    case opaque(String)

    /// The canonical spelling, used in YAML, snapshots and DDL: `varchar(255)`, `text[]`,
    /// `double precision`, `timestamptz`, `numeric(3,2)`, or the enum's name.
    public var sql: String {
        switch self {
        case .smallint: "smallint"
        case .integer: "integer"
        case .bigint: "bigint"
        case .real: "real"
        case .doublePrecision: "double precision"
        case .numeric(let p, let s):
            switch (p, s) {
            case (nil, _): "numeric"
            case (let p?, nil): "numeric(\(p))"
            case (let p?, let s?): "numeric(\(p),\(s))"
            }
        case .boolean: "boolean"
        case .text: "text"
        case .varchar(let n): n.map { "varchar(\($0))" } ?? "varchar"
        case .char(let n): "char(\(n))"
        case .uuid: "uuid"
        case .date: "date"
        case .time: "time"
        case .timestamp: "timestamp"
        case .timestamptz: "timestamptz"
        case .interval: "interval"
        case .bytea: "bytea"
        case .json: "json"
        case .jsonb: "jsonb"
        case .inet: "inet"
        case .tsvector: "tsvector"
        case .enumType(let name): name
        case .vector(let n): "vector(\(n))"
        case .array(let element): element.sql + "[]"
        case .opaque(let sql): sql
        }
    }

    /// True for `opaque` types: the database keeps the column, the generated Swift leaves it out.
    public var isOpaque: Bool { if case .opaque = self { true } else { false } }

    public var isArray: Bool { if case .array = self { true } else { false } }

    /// The element type of an array, or the type itself.
    public var elementType: SQLType { if case .array(let e) = self { e } else { self } }

    /// The enum name this type (or its array element) refers to, if any.
    public var referencedEnum: String? { if case .enumType(let n) = elementType { n } else { nil } }
}

extension SQLType: Codable {
    private enum OpaqueKeys: String, CodingKey { case sql }

    public init(from decoder: any Decoder) throws {
        // An opaque type is `{"sql": "tsvector"}`, so it never reads back as an enum name.
        if let keyed = try? decoder.container(keyedBy: OpaqueKeys.self) {
            let sql = try keyed.decode(String.self, forKey: .sql)
            // Snapshots written before `tsvector` was mapped hold it as `{"sql": "tsvector"}`.
            self = sql.lowercased() == "tsvector" ? .tsvector : .opaque(sql)
            return
        }
        let text = try decoder.singleValueContainer().decode(String.self)
        // Snapshots only hold canonical spellings; any non-builtin name is an enum.
        switch SQLType.parse(text, enumNames: nil) {
        case .success(let parsed): self = parsed.type
        case .failure(let error):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .opaque(let sql) = self {
            var keyed = encoder.container(keyedBy: OpaqueKeys.self)
            try keyed.encode(sql, forKey: .sql)
            return
        }
        var c = encoder.singleValueContainer()
        try c.encode(sql)
    }
}
