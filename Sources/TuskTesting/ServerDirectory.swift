import Foundation

/// Where the servers the tests start keep their files (data directory, socket, log).
///
/// Memory-backed `/dev/shm` when the machine has one with room, else the temporary directory;
/// `TUSK_TEST_SERVER_DIRECTORY` overrides both. Why not `/tmp`: a test run creates and drops a few
/// hundred databases of a few hundred files each, and on ext4 the inode allocator's scan past
/// recently deleted inodes (`ext4_create` → `recently_deleted`) then took 80–90% of both cores
/// for tens of seconds at a time, long enough for connections to time out. tmpfs has no such scan
/// and no writeback; the clusters run with `fsync=off` and are deleted at exit anyway.
enum ServerDirectory {
    static let root: String = choose()

    /// Every directory a server may have been left in by an earlier (killed) run.
    static var candidates: [String] {
        Array(Set([root, FileManager.default.temporaryDirectory.path]))
    }

    /// Room for the run's clusters at their largest, twice over: the parallel test run's two
    /// shared clusters peak at about 4 GB (up to 300 test databases of 7.5 MB alive at once, WAL
    /// capped at 256 MB each by `max_wal_size`).
    private static let minimumFreeBytes: UInt64 = 8 << 30

    private static func choose() -> String {
        if let chosen = ProcessInfo.processInfo.environment["TUSK_TEST_SERVER_DIRECTORY"], !chosen.isEmpty {
            return chosen
        }
        let memory = "/dev/shm"
        var stats = statvfs()
        if access(memory, W_OK | X_OK) == 0, statvfs(memory, &stats) == 0,
           UInt64(stats.f_bavail) * UInt64(stats.f_frsize) >= minimumFreeBytes {
            return memory
        }
        return FileManager.default.temporaryDirectory.path
    }
}
