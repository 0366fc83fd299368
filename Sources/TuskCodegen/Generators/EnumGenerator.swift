import TuskSchema

/// `enums:` -> String-backed Swift enums whose raw values are the database's labels.
enum EnumGenerator {
    static func declaration(for enumType: EnumType, access: SwiftAccess) -> SwiftDeclaration {
        var docs = enumType.comment.map { [$0, ""] } ?? []
        docs.append("The PostgreSQL enum `\(enumType.name)`.")
        let cases = enumType.values.map { value in
            SwiftDeclaration.enumCase(SwiftEnumCase(
                name: SwiftIdentifier.escaped(value.swiftName),
                rawValue: value.swiftName == value.name ? nil : value.name))
        }
        return .type(SwiftTypeDeclaration(
            docs: docs, access: access, kind: .enum, name: SwiftIdentifier.escaped(enumType.swiftName),
            conformances: ["Swift.String", "Swift.CaseIterable", "Swift.Sendable", "Swift.Hashable", "Swift.Codable"],
            members: cases))
    }
}
