import TuskSchema

/// Makes each `swift_type:` of a json/jsonb column a `Tusk.JSONValue`, so typed JSON columns get
/// the same path, containment and key-existence operators as untyped ones
/// (`$0.settings["model"] == "small"`).
///
/// Only for a type named by a plain identifier: such a type is declared in the module that applies
/// the plugin, where the conformance is the module's own. A qualified, generic or collection type
/// (`Models.Settings`, `[String: Int]`) would be a retroactive conformance of a type owned
/// elsewhere; those columns can still be queried after `extension T: @retroactive JSONValue {}`.
enum JSONValueGenerator {
    static func declarations(for schema: Schema) -> [SwiftDeclaration] {
        let typeNames = Set(schema.tables.flatMap { table in
            table.columns.compactMap { column -> String? in
                guard let swiftType = column.swiftType, isPlainIdentifier(swiftType) else { return nil }
                return swiftType
            }
        })
        return typeNames.sorted().map { typeName in
            .type(SwiftTypeDeclaration(
                docs: ["`\(typeName)` is stored as JSON (`swift_type:`): queryable by path, containment and key."],
                access: .internal, kind: .extension, name: typeName, conformances: ["Tusk.JSONValue"], members: []))
        }
    }

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
