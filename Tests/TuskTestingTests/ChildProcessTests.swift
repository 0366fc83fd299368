import Foundation
import Testing
import TuskTesting

/// Child processes run without holding Swift's cooperative threads (one per core): a test
/// waiting on `swiftc` or the demo must not stall every other test in the process.
@Suite struct ChildProcessTests {
    @Test func runningProgramsLeaveTheCooperativeThreadsFree() async throws {
        // More children than cooperative threads, each running longer than the bound below.
        let children = 2 * ProcessInfo.processInfo.activeProcessorCount + 1
        let started = StartedCount()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<children {
                group.addTask {
                    await started.add()
                    return try await ChildProcess.run(URL(fileURLWithPath: "/bin/sleep"), ["5"]).status
                }
            }
            // Had a child task held its thread while its program ran, the later ones would start
            // only as the first programs ended, 5 s on.
            try await waitUntil("every child task started") { await started.count == children }
            await Task.detached {}.value
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(3), "\(children) children and a new task took \(elapsed) to start")
            for try await status in group { #expect(status == 0) }
        }
    }
}

private actor StartedCount {
    private(set) var count = 0
    func add() { count += 1 }
}
