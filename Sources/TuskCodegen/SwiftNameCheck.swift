import TuskSchema

/// Swift names that would not compile or would silently mean something else: invalid
/// identifiers, two declarations with one name, and type names that shadow what the generated
/// code refers to (`Swift`, `Foundation`, `Tusk`, the nested `Row`/`Insert`/`Columns`/`Patch`/`Relations`, an
/// enum's own `unknown` case).
enum SwiftNameCheck {
    static let reservedTypeNames: Set<String> = ["Swift", "Foundation", "Tusk", SupportGenerator.columnDescriptionType]
    /// Enums are referenced from inside each table's namespace, where these nested names win.
    static let nestedTypeNames: Set<String> = ["Row", "Insert", "Columns", "Patch", "Relations"]
    /// Members every generated enum has besides its cases (`unknown(label)` and PostgresEnum's).
    static let enumMemberNames: Set<String> = ["unknown", "rawValue", "allCases", "postgresTypeName"]
    /// Methods every table's Row, Insert and Patch declare: a property of the same name cannot.
    static let rowMemberNames: Set<String> = ["validate", "columnValues"]

    static func problems(in schema: Schema) -> [String] {
        var problems: [String] = []
        var typeOwners: [String: String] = [:]

        func claimType(_ swiftName: String, by owner: String) {
            if !SwiftIdentifier.isValid(swiftName) {
                problems.append("\(owner): '\(swiftName)' is not a valid Swift type name; set swift_name: to letters, digits and _")
            } else if reservedTypeNames.contains(swiftName) {
                problems.append("\(owner): the Swift name '\(swiftName)' would shadow \(swiftName == SupportGenerator.columnDescriptionType ? "a generated type" : "the module \(swiftName)"); choose another with swift_name:")
            } else if let other = typeOwners[swiftName] {
                problems.append("\(owner): the Swift name '\(swiftName)' is already used by \(other); choose another with swift_name:")
            } else {
                typeOwners[swiftName] = owner
            }
        }

        for enumType in schema.enums {
            let owner = "enum '\(enumType.name)'"
            claimType(enumType.swiftName, by: owner)
            if nestedTypeNames.contains(enumType.swiftName) {
                problems.append("\(owner): the Swift name '\(enumType.swiftName)' clashes with the nested \(enumType.swiftName) type of every table; choose another with swift_name:")
            }
            if enumType.values.isEmpty { problems.append("\(owner) has no values") }
            for value in enumType.values where enumMemberNames.contains(value.swiftName) {
                problems.append("\(owner), value '\(value.name)': the Swift case '\(value.swiftName)' clashes with the generated enum's own '\(value.swiftName)'; give it a swift_name:")
            }
            checkMembers(enumType.values.map { ($0.name, $0.swiftName) }, of: owner, kind: ("value", "case"), into: &problems)
        }
        for kind in schema.jobKinds {
            claimType(kind.swiftName, by: "job kind '\(kind.name)'")
        }
        for table in schema.tables {
            let owner = "table '\(table.name)'"
            claimType(table.swiftName, by: owner)
            if table.swiftName == "Relations" {
                // The relation types inside every table's `Relations` name their tables.
                problems.append("\(owner): the Swift name 'Relations' clashes with the nested Relations type of every table; choose another with swift_name:")
            }
            checkMembers(table.columns.map { ($0.name, $0.swiftName) }, of: owner, kind: ("column", "property"), into: &problems)
            for column in table.columns where rowMemberNames.contains(column.swiftName) {
                problems.append("\(owner), column '\(column.name)': the Swift property '\(column.swiftName)' clashes with the generated \(column.swiftName)() of Insert and Patch; give it a swift_name:")
            }
        }
        return problems
    }

    /// Enum values or columns: each Swift name valid and used once.
    static func checkMembers(_ members: [(name: String, swiftName: String)], of owner: String, kind: (schema: String, swift: String), into problems: inout [String]) {
        var seen: [String: String] = [:]
        for member in members {
            if !SwiftIdentifier.isValid(member.swiftName) {
                problems.append("\(owner), \(kind.schema) '\(member.name)': '\(member.swiftName)' is not a valid Swift \(kind.swift) name; give it a swift_name:")
            } else if let other = seen[member.swiftName] {
                problems.append("\(owner): \(kind.schema)s '\(other)' and '\(member.name)' both become the Swift \(kind.swift) '\(member.swiftName)'; give one a swift_name:")
            } else {
                seen[member.swiftName] = member.name
            }
        }
    }
}
