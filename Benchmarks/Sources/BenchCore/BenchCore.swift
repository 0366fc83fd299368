import Foundation

// What every Swift benchmark program shares with the C one (libpq/libpq_bench.c): the command
// line, the SQL, the id sequence, the rows written by COPY, the RESULT line and the RSS reading.

/// `PROGRAM SCENARIO --socket DIR --port N --user U --database D [--count N]`.
public struct BenchArguments: Sendable {
    public let scenario: String
    public let socketDirectory: String
    public let port: Int
    public let user: String
    public let database: String
    public let count: Int

    public static func parse(_ arguments: [String] = CommandLine.arguments) -> BenchArguments {
        var options: [String: String] = [:]
        var index = 2
        while index + 1 < arguments.count {
            options[String(arguments[index].drop { $0 == "-" })] = arguments[index + 1]
            index += 2
        }
        guard arguments.count >= 2, let socket = options["socket"] else {
            FileHandle.standardError.write(Data(
                "usage: \(arguments.first ?? "bench") SCENARIO --socket DIR [--port 5432] [--user bench] [--database bench] [--count N]\n".utf8))
            exit(2)
        }
        return BenchArguments(
            scenario: arguments[1], socketDirectory: socket, port: Int(options["port"] ?? "") ?? 5432,
            user: options["user"] ?? "bench", database: options["database"] ?? "bench",
            count: Int(options["count"] ?? "") ?? 0)
    }

    /// The socket file PostgreSQL listens on in `socketDirectory`.
    public var socketPath: String { "\(socketDirectory)/.s.PGSQL.\(port)" }
}

public enum BenchSQL {
    public static let point = "SELECT abalance FROM pgbench_accounts WHERE aid = $1"
    public static let decode = "SELECT id, label, created, token, score, flag, amount FROM bench_rows"
    public static let copyTable = "bench_copy"
    public static let copyColumns = ["id", "label", "created", "token", "score", "flag", "amount"]
    public static let stream = "SELECT i::int8, 'row-' || i, i * 0.5::float8 FROM generate_series(1, $1::int8) AS i"
    /// Rows in pgbench_accounts (scale 1); run.sh sets BENCH_ACCOUNTS for other scales.
    public static let accounts: UInt64 = UInt64(ProcessInfo.processInfo.environment["BENCH_ACCOUNTS"] ?? "") ?? 100_000
    public static let pipelineDepth = 10
    public static let poolTasks = 16
    public static let poolConnections = 4
    /// The eager-loading scenario: bench_parents 1...1000, each with children `id * 100 + 1...10`
    /// (run.sh loads them; the tables are Sources/TuskBench/schema.yaml's).
    public static let eagerParents = 1_000
    public static let eagerChildrenPerParent = 10
    public static let eagerParentsQuery = "SELECT id, name FROM bench_parents"
    public static let eagerChildrenQuery = "SELECT id, parent_id, label, position FROM bench_children WHERE parent_id = $1"
    public static let eagerChildrenBatchQuery =
        "SELECT id, parent_id, label, position FROM bench_children WHERE parent_id = ANY($1)"
}

/// splitmix64 seeded with 42: the same account ids in every program.
public struct AccountIDs: Sendable {
    private var state: UInt64

    public init(seed: UInt64 = 42) { state = seed }

    public mutating func next() -> Int32 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int32(1 + z % BenchSQL.accounts)
    }
}

/// Row `i` of the COPY scenario, the same values libpq_bench.c writes.
public struct CopyRow: Sendable {
    public let id: Int64
    public let label: String
    public let created: Date
    public let token: UUID
    public let score: Double
    public let flag: Bool
    /// `i * 1.01` as text with two decimals (numeric(12,2)).
    public let amount: String

    public init(_ i: Int64) {
        id = i
        label = "label-\(i)-abcdefghij"
        created = Date(timeIntervalSince1970: 1_704_067_200 + Double(i))
        let high = UInt64(bitPattern: i).bigEndian
        let low = (UInt64(bitPattern: i) &* 0x9E37_79B9_7F4A_7C15).bigEndian
        token = withUnsafeBytes(of: (high, low)) { bytes in
            UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                        bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        }
        score = Double(i) * 0.5
        flag = i % 2 == 0
        let cents = i * 101
        let fraction = cents % 100
        amount = "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// Seconds taken by `body`.
public func measure<T>(_ body: () async throws -> T) async rethrows -> (seconds: Double, value: T) {
    let start = ContinuousClock.now
    let value = try await body()
    let elapsed = ContinuousClock.now - start
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, value)
}

/// What an eager-loading scenario loaded, as (parent id, [(child id, child's parent id)]),
/// compared with ``expected`` so that every way of loading provably returns the same rows.
public struct LoadChecksum: Equatable, Sendable {
    public var parents = 0
    public var children = 0
    public var idSum = 0

    public init(_ loaded: [(Int32, [(Int32, Int32)])]) {
        for (parentID, children) in loaded {
            parents += 1
            for (childID, childParentID) in children {
                guard childParentID == parentID, childID / 100 == parentID else {
                    die("child \(childID) loaded under parent \(parentID)")
                }
                self.children += 1
                idSum += Int(childID)
            }
        }
    }

    /// Parents 1...eagerParents, each with the children `parent * 100 + 1...eagerChildrenPerParent`.
    public static let expected: LoadChecksum = {
        var sum = LoadChecksum([])
        for parent in 1...BenchSQL.eagerParents {
            sum.parents += 1
            for child in 1...BenchSQL.eagerChildrenPerParent {
                sum.children += 1
                sum.idSum += parent * 100 + child
            }
        }
        return sum
    }()

    /// Rows per load: the parents and their children.
    public var rows: Int { parents + children }
}

/// The median of `values` (0 when empty).
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Prints `RESULT scenario impl key=value ...`, the line run.sh collects.
public func report(_ scenario: String, _ implementation: String, _ values: KeyValuePairs<String, Any>) {
    let fields = values.map { key, value in
        if let double = value as? Double { return "\(key)=\(String(format: "%.6f", double))" }
        return "\(key)=\(value)"
    }
    print("RESULT \(scenario) \(implementation) \(fields.joined(separator: " "))")
}

/// Peak resident set size of this process in KiB (VmHWM in /proc/self/status), -1 if unknown.
public func peakResidentKilobytes() -> Int { statusField("VmHWM:") }

/// Current resident set size in KiB (VmRSS).
public func residentKilobytes() -> Int { statusField("VmRSS:") }

private func statusField(_ name: String) -> Int {
    // /proc files report size 0, so read to the end rather than by size.
    guard let handle = FileHandle(forReadingAtPath: "/proc/self/status"),
        let status = String(data: handle.readDataToEndOfFile(), encoding: .utf8)
    else { return -1 }
    try? handle.close()
    for line in status.split(separator: "\n") where line.hasPrefix(name) {
        return Int(line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? -1
    }
    return -1
}

/// Stops the program with a message on stderr (a benchmark that went wrong must not print figures).
public func die(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench: \(message)\n".utf8))
    exit(1)
}

/// The pool scenario's load: `tasks` tasks, each running `perTask` calls of `body` with its own
/// id sequence. Returns the seconds taken.
public func runConcurrently(
    tasks: Int = BenchSQL.poolTasks, perTask: Int, _ body: @escaping @Sendable (Int32) async throws -> Void
) async throws -> Double {
    try await measure {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var ids = AccountIDs(seed: UInt64(task + 1))
                    for _ in 0..<perTask { try await body(ids.next()) }
                }
            }
            try await group.waitForAll()
        }
    }.seconds
}

/// The stream scenario's RESULT line, with this process's peak RSS read now (after the stream).
public func reportStream(_ implementation: String, rows: Int64, expected: Int64, seconds: Double, rssBeforeKilobytes: Int) {
    if rows != expected { die("streamed \(rows) rows, expected \(expected)") }
    report("stream", implementation, [
        "rows": rows, "seconds": seconds, "rate": Double(rows) / seconds, "rss_before_kb": rssBeforeKilobytes,
        "peak_rss_kb": peakResidentKilobytes(),
    ])
}

/// CPU time (user + system) used so far by every thread of this process, in seconds: the
/// client's cost per query, which the machine's load changes far less than the wall-clock rate.
public func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Microseconds of this process's CPU per operation since `startCPU` (a `processCPUSeconds()`).
public func cpuMicroseconds(since startCPU: Double, operations: Int) -> Double {
    (processCPUSeconds() - startCPU) * 1e6 / Double(max(operations, 1))
}

/// CPU seconds used so far by the calling thread (CLOCK_THREAD_CPUTIME_ID): for a loop that
/// never suspends, its cost without the time other processes took the core away.
public func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The `orm` scenario (issue 13: Tusk against Fluent), the same for every ORM: `count` finds of a
/// model by primary key, then `repeats` fetches of bench_rows' 100,000 rows into models and
/// `repeats` eager loads of the parents with their children; reports the medians as `orm IMPL`.
public func runORMScenario(
    _ implementation: String, finds count: Int, repeats: Int = 3,
    find: (Int32) async throws -> Bool, fetchRows: () async throws -> Int, eagerLoad: () async throws -> LoadChecksum
) async throws {
    var ids = AccountIDs()
    guard try await find(1) else { die("no account 1") }
    let findCPU = processCPUSeconds()
    let (findSeconds, _) = try await measure {
        for _ in 0..<count {
            guard try await find(ids.next()) else { die("no row") }
        }
    }
    let findMicroseconds = cpuMicroseconds(since: findCPU, operations: count)
    let rows = try await medianTimes(repeats) {
        let fetched = try await fetchRows()
        guard fetched == 100_000 else { die("fetched \(fetched) bench_rows") }
    }
    let eager = try await medianTimes(repeats) {
        guard try await eagerLoad() == .expected else { die("the eager load returned other rows than run.sh wrote") }
    }
    report("orm", implementation, [
        "find_ops": count, "find_rate": Double(count) / findSeconds, "find_cpu_us": findMicroseconds,
        "rows_ms": rows.seconds * 1e3, "rows_cpu_ms": rows.cpuSeconds * 1e3,
        "eager_ms": eager.seconds * 1e3, "eager_cpu_ms": eager.cpuSeconds * 1e3,
    ])
}

/// The median wall-clock and process CPU seconds of `repeats` runs of `body`.
func medianTimes(_ repeats: Int, _ body: () async throws -> Void) async throws -> (seconds: Double, cpuSeconds: Double) {
    var seconds: [Double] = [], cpuSeconds: [Double] = []
    for _ in 0..<repeats {
        let cpu = processCPUSeconds()
        seconds.append(try await measure(body).seconds)
        cpuSeconds.append(processCPUSeconds() - cpu)
    }
    return (median(seconds), median(cpuSeconds))
}
