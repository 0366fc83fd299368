/// Per-connection cache of server-side prepared statements, keyed by SQL text and parameter
/// types, least recently used evicted first. Only touched on the connection's thread.
struct PreparedStatementCache {
    /// A statement's text and parameter types. Every statement looks itself up here, so the key
    /// carries a digest of its text read eight bytes at a time: the dictionary hashes that one
    /// word instead of running SipHash over the whole text (about a thousand instructions for a
    /// point select's). The texts are the application's own SQL (values are parameters), so a
    /// non-keyed digest gives nobody a way to crowd one bucket.
    struct Key: Hashable {
        let text: String
        let parameterTypes: [UInt32]
        private let digest: UInt64

        init(text: String, parameterTypes: [UInt32]) {
            self.text = text
            self.parameterTypes = parameterTypes
            digest = Self.digest(of: text, parameterTypes)
        }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.digest == rhs.digest && lhs.parameterTypes == rhs.parameterTypes && lhs.text == rhs.text
        }

        /// A multiply-rotate digest over the UTF-8 bytes (whole words, then the tail) and the types.
        private static func digest(of text: String, _ types: [UInt32]) -> UInt64 {
            var text = text
            var digest: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: text.utf8.count)
            func mix(_ word: UInt64) {
                digest = (digest ^ word) &* 0xFF51_AFD7_ED55_8CCD
                digest = (digest << 29) | (digest >> 35)
            }
            text.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                var offset = 0
                while offset + 8 <= raw.count {
                    mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    offset += 8
                }
                var tail: UInt64 = 0
                var shift: UInt64 = 0
                while offset < raw.count {
                    tail |= UInt64(raw[offset]) << shift
                    shift += 8
                    offset += 1
                }
                mix(tail)
            }
            for type in types { mix(UInt64(type)) }
            return digest
        }
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
        guard let index = entries.index(forKey: key) else { return nil }  // the one hash of the key
        clock += 1
        entries.values[index].lastUse = clock
        return entries.values[index].name
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
