/// A PostgreSQL data type: a built-in OID, or a name resolved per connection (enums, `vector`,
/// and arrays of those), since such OIDs differ from one database to the next.
public struct PostgresType: Sendable, Hashable, CustomStringConvertible {
    /// The type's OID; 0 for a type known only by name until a connection resolves it.
    public let oid: UInt32
    @usableFromInline let storedName: String?

    /// The SQL name (`int8`, `memory_tier`, `vector[]`).
    public var name: String { storedName ?? PostgresType.builtinNames[oid] ?? "oid \(oid)" }

    public init(oid: UInt32, name: String) {
        self.oid = oid
        self.storedName = name
    }

    /// A type resolved by name on each connection (`to_regtype`), e.g. an enum or `vector`.
    public static func named(_ name: String) -> PostgresType { PostgresType(oid: 0, name: name) }

    /// The type a result column reports.
    @usableFromInline init(oid: UInt32) {
        self.oid = oid
        self.storedName = nil
    }

    public static func == (lhs: PostgresType, rhs: PostgresType) -> Bool {
        lhs.oid != 0 && rhs.oid != 0 ? lhs.oid == rhs.oid : lhs.oid == rhs.oid && lhs.name == rhs.name
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(oid)
        if oid == 0 { hasher.combine(name) }
    }

    public var description: String { name }
    var needsResolution: Bool { oid == 0 }

    /// The one-dimensional array type of this element type.
    public var arrayType: PostgresType {
        if let array = PostgresType.arrayOIDs[oid] { return PostgresType(oid: array, name: name + "[]") }
        return .named(name + "[]")
    }

    /// For an array type, its element type.
    var elementType: PostgresType? {
        if let element = PostgresType.elementOIDs[oid] { return PostgresType(oid: element) }
        if name.hasSuffix("[]") { return .named(String(name.dropLast(2))) }
        return nil
    }

    public static let bool = PostgresType(oid: 16, name: "bool")
    public static let bytea = PostgresType(oid: 17, name: "bytea")
    public static let char = PostgresType(oid: 18, name: "char")
    public static let nameType = PostgresType(oid: 19, name: "name")
    public static let int8 = PostgresType(oid: 20, name: "int8")
    public static let int2 = PostgresType(oid: 21, name: "int2")
    public static let int4 = PostgresType(oid: 23, name: "int4")
    public static let text = PostgresType(oid: 25, name: "text")
    public static let oidType = PostgresType(oid: 26, name: "oid")
    public static let json = PostgresType(oid: 114, name: "json")
    public static let cidr = PostgresType(oid: 650, name: "cidr")
    public static let float4 = PostgresType(oid: 700, name: "float4")
    public static let float8 = PostgresType(oid: 701, name: "float8")
    public static let unknown = PostgresType(oid: 705, name: "unknown")
    public static let inet = PostgresType(oid: 869, name: "inet")
    public static let bpchar = PostgresType(oid: 1042, name: "bpchar")
    public static let varchar = PostgresType(oid: 1043, name: "varchar")
    public static let date = PostgresType(oid: 1082, name: "date")
    public static let time = PostgresType(oid: 1083, name: "time")
    public static let timestamp = PostgresType(oid: 1114, name: "timestamp")
    public static let timestamptz = PostgresType(oid: 1184, name: "timestamptz")
    public static let interval = PostgresType(oid: 1186, name: "interval")
    public static let numeric = PostgresType(oid: 1700, name: "numeric")
    public static let uuid = PostgresType(oid: 2950, name: "uuid")
    public static let jsonb = PostgresType(oid: 3802, name: "jsonb")
    /// pgvector's `vector` (an extension type: its OID is resolved per connection).
    public static let vector = PostgresType.named("vector")

    static let builtinNames: [UInt32: String] = {
        var names: [UInt32: String] = [:]
        for type in [
            bool, bytea, char, nameType, int8, int2, int4, text, oidType, json, cidr, float4, float8, unknown, inet,
            bpchar, varchar, date, time, timestamp, timestamptz, interval, numeric, uuid, jsonb,
        ] {
            names[type.oid] = type.name
            if let array = arrayOIDs[type.oid] { names[array] = type.name + "[]" }
        }
        names[2278] = "void"
        names[2249] = "record"
        return names
    }()

    static let arrayOIDs: [UInt32: UInt32] = [
        16: 1000, 17: 1001, 18: 1002, 19: 1003, 20: 1016, 21: 1005, 23: 1007, 25: 1009, 26: 1028,
        114: 199, 650: 651, 700: 1021, 701: 1022, 869: 1041, 1042: 1014, 1043: 1015, 1082: 1182,
        1083: 1183, 1114: 1115, 1184: 1185, 1186: 1187, 1700: 1231, 2950: 2951, 3802: 3807,
    ]
    static let elementOIDs: [UInt32: UInt32] = Dictionary(uniqueKeysWithValues: arrayOIDs.map { ($1, $0) })

    /// Types whose binary form is their text (UTF-8): text, varchar, char(n), name, unknown.
    /// A switch, not a `Set`: it is asked for every text cell decoded, and hashing cost more.
    static func isTextLike(_ oid: UInt32) -> Bool {
        switch oid {
        case 25, 1043, 1042, 19, 705: return true
        default: return false
        }
    }

    /// OIDs at or above this belong to user-defined types (enums, extension types).
    static let firstUserOID: UInt32 = 16384
}
