import Foundation
import Testing

@testable import TuskDev

/// `runProgram` hands the program nothing of this process but its standard streams: a daemon it
/// leaves running (`pg_ctl start`'s server, `pgbouncer -d`) must not hold another thread's pipe
/// open (a test run hung reading a child's output until such a daemon was killed).
@Suite struct RunProgramTests {
    @Test func theProgramInheritsNoOtherDescriptor() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)  // without O_CLOEXEC, as Foundation's Pipe makes them
        defer { ends.forEach { close($0) } }
        let output = try runProgram("/bin/sh", ["-c", "test -e /proc/self/fd/\(ends[1]) && echo inherited || echo closed"])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "closed")
    }
}
