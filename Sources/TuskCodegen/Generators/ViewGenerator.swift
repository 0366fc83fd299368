import TuskSchema

/// One view -> the read side of a table's generated API, made by the table generators over
/// the view's columns (`View.readOnlyTable`): the namespace with `Row` and `Columns`, an empty
/// `Relations`, the positional decoder and the `Tusk.TuskReadable` conformance, so `where`,
/// `order`, `limit`, `first`, `all` and `count` work as on a table. No `Insert`, no `Patch`:
/// writes to a view do not compile. A materialized view adds `refresh(on:)`, and
/// `refresh(concurrently:on:)` when a unique index allows it.
struct ViewGenerator {
    let view: View
    let schema: Schema
    let index: SchemaIndex
    let access: SwiftAccess

    /// Columns of a type Tusk does not map stay out of the Swift API, as a table's do.
    var table: Table {
        var table = view.readOnlyTable
        table.columns.removeAll { $0.type.isOpaque }
        return table
    }

    /// For the tables file: the namespace and its (empty) relations.
    func declarations() -> [SwiftDeclaration] {
        [TableGenerator(table: table, schema: schema, index: index, access: access, isView: true).declaration(),
         RelationsGenerator(table: table, schema: schema, index: index, access: access).declaration()]
    }

    /// For the queries file: the read conformance and the row decoder.
    func queryDeclarations() -> [SwiftDeclaration] {
        let api = QueryAPIGenerator(table: table, schema: schema, index: index, access: access)
        return [api.tableConformance(conformances: conformances, extra: [readsTables] + refreshMembers), api.rowDecoder()]
    }

    /// The view and the tables under it: writes to them drop its cached reads (`.cached(ttl:)`).
    var readsTables: SwiftDeclaration {
        .property(SwiftProperty(
            docs: ["The view and the tables it reads: writes to them drop its cached reads."],
            access: access, isStatic: true, kind: .constant, name: "readsTables", type: "Swift.Set<Swift.String>",
            initialValue: .array(([view.name] + schema.tablesRead(by: view)).map { .string($0) })))
    }

    var conformances: [String] {
        guard view.isMaterialized else { return ["Tusk.TuskReadable"] }
        return [view.allowsConcurrentRefresh ? "Tusk.TuskConcurrentlyRefreshable" : "Tusk.TuskMaterializedView"]
    }

    /// `refresh: concurrently` makes `refresh(on:)` refresh CONCURRENTLY.
    var refreshMembers: [SwiftDeclaration] {
        guard view.refreshesConcurrently else { return [] }
        return [.property(SwiftProperty(
            docs: ["`refresh: concurrently`: `refresh(on:)` runs REFRESH MATERIALIZED VIEW CONCURRENTLY (reads go on meanwhile)."],
            access: access, isStatic: true, kind: .constant, name: "refreshesConcurrently", type: "Swift.Bool", initialValue: .raw("true")))]
    }
}
