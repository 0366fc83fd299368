/// `row_level_security:` on a table: RLS enabled (and forced, for the table's owner too) with
/// its policies. A table without it has RLS off.
public struct RowLevelSecurity: Hashable, Sendable, Codable {
    /// `FORCE ROW LEVEL SECURITY`: the policies apply to the table's owner too.
    public var force: Bool
    /// By name (the order PostgreSQL applies them in is by name too).
    public var policies: [Policy]

    public init(force: Bool = false, policies: [Policy] = []) {
        self.force = force
        self.policies = policies.sorted { $0.name < $1.name }
    }

    public func policy(named name: String) -> Policy? { policies.first { $0.name == name } }
}

/// One `CREATE POLICY`.
public struct Policy: Hashable, Sendable, Codable {
    public enum Command: String, Hashable, Sendable, Codable, CaseIterable {
        case all, select, insert, update, delete
    }

    public var name: String
    public var command: Command
    /// Roles it applies to; empty means PUBLIC (every role). Spelled as in SQL: a name, or
    /// `public`, `current_user`, `session_user`.
    public var roles: [String]
    /// `USING (...)`: which existing rows are visible (select, update, delete).
    public var using: String?
    /// `WITH CHECK (...)`: which new rows may be written (insert, update).
    public var withCheck: String?
    /// False for `AS RESTRICTIVE` (must pass as well as one permissive policy).
    public var permissive: Bool

    public init(
        name: String, command: Command = .all, roles: [String] = [], using: String? = nil, withCheck: String? = nil,
        permissive: Bool = true
    ) {
        self.name = name
        self.command = command
        self.roles = roles
        self.using = using
        self.withCheck = withCheck
        self.permissive = permissive
    }

    /// Role names SQL writes as keywords, not quoted identifiers.
    public static let roleKeywords = ["public", "current_user", "session_user", "current_role"]

    /// Whether a clause is allowed for the command, as PostgreSQL has it.
    public static func allowsUsing(_ command: Command) -> Bool { command != .insert }
    public static func allowsWithCheck(_ command: Command) -> Bool { command != .select && command != .delete }
}
