import TuskSchema

/// `enums:` -> Swift enums over the database's labels, with an `unknown(label)` case so rows
/// written with a label added to the database later still decode (a validator refuses to
/// write one). `init?(rawValue:)` knows only the declared labels; `init(label:)` takes any.
enum EnumGenerator {
    static func declaration(for enumType: EnumType, access: SwiftAccess) -> SwiftDeclaration {
        var docs = enumType.comment.map { [$0, ""] } ?? []
        docs.append("The PostgreSQL enum `\(enumType.name)`.")
        let name = SwiftIdentifier.escaped(enumType.swiftName)
        let a = access.prefix
        var members = enumType.values.map { value in
            SwiftDeclaration.enumCase(SwiftEnumCase(name: SwiftIdentifier.escaped(value.swiftName)))
        }
        members.append(.code([
            "/// A label this code does not know (added to the database type after generation).",
            "case unknown(Swift.String)",
        ]))
        let cases = enumType.values.map { (label: SwiftRenderer.stringLiteral($0.name), name: "." + SwiftIdentifier.escaped($0.swiftName)) }
        var code: [String] = [
            "\(a)static let postgresTypeName: Swift.String = \(SwiftRenderer.stringLiteral(enumType.name))",
            "",
            "/// The declared labels, in order (not `unknown`).",
            "\(a)static let allCases: [\(name)] = [\(cases.map(\.name).joined(separator: ", "))]",
            "",
            "/// A declared label's case; nil for any other label.",
            "\(a)init?(rawValue: Swift.String) {",
            "    switch rawValue {",
        ]
        code += cases.map { "    case \($0.label): self = \($0.name)" }
        code += [
            "    default: return nil",
            "    }",
            "}",
            "",
            "/// Any label: one this code does not know becomes `.unknown(label)`.",
            "\(a)init(label: Swift.String) {",
            "    self = Self(rawValue: label) ?? .unknown(label)",
            "}",
            "",
            "/// The database's label.",
            "\(a)var rawValue: Swift.String {",
            "    switch self {",
        ]
        code += cases.map { "    case \($0.name): \($0.label)" }
        code += [
            "    case .unknown(let label): label",
            "    }",
            "}",
            "",
            "\(a)static func decode(from bytes: inout Tusk.PostgresDecoder, type: Tusk.PostgresType) throws -> Self {",
            "    Self(label: bytes.readRemainingString())",
            "}",
            "",
            "\(a)init(from decoder: any Swift.Decoder) throws {",
            "    self.init(label: try decoder.singleValueContainer().decode(Swift.String.self))",
            "}",
            "",
            "\(a)func encode(to encoder: any Swift.Encoder) throws {",
            "    var container = encoder.singleValueContainer()",
            "    try container.encode(rawValue)",
            "}",
        ]
        members.append(.code(code))
        return .type(SwiftTypeDeclaration(
            docs: docs, access: access, kind: .enum, name: name,
            conformances: ["Swift.CaseIterable", "Swift.Sendable", "Swift.Hashable", "Swift.Codable", "Tusk.PostgresEnum"],
            members: members))
    }

    /// Members of `Tusk.Patchable` itself: an enum value with one of these names keeps the
    /// `.set(.value)` spelling (a shorthand of the same name would be ambiguous).
    static let patchableMemberNames: Set<String> = ["unchanged", "set", "excluded", "expression", "value", "isUnchanged", "columnValue"]

    /// `patch.status = .completed`: a shorthand per label on `Patchable<Enum>` and
    /// `Patchable<Enum?>`, as literals already set String, number and Bool fields.
    static func patchShorthands(for enumType: EnumType, access: SwiftAccess) -> [SwiftDeclaration] {
        let name = SwiftIdentifier.escaped(enumType.swiftName)
        let values = enumType.values.filter { !patchableMemberNames.contains($0.swiftName) }
        guard !values.isEmpty else { return [] }
        return [name, name + "?"].map { value in
            .type(SwiftTypeDeclaration(
                docs: value.hasSuffix("?") ? [] : ["`patch.field = .label` sets a field of the enum `\(enumType.name)`, as `.set(.label)` does."],
                access: .internal, kind: .extension, name: "Tusk.Patchable", requirements: ["Value == \(value)"],
                members: [.code(values.map { v in
                    let escaped = SwiftIdentifier.escaped(v.swiftName)
                    return "\(access.prefix)static var \(escaped): Self { .set(.\(escaped)) }"
                })]))
        }
    }
}
