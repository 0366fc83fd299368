import TuskSchema

/// The Swift type of a query parameter or result column, from the server's type name that
/// `tusk queries` recorded (`int8`, `timestamptz`, `text[]`, `memory_tier`): the same types the
/// tables' columns get (`SwiftTypeMapping`).
public enum QueryTypeMapping {
    /// The non-optional Swift type, or nil when Tusk has no codec for the type.
    public static func swiftType(forPostgresType name: String, in schema: Schema) -> String? {
        if name.hasSuffix("[]") {
            return swiftType(forPostgresType: String(name.dropLast(2)), in: schema).map { "[" + $0 + "]" }
        }
        // typname spellings the schema language does not use for these types.
        switch name {
        case "bpchar": return SwiftTypeMapping.valueType(of: .char(length: 1), in: schema)
        case "vector": return SwiftTypeMapping.valueType(of: .vector(dimensions: 1), in: schema)
        default: break
        }
        let enumNames = Set(schema.enums.map(\.name))
        guard case .success(let parsed) = SQLType.parse(name, enumNames: enumNames) else { return nil }
        return SwiftTypeMapping.valueType(of: parsed.type, in: schema)
    }
}
