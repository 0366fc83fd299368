import Foundation
import Synchronization
import Testing
import Tusk

/// The checker of the read cache under concurrent readers and writers.
///
/// Each writer owns one document and retitles it `w<writer>-<n>`, n = 1, 2, ... (through the
/// generated `update`), and notes when each write returned. Each check of a reader:
/// 1. notes the time it begins, and from the writers' notes the floor: for each document, the
///    last write that had returned `allowed` before that time;
/// 2. reads every document cached, then 3. reads them again uncached (a fresh read, begun after
///    the cached one ended).
/// A cached answer is **stale** if a document's version is older than its floor (a write that had
/// returned before the read began is missing), and **impossible** if it is newer than the fresh
/// read's, or names a document or version no write made: a wrong answer, not a late one.
struct StalenessChecker {
    var writers = 3
    var writesEach = 100
    var readers = 4
    /// At least this many checks per reader; readers go on while writers write.
    var checksEach = 100
    /// How long after a write returned its effect may still be missing (0 in the writing
    /// process; the notification's delivery across processes).
    var allowed: Duration = .zero

    struct Report {
        var checks = 0
        var stale = 0
        var impossible = 0
        var elapsed: Duration = .zero
    }

    /// Runs the writers on `writer` and the readers on `reader` (the same `Database` or two).
    func run(reader: Database, writer: Database) async throws -> Report {
        var inserted: [Int64] = []
        for index in 0..<writers { inserted.append(try await writer.insert(Document.Insert(title: "w\(index)-0")).id) }
        let ids = inserted
        let log = WriteLog(writers: writers)
        let documents = Document.query.order { $0.id }
        let clock = ContinuousClock()
        let started = clock.now
        var report = try await withThrowingTaskGroup(of: Report.self) { group in
            for (index, id) in ids.enumerated() {
                group.addTask {
                    for version in 1...writesEach {
                        try await Document.update { $0.title = .set("w\(index)-\(version)") }.where { $0.id == id }.execute(on: writer)
                        log.recordReturn(of: index)
                    }
                    log.writerDone()
                    return Report()
                }
            }
            for _ in 0..<readers {
                group.addTask {
                    var report = Report()
                    // At least checksEach checks, and on until every writer is done (at most 20 times as many).
                    while report.checks < checksEach || (!log.allDone && report.checks < 20 * checksEach) {
                        let floors = log.floors(returnedBy: clock.now - allowed)
                        let cached = try versions(try await documents.cached(ttl: .seconds(60)).all(on: reader), ids)
                        let fresh = try versions(try await documents.all(on: reader), ids)
                        report.checks += 1
                        guard let cached, let fresh else {
                            report.impossible += 1
                            continue
                        }
                        if zip(cached, floors).contains(where: { $0 < $1 }) { report.stale += 1 }
                        if zip(cached, fresh).contains(where: { $0 > $1 }) { report.impossible += 1 }
                    }
                    return report
                }
            }
            return try await group.reduce(into: Report()) { total, report in
                total.checks += report.checks
                total.stale += report.stale
                total.impossible += report.impossible
            }
        }
        report.elapsed = clock.now - started
        return report
    }

    /// Each document's version, in the order of `ids`; nil when the answer is not one the
    /// writers could have produced (another set of documents, a title no write wrote).
    private func versions(_ rows: [Document.Row], _ ids: [Int64]) throws -> [Int]? {
        guard rows.map(\.id) == ids else { return nil }
        var versions: [Int] = []
        for (index, row) in rows.enumerated() {
            let parts = row.title.split(separator: "-")
            guard parts.count == 2, parts[0] == "w\(index)", let version = Int(parts[1]), (0...writesEach).contains(version) else { return nil }
            versions.append(version)
        }
        return versions
    }
}

/// When each writer's writes returned.
final class WriteLog: Sendable {
    private let returned: Mutex<[[ContinuousClock.Instant]]>

    private let done = Atomic<Int>(0)
    private let writers: Int

    init(writers: Int) {
        self.writers = writers
        returned = Mutex(Array(repeating: [], count: writers))
    }

    func writerDone() { done.add(1, ordering: .sequentiallyConsistent) }
    var allDone: Bool { done.load(ordering: .sequentiallyConsistent) == writers }

    /// Writer `writer`'s next write (versions 1, 2, ... in order) has returned.
    func recordReturn(of writer: Int) {
        let now = ContinuousClock.now
        returned.withLock { $0[writer].append(now) }
    }

    /// For each writer, the last version whose write had returned by `instant` (0: none).
    func floors(returnedBy instant: ContinuousClock.Instant) -> [Int] {
        returned.withLock { writers in writers.map { times in times.lastIndex { $0 <= instant }.map { $0 + 1 } ?? 0 } }
    }
}
