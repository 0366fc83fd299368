/// An ordered list of steps that takes a database from one schema to another.
/// Running every step's `up` in order applies it; running every step's `down` in reverse
/// order undoes it.
public struct MigrationPlan: Hashable, Sendable {
    public var steps: [MigrationStep]

    public init(steps: [MigrationStep] = []) { self.steps = steps }

    public var isEmpty: Bool { steps.isEmpty }
    public var hazards: [Hazard] { steps.flatMap(\.hazards) }
    public var destructiveSteps: [MigrationStep] { steps.filter(\.isDestructive) }
    public var isReversible: Bool { steps.allSatisfy { $0.down != nil } }
    public var isTransactional: Bool { steps.allSatisfy(\.isTransactional) }

    /// The plan cut into pieces that each run as one migration: a non-transactional step
    /// alone, and a new piece wherever a step must start its own transaction.
    public var segments: [MigrationPlan] {
        var result: [MigrationPlan] = []
        var current: [MigrationStep] = []
        func flush() { if !current.isEmpty { result.append(MigrationPlan(steps: current)); current = [] } }
        for step in steps {
            if !step.isTransactional || step.startsNewTransaction { flush() }
            current.append(step)
            if !step.isTransactional { flush() }
        }
        flush()
        return result
    }

    /// The up SQL: each step's statements, steps separated by a blank line. With `annotate`,
    /// each hazardous step is preceded by `-- WARNING` comments naming its hazards.
    public func upSQL(annotate: Bool = false) -> String {
        render(steps.map { ($0, $0.up) }, annotate: annotate)
    }

    /// The down SQL: the steps' `down` statements in reverse order; an irreversible step
    /// becomes a statement that fails with its summary.
    public func downSQL() -> String {
        render(steps.reversed().map { step in
            (step, step.down ?? ["DO $$ BEGIN RAISE EXCEPTION \(SQLText.literal("irreversible step: " + step.summary)); END $$;"])
        }, annotate: false)
    }

    private func render(_ parts: [(MigrationStep, [String])], annotate: Bool) -> String {
        parts.compactMap { step, statements -> String? in
            guard !statements.isEmpty else { return nil }
            var lines: [String] = []
            if annotate {
                for hazard in step.hazards {
                    lines.append("-- \(hazard.code.isDestructive ? "WARNING (destructive)" : "WARNING") \(hazard.code.rawValue) \(hazard.code.name): \(hazard.message)")
                }
            }
            lines += statements
            return lines.joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }
}
