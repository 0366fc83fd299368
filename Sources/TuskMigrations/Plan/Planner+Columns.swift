import TuskSchema

extension PlanBuilder {
    /// Per existing table: its comment, added columns, changed columns, dropped columns. New names.
    mutating func changeColumns() {
        for pair in match.tablePairs {
            let table = pair.new.name
            if pair.old.comment != pair.new.comment {
                add(MigrationStep(
                    summary: "comment on table \(table)",
                    up: [DDL.commentOnTable(table, pair.new.comment)], down: [DDL.commentOnTable(table, pair.old.comment)]))
            }
            for column in pair.addedColumns { addColumn(table, column, rows: OffendingRows(pair: pair, match: match)) }
            for (oldColumn, newColumn) in pair.keptColumns {
                changeColumn(table, from: match.translated(oldColumn, to: newColumn.name), to: newColumn, rows: OffendingRows(pair: pair, match: match))
            }
            for column in pair.droppedColumns { dropColumn(table, column, added: pair.addedColumns) }
        }
    }

    private mutating func addColumn(_ table: String, _ column: Column, rows: OffendingRows) {
        var hazards: [Hazard] = []
        let qualified = "\(table).\(column.name)"
        if !column.isNullable && column.defaultValue == nil && column.identity == nil && column.generated == nil {
            hazards.append(Hazard(.notNullWithoutDefault, "adds NOT NULL column \(qualified) without a default", offendingRowsQuery: rows.anyRow))
        }
        if Self.isVolatile(column.defaultValue) || column.identity != nil {
            hazards.append(Hazard(.volatileDefault, "adds column \(qualified) with \(column.identity != nil ? "an identity" : "a volatile default"), rewriting the table"))
        }
        if column.generated != nil {
            hazards.append(Hazard(.generatedColumnRewrite, "adds generated column \(qualified), computing it for every row"))
        }
        add(MigrationStep(
            summary: "add column \(qualified)",
            up: [DDL.addColumn(table, column)] + (column.comment.map { [DDL.commentOnColumn(table, column.name, $0)] } ?? []),
            down: [DDL.dropColumn(table, column.name)], hazards: hazards))
    }

    private mutating func dropColumn(_ table: String, _ column: Column, added: [Column]) {
        var hazards = [Hazard(.dropColumn, "drops column \(table).\(column.name) and its values")]
        if let twin = added.first(where: { $0.type == column.type }) {
            hazards.append(Hazard(.possibleRename, "column \(table).\(column.name) is dropped and \(twin.name) of the same type added; write `renamed_from: \(column.name)` on \(twin.name) to rename it"))
        }
        add(MigrationStep(
            summary: "drop column \(table).\(column.name)",
            up: [DDL.dropColumn(table, column.name)],
            down: [DDL.addColumn(table, column)] + (column.comment.map { [DDL.commentOnColumn(table, column.name, $0)] } ?? []),
            hazards: hazards))
    }

    /// Generation, type (with its default around it), nullability, default, identity and comment.
    private mutating func changeColumn(_ table: String, from old: Column, to new: Column, rows: OffendingRows) {
        let qualified = "\(table).\(new.name)"
        let name = new.name
        var old = old
        switch GeneratedColumnChange(from: old, to: new) {
        case .none: break
        case .replace:
            replaceGeneratedColumn(table, from: old, to: new)
            return
        case .dropExpression:
            add(MigrationStep(
                summary: "drop expression of \(qualified)",
                up: [DDL.dropExpression(table, name)],
                down: [DDL.dropColumn(table, name), DDL.addColumn(table, old)] + (old.comment.map { [DDL.commentOnColumn(table, name, $0)] } ?? [])))
            old.generated = nil
        }
        if old.type != new.type {
            var hazards: [Hazard] = []
            switch TypeChange.classify(from: old.type, to: new.type) {
            case .metadataOnly: break
            case .rewrite: hazards.append(Hazard(.typeChangeRewrite, "changes \(qualified) from \(old.type.sql) to \(new.type.sql), rewriting the table"))
            case .narrowing: hazards.append(Hazard(.narrowingType, "changes \(qualified) from \(old.type.sql) to \(new.type.sql), which may fail or lose data"))
            }
            let cast = { (type: SQLType) in "\(SQLText.ident(name))::\(SQLText.type(type))" }
            func convert(_ from: Column, _ to: Column, using: String) -> [String] {
                (from.defaultValue != nil ? [DDL.alterColumn(table, name, "DROP DEFAULT")] : [])
                    + [DDL.setType(table, name, to.type, using: using)]
                    + (to.defaultValue != nil ? [DDL.setDefault(table, to)] : [])
            }
            add(MigrationStep(
                summary: "change type of \(qualified) from \(old.type.sql) to \(new.type.sql)",
                up: convert(old, new, using: new.usingExpression ?? cast(new.type)),
                down: convert(new, old, using: new.reverseUsingExpression ?? cast(old.type)), hazards: hazards))
        } else if old.defaultValue != new.defaultValue {
            var hazards: [Hazard] = []
            if Self.isVolatile(new.defaultValue) {
                hazards.append(Hazard(.volatileDefault, "sets a volatile default on \(qualified); existing rows are not rewritten, new rows call it"))
            }
            add(MigrationStep(
                summary: new.defaultValue == nil ? "drop default of \(qualified)" : "set default of \(qualified)",
                up: [DDL.setDefault(table, new)], down: [DDL.setDefault(table, old)], hazards: hazards))
        }
        // Identity needs NOT NULL: drop it before dropping NOT NULL, add it after setting it.
        if old.identity != new.identity && new.identity == nil {
            add(MigrationStep(
                summary: new.identity == nil ? "drop identity of \(qualified)" : "set identity of \(qualified)",
                up: [DDL.setIdentity(table, name, from: old.identity, to: new.identity)],
                down: [DDL.setIdentity(table, name, from: new.identity, to: old.identity)]))
        }
        if old.isNullable != new.isNullable {
            let setNotNull = Hazard(.setNotNull, "sets NOT NULL on existing column \(qualified)", offendingRowsQuery: rows.nulls(in: name))
            if !new.isNullable && options.online {
                setNotNullOnline(table, name, hazard: setNotNull)
            } else {
                add(MigrationStep(
                    summary: new.isNullable ? "drop not null on \(qualified)" : "set not null on \(qualified)",
                    up: [DDL.setNotNull(table, name, !new.isNullable)], down: [DDL.setNotNull(table, name, !old.isNullable)],
                    hazards: new.isNullable ? [] : [setNotNull]))
            }
        }
        if old.identity != new.identity && new.identity != nil {
            add(MigrationStep(
                summary: new.identity == nil ? "drop identity of \(qualified)" : "set identity of \(qualified)",
                up: [DDL.setIdentity(table, name, from: old.identity, to: new.identity)],
                down: [DDL.setIdentity(table, name, from: new.identity, to: old.identity)]))
        }
        if old.comment != new.comment {
            add(MigrationStep(
                summary: "comment on column \(qualified)",
                up: [DDL.commentOnColumn(table, name, new.comment)], down: [DDL.commentOnColumn(table, name, old.comment)]))
        }
    }

    /// A column that gets a (new) expression is dropped and added again; its values are
    /// recomputed, and those of a plain column it replaces are lost.
    private mutating func replaceGeneratedColumn(_ table: String, from old: Column, to new: Column) {
        let qualified = "\(table).\(new.name)"
        var hazards = [Hazard(.generatedColumnRewrite, "\(old.generated == nil ? "makes" : "changes the expression of") generated column \(qualified), dropping and adding it")]
        if old.generated == nil {
            hazards.append(Hazard(.dropColumn, "replaces the values of \(qualified) with its expression's"))
        }
        func define(_ column: Column) -> [String] {
            [DDL.dropColumn(table, column.name), DDL.addColumn(table, column)]
                + (column.comment.map { [DDL.commentOnColumn(table, column.name, $0)] } ?? [])
        }
        add(MigrationStep(
            summary: old.generated == nil ? "make \(qualified) generated" : "change the expression of \(qualified)",
            up: define(new), down: define(old), hazards: hazards))
    }

    /// Online SET NOT NULL: a `CHECK (col IS NOT NULL)` added NOT VALID and validated in its own
    /// transaction (no write-blocking scan), which lets `SET NOT NULL` skip its scan; then the
    /// helper check goes away.
    private mutating func setNotNullOnline(_ table: String, _ name: String, hazard: Hazard) {
        let qualified = "\(table).\(name)"
        let check = PostgresNames.makeObjectName(table, name, label: "not_null")
        let clause = DDL.checkClause(CheckConstraint(name: check, expression: "\(SQLText.ident(name)) IS NOT NULL"))
        add(MigrationStep(
            summary: "add check \(check) on \(table) not valid",
            up: [DDL.addConstraint(table, clause, notValid: true)], down: [DDL.dropConstraint(table, check)],
            hazards: [hazard]))
        add(MigrationStep(summary: "validate check \(check) on \(table)", up: [DDL.validateConstraint(table, check)], down: [], startsNewTransaction: true))
        add(MigrationStep(
            summary: "set not null on \(qualified) using \(check)",
            up: [DDL.setNotNull(table, name, true), DDL.dropConstraint(table, check)],
            down: [DDL.addConstraint(table, clause), DDL.setNotNull(table, name, false)], startsNewTransaction: true))
    }
}
