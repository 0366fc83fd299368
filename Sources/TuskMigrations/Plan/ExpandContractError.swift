/// Why a schema change cannot be written as an expand/contract pair, with what to do instead.
public enum ExpandContractError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No column is renamed (`renamed_from`) or changes type.
    case nothingToExpand
    /// Changes that are not column renames or type changes: they go in a normal migration.
    case otherChanges([String])
    /// The column cannot move this way (yet): the reason names what is in the way.
    case unsupported(column: String, reason: String)
    /// No conversion between the types without a declared expression (`key` says which).
    case noConversion(column: String, from: String, to: String, key: String)
    /// A declared `using` without the `reverse_using` that old code's writes need.
    case noReverseConversion(column: String, from: String, to: String)
    /// The column is the new side of an expand whose contract is the newest migration.
    case alreadyExpanding(column: String, contract: String)
    /// The batch size is not a positive number.
    case badBatchSize(Int)

    public var description: String {
        switch self {
        case .nothingToExpand:
            "expand/contract is for column renames (renamed_from) and type changes; this change has neither: write a normal migration (without --expand-contract)"
        case .otherChanges(let steps):
            "expand/contract migrations hold only column renames and type changes; migrate these changes first with a normal migration (without --expand-contract), then run it again:\n"
                + steps.map { "  " + $0 }.joined(separator: "\n")
        case .unsupported(let column, let reason):
            "\(column) cannot be moved by expand/contract: \(reason)"
        case .noConversion(let column, let from, let to, let key):
            "\(column): PostgreSQL has no cast from \(from) to \(to); declare the conversion with `\(key): \"SQL\"` on the column"
        case .noReverseConversion(let column, let from, let to):
            "\(column) declares `using`, so the trigger cannot convert writes of the running (old) code back from \(from) to \(to) by a cast: declare `reverse_using: \"SQL\"` on the column (the expression over the new column that gives the old value)"
        case .alreadyExpanding(let column, let contract):
            "\(column) is the new side of an expand/contract whose contract (\(contract)) is the newest migration: apply that contract (`tusk migrate up --contract`) once every instance runs the new code, then change the column again"
        case .badBatchSize(let size):
            "the backfill batch size must be a positive number of rows, found \(size)"
        }
    }
}
