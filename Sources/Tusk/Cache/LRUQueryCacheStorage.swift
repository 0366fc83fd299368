import Foundation

/// The default ``QueryCacheStorage``: entries in this process, at most `maxEntries` and
/// `maxBytes`, the least recently used evicted first. Lookups, stores and evictions are O(1)
/// (a dictionary over a doubly linked list kept in an array); invalidation by table visits only
/// the entries that read the table.
///
/// It keeps each entry's live result (no encoding), and ``QueryCache`` uses its synchronous
/// methods directly, so a hit costs no suspension. Its own lock guards it.
public final class LRUQueryCacheStorage: QueryCacheStorage, @unchecked Sendable {
    public let maxEntries: Int
    public let maxBytes: Int

    private struct Node {
        var entry: QueryCacheEntry?
        var previous: Int
        var next: Int
    }

    /// nodes[0] is the sentinel: its `next` is the most recently used entry, its `previous` the least.
    private var nodes = [Node(entry: nil, previous: 0, next: 0)]
    private var free: [Int] = []
    private var index: [QueryCacheKey: Int] = [:]
    private var byTable: [String: Set<Int>] = [:]
    private var bytes = 0
    private let lock = NSLock()

    public init(maxEntries: Int, maxBytes: Int) {
        self.maxEntries = max(0, maxEntries)
        self.maxBytes = max(0, maxBytes)
    }

    public var isSharedBetweenProcesses: Bool { false }

    public func entry(for key: QueryCacheKey) async -> QueryCacheEntry? { entry(for: key, now: Date()) }
    public func store(_ entry: QueryCacheEntry) async { _ = keep(entry) }
    public func removeEntries(reading tables: Set<String>) async { _ = remove(reading: tables) }
    public func removeAll() async { _ = removeEverything() }

    public var usage: (entries: Int, bytes: Int) { lock.withLock { (index.count, bytes) } }

    /// The live entry for `key`, now the most recently used; an expired one is dropped.
    func entry(for key: QueryCacheKey, now: Date) -> QueryCacheEntry? {
        lock.withLock { lookUp(key, now: now) }
    }

    /// Keeps `entry`; returns how many entries were evicted to stay within the limits.
    func keep(_ entry: QueryCacheEntry) -> Int { lock.withLock { insert(entry) } }

    /// Drops the entries that read one of `tables`; returns how many.
    func remove(reading tables: Set<String>) -> Int { lock.withLock { removeReading(tables) } }

    /// Drops every entry; returns how many.
    func removeEverything() -> Int { lock.withLock { clear() } }

    private func lookUp(_ key: QueryCacheKey, now: Date) -> QueryCacheEntry? {
        guard let slot = index[key], let entry = nodes[slot].entry else { return nil }
        guard entry.expires > now else {
            drop(slot)
            return nil
        }
        unlink(slot)
        linkFirst(slot)
        return entry
    }

    private func insert(_ entry: QueryCacheEntry) -> Int {
        if let old = index[entry.key] { drop(old) }
        // An entry larger than the whole budget would only evict everything else.
        guard entry.bytes <= maxBytes, maxEntries > 0 else { return 0 }
        var evicted = 0
        while index.count >= maxEntries || bytes + entry.bytes > maxBytes {
            drop(nodes[0].previous)
            evicted += 1
        }
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            nodes[slot].entry = entry
        } else {
            slot = nodes.count
            nodes.append(Node(entry: entry, previous: 0, next: 0))
        }
        linkFirst(slot)
        index[entry.key] = slot
        for table in entry.tables { byTable[table, default: []].insert(slot) }
        bytes += entry.bytes
        return evicted
    }

    private func removeReading(_ tables: Set<String>) -> Int {
        var removed = 0
        for table in tables {
            guard let slots = byTable[table] else { continue }
            for slot in slots where nodes[slot].entry != nil {
                drop(slot)
                removed += 1
            }
        }
        return removed
    }

    private func clear() -> Int {
        let count = index.count
        nodes = [Node(entry: nil, previous: 0, next: 0)]
        free = []
        index = [:]
        byTable = [:]
        bytes = 0
        return count
    }

    private func drop(_ slot: Int) {
        guard slot != 0, let entry = nodes[slot].entry else { return }
        unlink(slot)
        nodes[slot].entry = nil
        free.append(slot)
        index[entry.key] = nil
        for table in entry.tables {
            byTable[table]?.remove(slot)
            if byTable[table]?.isEmpty == true { byTable[table] = nil }
        }
        bytes -= entry.bytes
    }

    private func unlink(_ slot: Int) {
        let (previous, next) = (nodes[slot].previous, nodes[slot].next)
        nodes[previous].next = next
        nodes[next].previous = previous
    }

    private func linkFirst(_ slot: Int) {
        let first = nodes[0].next
        nodes[slot].previous = 0
        nodes[slot].next = first
        nodes[first].previous = slot
        nodes[0].next = slot
    }
}
