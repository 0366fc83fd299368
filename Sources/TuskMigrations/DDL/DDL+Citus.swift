import TuskSchema

/// Citus' table functions. They take the table as `regclass` text, so the name is quoted as an
/// identifier first (`'"Mixed"'`) and then as a literal.
extension DDL {
    /// `SELECT create_distributed_table('t', 'c'[, colocate_with => 'x']);` or `SELECT create_reference_table('t');`.
    static func distribute(_ table: String, _ distribution: Distribution) -> String {
        switch distribution {
        case .reference:
            return "SELECT create_reference_table(\(regclass(table)));"
        case .distributed(let column, let colocateWith):
            let colocation = colocateWith.map { ", colocate_with => \(regclass($0))" } ?? ""
            return "SELECT create_distributed_table(\(regclass(table)), \(S.literal(column))\(colocation));"
        }
    }

    /// `SELECT undistribute_table('t');`: back to a plain table on the coordinator, rows kept.
    static func undistribute(_ table: String) -> String { "SELECT undistribute_table(\(regclass(table)));" }

    private static func regclass(_ table: String) -> String { S.literal(S.name(table)) }
}
