import TuskSchema

/// The Swift type that holds each SQL type. Standard types are written module-qualified
/// (`Swift.String`, `Foundation.Date`) so a table or enum named `Date` or `String` in the
/// schema cannot shadow them.
///
/// Types without a Foundation counterpart use the runtime's value types (`Tusk.PostgresJSON`,
/// `Tusk.PostgresVector`, `Tusk.PostgresInterval`, ...), each with a binary codec.
public enum SwiftTypeMapping {
    /// The non-optional Swift type of a column (its `swift_type:` when given).
    public static func valueType(of column: Column, in schema: Schema) -> String {
        if let swiftType = column.swiftType, !swiftType.isEmpty { return swiftType }
        return valueType(of: column.type, in: schema)
    }

    public static func valueType(of type: SQLType, in schema: Schema) -> String {
        switch type {
        case .smallint: "Swift.Int16"
        case .integer: "Swift.Int32"
        case .bigint: "Swift.Int64"
        case .real: "Swift.Float"
        case .doublePrecision: "Swift.Double"
        case .numeric: "Foundation.Decimal"
        case .boolean: "Swift.Bool"
        case .text, .varchar, .char: "Swift.String"
        case .uuid: "Foundation.UUID"
        case .date, .timestamp, .timestamptz: "Foundation.Date"
        case .time: "Tusk.PostgresTime"
        case .interval: "Tusk.PostgresInterval"
        case .inet: "Tusk.PostgresInet"
        case .bytea: "Foundation.Data"
        case .json, .jsonb: "Tusk.PostgresJSON"
        case .enumType(let name): schema.enumType(named: name).map { SwiftIdentifier.escaped($0.swiftName) } ?? "Swift.String"
        case .vector: "Tusk.PostgresVector"
        // Only in `Columns` (TextSearchColumn): no Row or Insert holds a tsvector.
        case .tsvector: "Tusk.TextSearchVector"
        case .array(let element): "[" + valueType(of: element, in: schema) + "]"
        // Never reached: CodeGenerator leaves opaque columns out (`Schema.withoutOpaqueColumns`).
        case .opaque: "Swift.String"
        }
    }

    /// The type of the column in a `Row`: optional when the column is nullable.
    public static func rowType(of column: Column, in schema: Schema) -> String {
        let value = valueType(of: column, in: schema)
        return column.isNullable ? value + "?" : value
    }
}
