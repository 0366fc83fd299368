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

/// Spawning copies the environment under the lock `ProcessEnvironment.set` takes: a thread adding
/// variables (each `setenv` of a new name may reallocate and free `environ`) while another spawns
/// once made a spawn fail with EFAULT in CI. Bounded: 150 spawns beside 3,000 new variables.
@Suite struct ProcessEnvironmentTests {
    @Test func spawnsSucceedWhileAnotherThreadAddsVariables() async throws {
        let prefix = "TUSK_ENV_RACE_\(getpid())_"
        let written = DispatchSemaphore(value: 0)
        let writer = Thread {
            for index in 0..<3_000 { ProcessEnvironment.set([(name: "\(prefix)\(index)", value: "x")]) }
            written.signal()
        }
        writer.start()
        var failures: [String] = []
        for _ in 0..<150 {
            do { try runProgram("/bin/true", []) } catch { failures.append("\(error)") }
        }
        #expect(written.wait(timeout: .now() + 60) == .success)
        ProcessEnvironment.set((0..<3_000).map { (name: "\(prefix)\($0)", value: nil) })
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        // The copy handed to the program is the environment as it is: a variable set here arrives.
        ProcessEnvironment.set([(name: "\(prefix)SEEN", value: "yes")])
        defer { ProcessEnvironment.set([(name: "\(prefix)SEEN", value: nil)]) }
        let seen = try runProgram("/bin/sh", ["-c", "echo $\(prefix)SEEN"])
        #expect(seen.trimmingCharacters(in: .whitespacesAndNewlines) == "yes")
    }
}
