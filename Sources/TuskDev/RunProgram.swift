import Foundation

/// Runs a program to completion, returning its combined output; throws on a non-zero exit.
///
/// Uses posix_spawn and waitpid rather than Foundation's Process, whose exit monitoring can miss
/// a child whose own child (the server `pg_ctl start` leaves running) keeps inherited descriptors.
/// Output goes to a temporary file for the same reason: a pipe would never reach end-of-file.
@discardableResult
package func runProgram(_ executable: String, _ arguments: [String]) throws -> String {
    let outputPath = FileManager.default.temporaryDirectory.path + "/tusk-run-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out"
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    // An opaque pointer on Darwin, a struct on Glibc: start from the platform's empty value.
    #if canImport(Darwin)
    var actions: posix_spawn_file_actions_t? = nil
    #else
    var actions = posix_spawn_file_actions_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // Nothing else of this process reaches the program: a daemon it leaves running (the server of
    // `pg_ctl start`, `pgbouncer -d`) would otherwise keep another thread's pipe open, and that
    // thread's read would never reach end-of-file (a test run hung on one such pipe).
    #if canImport(Darwin)
    var attributes: posix_spawnattr_t? = nil
    posix_spawnattr_init(&attributes)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
    #else
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    if let closeFrom = addCloseFrom { _ = closeFrom(&actions, 3) }
    #endif
    defer { posix_spawnattr_destroy(&attributes) }
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = ProcessEnvironment.withCopy { environment in
        posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
    }
    guard spawned == 0 else {
        throw ProgramFailure(command: executable, status: spawned, output: String(cString: strerror(spawned)))
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    // WIFEXITED / WEXITSTATUS by hand (the C macros are not imported).
    let exited = (status & 0x7f) == 0
    let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    guard code == 0 else {
        throw ProgramFailure(command: ([executable] + arguments).joined(separator: " "), status: code, output: text)
    }
    return text
}

/// A program that could not start or exited with a non-zero status, with what it printed.
package struct ProgramFailure: Error, CustomStringConvertible, Sendable {
    package let command: String
    package let status: Int32
    package let output: String

    package var description: String { "`\(command)` exited with \(status): \(output)" }
}

#if !canImport(Darwin)
/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does
/// not import; nil on an older C library (descriptors are then inherited as before).
private let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
}()
#endif
