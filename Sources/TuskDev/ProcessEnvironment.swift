import Foundation

/// The process environment, changed and copied under one lock.
///
/// `setenv` may reallocate and free the global `environ` array, so a thread that hands `environ`
/// to `posix_spawn` while another thread sets a variable can pass freed memory to the kernel (a
/// CI run failed so: `/bin/chown exited with 14`, EFAULT). Spawning takes a copy under this lock,
/// and code that changes variables while other threads may spawn (the tests' libpq environment)
/// changes them through ``set(_:)``.
package enum ProcessEnvironment {
    private static let lock = NSLock()

    /// Sets each variable to its value, or removes it for nil.
    package static func set(_ changes: [(name: String, value: String?)]) {
        lock.withLock {
            for (name, value) in changes {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
    }

    /// The variables now, read under the lock (what a spawned program without an explicit
    /// environment gets).
    package static var current: [String: String] {
        lock.withLock { ProcessInfo.processInfo.environment }
    }

    /// Runs `body` with a private copy of the environment as a NULL-terminated C array.
    static func withCopy<T>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) throws -> T) rethrows -> T {
        let copy: [UnsafeMutablePointer<CChar>?] = lock.withLock {
            #if canImport(Darwin)
            var entry = _NSGetEnviron().pointee
            #else
            var entry = environ
            #endif
            var strings: [UnsafeMutablePointer<CChar>?] = []
            while let variable = entry.pointee {
                strings.append(strdup(variable))
                entry += 1
            }
            return strings + [nil]
        }
        defer { copy.forEach { free($0) } }
        return try copy.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }
}
