import TuskSchema

/// Views and materialized views.
///
/// A view that goes away, changes beyond appending columns (or is materialized and changes at
/// all), or reads a table or view that changes under it (a column retyped, renamed or dropped,
/// the table renamed or dropped, an enum of its columns given other values) is dropped before anything else changes, dependents first,
/// and created again after every table change, in dependency order. A plain view whose
/// columns only grow at the end is replaced in place (`CREATE OR REPLACE VIEW`).
extension PlanBuilder {
    /// How each old view fares (by old name) and which new views are created or replaced.
    struct ViewChanges {
        /// Old views dropped before the table changes (the rebuilt ones and the removed ones).
        var dropped: [View] = []
        /// New views created after the table changes (the rebuilt ones and the new ones).
        var created: Set<String> = []
        /// New views replaced in place, with the old definition.
        var replaced: [String: View] = [:]
    }

    var viewChanges: ViewChanges {
        let tableNames = old.tables.map(\.name), viewNames = old.views.map(\.name)
        var changedRelations = Set(match.droppedTables.map(\.name))
        for pair in match.tablePairs {
            let columnChanged = pair.keptColumns.contains { $0.old.name != $0.new.name || match.translated($0.old, to: $0.new.name).type != $0.new.type }
            if pair.isRenamed || columnChanged || !pair.droppedColumns.isEmpty { changedRelations.insert(pair.old.name) }
        }
        // An enum whose values change is swapped for a new type (in the down migration at
        // least), which PostgreSQL refuses while a view uses it: rebuild those views too.
        let swapped = Set(match.enumPairs.filter { pair in
            pair.old.valueNames.map { pair.valueRenames[$0] ?? $0 } != pair.new.valueNames
        }.map(\.old.name))
        func usesSwapped(_ columns: [Column]) -> Bool { columns.contains { $0.type.referencedEnum.map(swapped.contains) ?? false } }
        for table in old.tables where usesSwapped(table.columns) { changedRelations.insert(table.name) }
        var changes = ViewChanges()
        var rebuilt: Set<String> = []
        // Dependency order, so a view's reads are decided before the view itself.
        for view in old.viewsInDependencyOrder {
            let reads = view.reads(among: tableNames + viewNames)
            let readsChanged = reads.contains { changedRelations.contains($0) } || usesSwapped(view.columns)
            guard let next = new.view(named: view.name) else {
                changes.dropped.append(view)
                changedRelations.insert(view.name)
                continue
            }
            if !readsChanged && Self.sameDefinition(view, next) { continue }
            if !readsChanged && Self.canReplace(view, with: next) {
                changes.replaced[next.name] = view
                // Its dependents are dropped and created again when its columns change: the
                // down migration puts the old definition back by dropping it.
                if !Self.sameColumns(view, next) { changedRelations.insert(view.name) }
                continue
            }
            rebuilt.insert(view.name)
            changedRelations.insert(view.name)
            changes.dropped.append(view)
        }
        changes.created = Set(new.views.map(\.name)).subtracting(old.views.map(\.name)).union(rebuilt)
        return changes
    }

    /// Same database object: SELECT, column names and types, kind.
    static func sameDefinition(_ old: View, _ new: View) -> Bool {
        old.sql == new.sql && old.isMaterialized == new.isMaterialized && sameColumns(old, new)
    }

    static func sameColumns(_ old: View, _ new: View) -> Bool {
        old.columns.map(\.name) == new.columns.map(\.name) && old.columns.map(\.type) == new.columns.map(\.type)
    }

    /// `CREATE OR REPLACE VIEW` keeps every existing column (same name and type, same place)
    /// and may append; materialized views have no OR REPLACE.
    static func canReplace(_ old: View, with new: View) -> Bool {
        guard !old.isMaterialized, !new.isMaterialized, old.columns.count <= new.columns.count else { return false }
        return zip(old.columns, new.columns).allSatisfy { $0.name == $1.name && $0.type == $1.type }
    }

    /// First of all (old names): dependents before the views they read.
    mutating func dropViews(_ changes: ViewChanges) {
        for view in changes.dropped.reversed() {
            add(MigrationStep(
                summary: "drop \(Self.kind(view)) \(view.name)",
                up: [DDL.dropView(view)], down: DDL.viewStatements(view)))
        }
    }

    /// After every table change (new names): views created in dependency order, replaced ones
    /// in their place in it, then index and comment changes of the views kept.
    mutating func createViews(_ changes: ViewChanges) {
        for view in new.viewsInDependencyOrder {
            if changes.created.contains(view.name) {
                add(MigrationStep(summary: "create \(Self.kind(view)) \(view.name)", up: DDL.viewStatements(view), down: [DDL.dropView(view)]))
            } else if let previous = changes.replaced[view.name] {
                // OR REPLACE keeps comments; a drop loses them, so the old ones come back with it.
                let back = Self.sameColumns(previous, view)
                    ? [DDL.createView(previous, orReplace: true)] : [DDL.dropView(view)] + DDL.viewStatements(previous)
                add(MigrationStep(summary: "replace view \(view.name)", up: [DDL.createView(view, orReplace: true)], down: back))
                addViewCommentChanges(from: previous, to: view)
            } else if let previous = old.view(named: view.name) {
                changeViewIndexes(from: previous, to: view)
                addViewCommentChanges(from: previous, to: view)
            }
        }
    }

    private mutating func changeViewIndexes(from old: View, to new: View) {
        for index in old.indexes where !new.indexes.contains(index) {
            add(MigrationStep(
                summary: "drop index \(index.name) on \(new.name)",
                up: [DDL.dropIndex(index.name, of: new.name)], down: [DDL.createIndex(new.name, index)]))
        }
        for index in new.indexes where !old.indexes.contains(index) {
            add(MigrationStep(
                summary: "create index \(index.name) on \(new.name)",
                up: [DDL.createIndex(new.name, index)], down: [DDL.dropIndex(index.name, of: new.name)]))
        }
    }

    private mutating func addViewCommentChanges(from old: View, to new: View) {
        let up = Self.commentChanges(from: old, to: new)
        guard !up.isEmpty else { return }
        add(MigrationStep(summary: "comments on \(Self.kind(new)) \(new.name)", up: up, down: Self.commentChanges(from: new, to: old)))
    }

    /// The COMMENT statements that take a view's comments (its own, its columns') from old to new.
    static func commentChanges(from old: View, to new: View) -> [String] {
        var statements = old.comment == new.comment ? [] : [DDL.commentOnView(new, new.comment)]
        for column in new.columns where old.column(named: column.name)?.comment != column.comment {
            if old.column(named: column.name) == nil && column.comment == nil { continue }
            statements.append(DDL.commentOnColumn(new.name, column.name, column.comment))
        }
        return statements
    }

    static func kind(_ view: View) -> String { view.isMaterialized ? "materialized view" : "view" }
}
