import TuskSchema

extension PlanBuilder {
    /// Enum renames, creations, value renames, value additions (`ADD VALUE ... BEFORE/AFTER`),
    /// and value removals or reorders (a type swap). Runs before the table renames: old names.
    mutating func changeEnums() {
        for pair in match.enumPairs where pair.old.name != pair.new.name {
            add(MigrationStep(
                summary: "rename enum \(pair.old.name) to \(pair.new.name)",
                up: DDL.renameType(pair.old.name, to: pair.new.name), down: DDL.renameType(pair.new.name, to: pair.old.name)))
        }
        for e in match.createdEnums {
            add(MigrationStep(summary: "create enum \(e.name)", up: createEnumStatements(e), down: [DDL.dropType(e.name)]))
        }
        for pair in match.enumPairs { changeValues(pair) }
    }

    private mutating func changeValues(_ pair: SchemaMatch.EnumPair) {
        let name = pair.new.name
        for (from, to) in pair.valueRenames.sorted(by: { $0.key < $1.key }) {
            add(MigrationStep(
                summary: "rename value \(from) of enum \(name) to \(to)",
                up: [DDL.renameEnumValue(name, from, to: to)], down: [DDL.renameEnumValue(name, to, to: from)],
                hazards: [Hazard(.renameBreaksClients, "renames value '\(from)' of enum \(name) to '\(to)'")]))
        }
        let current = pair.old.valueNames.map { pair.valueRenames[$0] ?? $0 }
        let target = pair.new.valueNames
        let users = enumUsers(pair.old.name)
        if current == target {
            // Only renames, or nothing.
        } else if Self.isSubsequence(current, of: target) {
            var statements: [String] = []
            var hazards: [Hazard] = []
            let existing = Set(current)
            let usedDefaults = newEnumDefaults(name)
            for (i, value) in target.enumerated() where !existing.contains(value) {
                let before = target[(i + 1)...].first { existing.contains($0) }
                statements.append(DDL.addEnumValue(name, value, before: before, after: before == nil ? target[i - 1] : nil))
                if usedDefaults.contains(value) {
                    hazards.append(Hazard(.enumValueUsedInSameMigration, "value '\(value)' of enum \(name) is added and used as a default in this migration"))
                }
            }
            add(MigrationStep(
                summary: "add values \(target.filter { !existing.contains($0) }.joined(separator: ", ")) to enum \(name)",
                up: statements, down: enumSwap(name, to: current, users: users), hazards: hazards))
        } else {
            let removed = current.filter { !target.contains($0) }
            add(MigrationStep(
                summary: removed.isEmpty ? "reorder values of enum \(name)" : "remove values \(removed.joined(separator: ", ")) from enum \(name)",
                up: enumSwap(name, to: target, users: users), down: enumSwap(name, to: current, users: users),
                hazards: removed.isEmpty ? [] : [Hazard(.removeEnumValue, "removes \(removed.map { "'\($0)'" }.joined(separator: ", ")) from enum \(name) by swapping the type")]))
        }
        if pair.old.comment != pair.new.comment {
            add(MigrationStep(summary: "comment on enum \(name)", up: [DDL.commentOnType(name, pair.new.comment)], down: [DDL.commentOnType(name, pair.old.comment)]))
        }
    }

    static func isSubsequence(_ small: [String], of big: [String]) -> Bool {
        var i = 0
        for value in big where i < small.count && small[i] == value { i += 1 }
        return i == small.count
    }

    /// Columns of the old schema whose type is the enum (or an array of it), by table.
    private func enumUsers(_ oldEnum: String) -> [(table: Table, columns: [Column])] {
        old.tables.compactMap { table in
            let columns = table.columns.filter { $0.type.referencedEnum == oldEnum }
            return columns.isEmpty ? nil : (table, columns)
        }
    }

    /// Literal enum defaults the new schema uses for this enum.
    private func newEnumDefaults(_ name: String) -> Set<String> {
        var values = Set<String>()
        for table in new.tables {
            for column in table.columns where column.type.referencedEnum == name {
                if case .literal(let v)? = column.defaultValue { values.insert(v) }
            }
        }
        return values
    }

    /// Replaces the enum by a new type with `values`: rename the old type away, create the
    /// new one, convert every column through text, drop the old type. Defaults, checks and
    /// partial indexes that mention the columns are dropped first and put back after.
    func enumSwap(_ name: String, to values: [String], users: [(table: Table, columns: [Column])]) -> [String] {
        let parked = QualifiedName(name).sibling(PostgresNames.makeObjectName(QualifiedName.local(name), nil, label: "tusk_old")).description
        let replacement = EnumType(name: name, swiftName: name, values: values.map { EnumValue(name: $0, swiftName: $0) })
        var before: [String] = DDL.renameType(name, to: parked) + [DDL.createEnum(replacement)]
        var after: [String] = []
        let kept = Set(values)
        for (table, columns) in users {
            let names = Set(columns.map(\.name))
            for check in table.checks where SQLRewrite.mentions(check.expression, anyOf: names) {
                before.append(DDL.dropConstraint(table.name, check.name))
                after.append(DDL.addConstraint(table.name, DDL.checkClause(check)))
            }
            for index in table.indexes where index.predicate.map({ SQLRewrite.mentions($0, anyOf: names) }) ?? false {
                before.append(DDL.dropIndex(index.name, of: table.name))
                after.append(DDL.createIndex(table.name, index))
            }
            for var column in columns {
                column.type = SQLRewrite.renamingEnum(in: column.type, match.enumRenames)
                if column.defaultValue != nil { before.append(DDL.alterColumn(table.name, column.name, "DROP DEFAULT")) }
                let through = column.type.isArray ? "text[]" : "text"
                before.append(DDL.setType(table.name, column.name, column.type, using: "\(SQLText.ident(column.name))::\(through)::\(SQLText.type(column.type))"))
                if let value = column.defaultValue {
                    if case .literal(let v) = value, !column.type.isArray, !kept.contains(v) { continue }
                    before.append(DDL.setDefault(table.name, column))
                }
            }
        }
        return before + after + [DDL.dropType(parked)]
    }
}
