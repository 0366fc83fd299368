/// Declarations every generated table uses, emitted once per module.
enum SupportGenerator {
    static let columnDescriptionType = "TuskColumnDescription"

    static func declarations(access: SwiftAccess) -> [SwiftDeclaration] {
        let fields: [(name: String, type: String, doc: String)] = [
            ("name", "Swift.String", "The column's name in the database."),
            ("sqlType", "Swift.String", "The SQL type, spelled as in schema.yaml's canonical form (`varchar(255)`, `text[]`)."),
            ("isNullable", "Swift.Bool", "Whether the column accepts NULL."),
        ]
        var members = fields.map { field in
            SwiftDeclaration.property(SwiftProperty(docs: [field.doc], access: access, kind: .constant, name: field.name, type: field.type))
        }
        members.append(.initializer(SwiftInitializer(
            access: access,
            parameters: fields.map { SwiftParameter(name: $0.name, type: $0.type) },
            body: fields.map { .assign("self.\($0.name)", .raw($0.name)) })))
        return [.type(SwiftTypeDeclaration(
            docs: ["One column of a generated table, as declared in the schema."],
            access: access, kind: .struct, name: columnDescriptionType,
            conformances: ["Swift.Sendable", "Swift.Hashable"], members: members))]
    }
}
