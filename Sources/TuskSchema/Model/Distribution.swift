/// How Citus spreads a table over its worker nodes (`distribution:` in schema.yaml).
///
/// Plain PostgreSQL ignores it: the only effect on the SQL is the `create_distributed_table`
/// / `create_reference_table` call emitted after the table exists, and only when declared.
public enum Distribution: Hashable, Sendable, Codable {
    /// `distribution: { column: c, colocate_with: t }`: sharded by the hash of `column`,
    /// its shards placed with those of `colocateWith` (Citus' default group when nil).
    case distributed(column: String, colocateWith: String?)
    /// `distribution: reference`: a full copy on every node.
    case reference

    /// The distribution column of a distributed table; nil for a reference table.
    public var column: String? {
        if case .distributed(let column, _) = self { column } else { nil }
    }

    public var isReference: Bool { self == .reference }
}
