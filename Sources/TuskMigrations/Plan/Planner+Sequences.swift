import TuskSchema

/// Sequences (`sequences:`) are created before the tables whose defaults call `nextval` on
/// them and dropped after those tables; ownership (`OWNED BY`) is released before columns
/// change and given after, because dropping an owning column drops its sequence.
extension PlanBuilder {
    private var oldSequences: [String: SchemaSequence] { Dictionary(uniqueKeysWithValues: old.sequences.map { ($0.name, $0) }) }
    private var newSequences: [String: SchemaSequence] { Dictionary(uniqueKeysWithValues: new.sequences.map { ($0.name, $0) }) }

    /// New sequences (without owner) and changed parameters of kept ones.
    mutating func createAndAlterSequences() {
        let before = oldSequences
        for sequence in new.sequences {
            guard let previous = before[sequence.name] else {
                add(MigrationStep(
                    summary: "create sequence \(sequence.name)", up: [DDL.createSequence(sequence)], down: [DDL.dropSequence(sequence.name)]))
                continue
            }
            var unowned = sequence, previousUnowned = previous
            unowned.ownedBy = nil
            previousUnowned.ownedBy = nil
            if unowned != previousUnowned {
                add(MigrationStep(
                    summary: "alter sequence \(sequence.name)", up: [DDL.alterSequence(sequence)], down: [DDL.alterSequence(previous)]))
            }
        }
    }

    /// Kept sequences whose owner goes away or changes are released while the old owner exists.
    mutating func releaseSequenceOwners() {
        let after = newSequences
        for previous in old.sequences {
            guard let owner = previous.ownedBy, let sequence = after[previous.name], sequence.ownedBy != owner else { continue }
            add(MigrationStep(
                summary: "release sequence \(previous.name) from \(owner.table).\(owner.column)",
                up: [DDL.ownSequence(previous.name, by: nil)], down: [DDL.ownSequence(previous.name, by: owner)]))
        }
    }

    /// Owners given once their columns exist.
    mutating func ownSequences() {
        let before = oldSequences
        for sequence in new.sequences {
            guard let owner = sequence.ownedBy, before[sequence.name]?.ownedBy != owner else { continue }
            add(MigrationStep(
                summary: "own sequence \(sequence.name) by \(owner.table).\(owner.column)",
                up: [DDL.ownSequence(sequence.name, by: owner)], down: [DDL.ownSequence(sequence.name, by: nil)]))
        }
    }

    /// Sequences no longer declared, after the tables whose defaults used them.
    mutating func dropSequences() {
        let after = newSequences
        for sequence in old.sequences where after[sequence.name] == nil {
            var unowned = sequence
            unowned.ownedBy = nil
            var down = [DDL.createSequence(unowned)]
            // The owner comes back with the sequence when its column survives the plan.
            if let owner = sequence.ownedBy, let pair = match.tablePairs.first(where: { $0.old.name == owner.table }),
               let column = pair.keptColumns.first(where: { $0.old.name == owner.column }) {
                down.append(DDL.ownSequence(sequence.name, by: SequenceOwner(table: pair.new.name, column: column.new.name)))
            }
            add(MigrationStep(summary: "drop sequence \(sequence.name)", up: [DDL.dropSequence(sequence.name, ifExists: true)], down: down))
        }
    }
}
