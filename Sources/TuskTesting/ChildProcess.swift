import Foundation
import TuskDev

/// How a child process ended and what it printed.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    /// Empty when the output was merged into `stdout`.
    public var stderr: String
}

/// Runs programs for tests (the `tusk` executable, the demo, `swiftc`, `psql`): the one place
/// test targets start a child process and collect its output.
///
/// Only `async`: the wait runs on a thread of its own. Swift Testing runs every test, a
/// synchronous one too, on the cooperative pool, which has one thread per core; a test that
/// waited for `swiftc` or the demo there held one of them for as long as the program ran, and
/// two such tests stalled every database test in the process (a 30 s pool timeout and a
/// 10 s `pg_sleep` that ran out were seen in CI).
public enum ChildProcess {
    /// Runs `executable` to its end. Both pipes are drained while it runs (stderr on another
    /// thread), so a program that prints much on one of them cannot fill it and stall. With
    /// `mergingOutput`, stderr shares stdout's pipe (their interleaving kept).
    public static func run(
        _ executable: URL, _ arguments: [String] = [], environment: [String: String]? = nil,
        currentDirectory: URL? = nil, mergingOutput: Bool = false
    ) async throws -> ProcessOutput {
        try await runOffPool {
            try runToEnd(executable, arguments, environment: environment, currentDirectory: currentDirectory, mergingOutput: mergingOutput)
        }
    }

    private static func runToEnd(
        _ executable: URL, _ arguments: [String], environment: [String: String]?, currentDirectory: URL?, mergingOutput: Bool
    ) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        // Never Foundation's own read of `environ`, which another thread's setenv can free under it.
        process.environment = environment ?? ProcessEnvironment.current
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe.closedOnExec()
        let err = mergingOutput ? out : Pipe.closedOnExec()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stderr = DrainedPipe()
        if !mergingOutput { stderr.drain(err) }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: mergingOutput ? "" : String(decoding: stderr.wait(), as: UTF8.self))
    }
}

extension Pipe {
    /// A pipe whose descriptors no other child inherits (the child it is given to gets its own
    /// copies as stdout and stderr): a server another test starts meanwhile would otherwise hold
    /// the write end, and reading the output to its end would wait as long as the server runs.
    static func closedOnExec() -> Pipe {
        let pipe = Pipe()
        for descriptor in [pipe.fileHandleForReading.fileDescriptor, pipe.fileHandleForWriting.fileDescriptor] {
            _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
        }
        return pipe
    }
}

/// A pipe read to its end on a thread of its own, while the caller reads the other one. Not a
/// Dispatch queue: on Linux the global queues share their few threads with Swift's
/// concurrency, and a read blocked there for as long as the program runs held one of them (five
/// children at once stalled every task in the process for seconds).
private final class DrainedPipe: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    private var started = false

    func drain(_ pipe: Pipe) {
        started = true
        Thread {
            self.data = pipe.fileHandleForReading.readDataToEndOfFile()  // published by `done`
            self.done.signal()
        }.start()
    }

    func wait() -> Data {
        if started { done.wait() }
        return data
    }
}
