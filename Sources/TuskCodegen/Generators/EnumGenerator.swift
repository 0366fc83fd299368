import TuskSchema

/// `enums:` -> Swift enums over the database's labels, with an `unknown(label)` case so rows
/// written with a label added to the database later still decode (a validator refuses to
/// write one). `init?(rawValue:)` knows only the declared labels; `init(label:)` takes any.
enum EnumGenerator {
    static func declaration(for enumType: EnumType, access: SwiftAccess) -> SwiftDeclaration {
        var docs = enumType.comment.map { [$0, ""] } ?? []
        docs.append("The PostgreSQL enum `\(enumType.name)`.")
        let name = SwiftIdentifier.escaped(enumType.swiftName)
        var members = enumType.values.map { value in
            SwiftDeclaration.enumCase(SwiftEnumCase(name: SwiftIdentifier.escaped(value.swiftName)))
        }
        members.append(.enumCase(SwiftEnumCase(
            docs: ["A label this code does not know (added to the database type after generation)."],
            name: "unknown", associatedValue: "Swift.String")))
        let cases = enumType.values.map { (label: SwiftExpression.string($0.name), name: "." + SwiftIdentifier.escaped($0.swiftName)) }
        let decoder = SwiftParameter(name: "from", internalName: "decoder", type: "any Swift.Decoder")
        members += [
            .property(SwiftProperty(
                access: access, isStatic: true, kind: .constant, name: "postgresTypeName", type: "Swift.String",
                initialValue: .string(enumType.name))),
            .property(SwiftProperty(
                docs: ["The declared labels, in order (not `unknown`)."], access: access, isStatic: true, kind: .constant,
                name: "allCases", type: "[\(name)]", initialValue: .array(cases.map { .raw($0.name) }))),
            .initializer(SwiftInitializer(
                docs: ["A declared label's case; nil for any other label."], access: access, isFailable: true,
                parameters: [SwiftParameter(name: "rawValue", type: "Swift.String")],
                body: [.switch(.raw("rawValue"),
                    cases.map { SwiftSwitchCase("case " + SwiftRenderer.inline($0.label), [.assign("self", .raw($0.name))]) }
                        + [SwiftSwitchCase("default", [.return(.raw("nil"))])])])),
            .initializer(SwiftInitializer(
                docs: ["Any label: one this code does not know becomes `.unknown(label)`."], access: access,
                parameters: [SwiftParameter(name: "label", type: "Swift.String")],
                body: [.assign("self", .binary(.call("Self", [SwiftArgument("rawValue", .raw("label"))]), "??", .raw(".unknown(label)")))])),
            .property(SwiftProperty(
                docs: ["The database's label."], access: access, kind: .computed, name: "rawValue", type: "Swift.String",
                getter: [.switch(.raw("self"),
                    cases.map { SwiftSwitchCase("case " + $0.name, [.expression($0.label)]) }
                        + [SwiftSwitchCase("case .unknown(let label)", [.expression(.raw("label"))])])])),
            .function(SwiftFunction(
                access: access, isStatic: true, name: "decode",
                parameters: [
                    SwiftParameter(name: "from", internalName: "bytes", type: "inout Tusk.PostgresDecoder"),
                    SwiftParameter(name: "type", type: "Tusk.PostgresType"),
                ],
                isThrowing: true, result: "Self",
                body: [.expression(.call("Self", [SwiftArgument("label", .raw("bytes.readRemainingString()"))]))])),
            .initializer(SwiftInitializer(
                access: access, isThrowing: true, parameters: [decoder],
                body: [.expression(.method(.raw("self"), "init", [
                    SwiftArgument("label", .try(.raw("decoder.singleValueContainer().decode(Swift.String.self)"))),
                ]))])),
            .function(SwiftFunction(
                access: access, name: "encode", parameters: [SwiftParameter(name: "to", internalName: "encoder", type: "any Swift.Encoder")],
                isThrowing: true,
                body: [
                    .declare(name: "container", type: nil, mutable: true, .raw("encoder.singleValueContainer()")),
                    .expression(.try(.method(.raw("container"), "encode", [SwiftArgument("", .raw("rawValue"))]))),
                ])),
        ]
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
                members: values.map { v in
                    let escaped = SwiftIdentifier.escaped(v.swiftName)
                    return .property(SwiftProperty(
                        access: access, isStatic: true, kind: .computed, name: escaped, type: "Self", initialValue: .raw(".set(.\(escaped))")))
                }))
        }
    }
}
