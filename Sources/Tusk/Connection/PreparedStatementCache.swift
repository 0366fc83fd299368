/// Per-connection cache of server-side prepared statements, keyed by SQL text and parameter
/// types, least recently used evicted first. Only touched on the connection's thread.
struct PreparedStatementCache {
    struct Key: Hashable {
        let text: String
        let parameterTypes: [UInt32]
    }

    private struct Entry {
        let name: String
        var lastUse: UInt64
    }

    let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private var nextNumber = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { entries.count }

    /// The statement's server-side name, marking it used.
    mutating func lookup(_ key: Key) -> String? {
        guard entries[key] != nil else { return nil }
        clock += 1
        entries[key]!.lastUse = clock
        return entries[key]!.name
    }

    /// A fresh name for a statement about to be prepared, and the name evicted to make room
    /// (the caller deallocates it on the server).
    mutating func insert(_ key: Key) -> (name: String, evicted: String?) {
        var evicted: String?
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            evicted = oldest.value.name
            entries[oldest.key] = nil
        }
        nextNumber += 1
        clock += 1
        let name = "tusk_\(nextNumber)"
        entries[key] = Entry(name: name, lastUse: clock)
        return (name, evicted)
    }

    /// Forgets `key`; returns its server-side name (the caller deallocates it when it exists).
    @discardableResult
    mutating func remove(_ key: Key) -> String? { entries.removeValue(forKey: key)?.name }

    mutating func removeAll() { entries.removeAll() }
}
