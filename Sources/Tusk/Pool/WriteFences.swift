/// Read-your-writes bookkeeping: the primary's WAL position after each task's latest write.
///
/// A task's read may go to a replica only once that replica has replayed past the task's fence.
/// Tasks are told apart by their identity (`withUnsafeCurrentTask`); a child task has a fence
/// of its own. Entries every replica has replayed past are dropped; when more than `capacity`
/// remain, they are folded into one ``floor`` every task then waits for (conservative, never
/// stale).
struct WriteFences {
    private var fences: [Int: Int64] = [:]
    /// Tasks whose write's position could not be read: fenced at the primary's next sample.
    private var pending: Set<Int> = []
    /// The fence of tasks whose own entry was folded away.
    private(set) var floor: Int64 = 0
    let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    static var currentTask: Int? { withUnsafeCurrentTask { $0?.hashValue } }

    /// The position a replica must have replayed before serving `task`'s reads (nil: any).
    func fence(for task: Int?) -> Int64? {
        if let task, pending.contains(task) { return .max }
        let own = task.flatMap { fences[$0] } ?? 0
        let fence = max(own, floor)
        return fence > 0 ? fence : nil
    }

    /// Records a write of `task` that ended with the primary at `position`.
    mutating func noteWrite(_ task: Int?, at position: Int64) {
        guard let task else {
            floor = max(floor, position)
            return
        }
        fences[task] = max(fences[task] ?? 0, position)
        if fences.count > capacity {
            floor = max(floor, fences.values.max() ?? 0)
            fences.removeAll(keepingCapacity: true)
        }
    }

    /// Records a write of `task` whose end position is unknown (reading it failed): its reads
    /// go to the primary until ``resolvePending(at:)`` gives it a position.
    mutating func noteWriteAtUnknownPosition(_ task: Int?) {
        guard let task else { return }
        pending.insert(task)
    }

    /// The primary's position, read after the pending writes ended: their fence.
    mutating func resolvePending(at position: Int64) {
        for task in pending { fences[task] = max(fences[task] ?? 0, position) }
        pending.removeAll()
    }

    /// Drops the fences every replica has replayed past (`replayed`: the least replayed position).
    mutating func prune(replayedByAll replayed: Int64) {
        fences = fences.filter { $0.value > replayed }
    }
}
