/// Swift type names of objects in named PostgreSQL schemas.
///
/// A table, view or enum in a named schema gets the name derived from its name inside the
/// schema (`billing.invoices` -> `Invoice`), so most code reads as if schemas did not exist.
/// When that name is also another object's (the same table name in two schemas), the ones
/// outside `public` take their schema as a prefix (`BillingInvoice`) and `public` keeps the
/// plain name, so adding a schema never renames a type existing code uses. A flat prefix
/// rather than a nested `enum Billing { struct Invoice }`: the generated files, relations and
/// diagnostics all speak one type name per object. A `swift_name:` is never changed.
public enum SchemaSwiftNames {
    /// The loader's pass, over the drafts (`swift_name:` marks which names were chosen).
    static func namespace(tables: inout [TableDraft], views: inout [ViewDraft], enums: inout [EnumType], chosenEnums: Set<String>) {
        let counts = occurrences(tables.map(\.swiftName) + views.map(\.table.swiftName) + enums.map(\.swiftName))
        for i in tables.indices where tables[i].swiftNameMark == nil {
            if let name = prefixed(tables[i].swiftName, of: tables[i].name, counts) { tables[i].swiftName = name }
        }
        for i in views.indices where views[i].table.swiftNameMark == nil {
            if let name = prefixed(views[i].table.swiftName, of: views[i].name, counts) { views[i].table.swiftName = name }
        }
        for i in enums.indices where !chosenEnums.contains(enums[i].name) {
            if let name = prefixed(enums[i].swiftName, of: enums[i].name, counts) { enums[i].swiftName = name }
        }
    }

    /// The same rule over a model whose names are all derived (introspection).
    public static func namespace(_ schema: inout Schema) {
        let counts = occurrences(schema.tables.map(\.swiftName) + schema.views.map(\.swiftName) + schema.enums.map(\.swiftName))
        for i in schema.tables.indices {
            if let name = prefixed(schema.tables[i].swiftName, of: schema.tables[i].name, counts) { schema.tables[i].swiftName = name }
        }
        for i in schema.views.indices {
            if let name = prefixed(schema.views[i].swiftName, of: schema.views[i].name, counts) { schema.views[i].swiftName = name }
        }
        for i in schema.enums.indices {
            if let name = prefixed(schema.enums[i].swiftName, of: schema.enums[i].name, counts) { schema.enums[i].swiftName = name }
        }
    }

    private static func occurrences(_ names: [String]) -> [String: Int] {
        names.reduce(into: [:]) { counts, name in counts[name, default: 0] += 1 }
    }

    /// `BillingInvoice` for `billing.invoices` when `Invoice` is taken twice; nil to keep the name.
    private static func prefixed(_ swiftName: String, of name: String, _ counts: [String: Int]) -> String? {
        let qualified = QualifiedName(name)
        guard !qualified.isInDefaultSchema, counts[swiftName, default: 0] > 1 else { return nil }
        return SwiftNames.typeName(forEnum: qualified.schema) + swiftName
    }
}
