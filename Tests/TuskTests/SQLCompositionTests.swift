import Foundation
import Testing

@testable import Tusk

/// Composed statements bind every value to the placeholder its author wrote, whatever comments,
/// strings, dollar quotes or quoted identifiers the pieces contain (issue 10, item 1).
@Suite struct SQLCompositionTests {
    /// The issue's case: an apostrophe in a `--` comment of the appended fragment made the old
    /// renumbering stop, so `tenant = $1` was bound to the owner.
    @Test func fragmentWithApostropheInCommentFiltersByItsOwnValue() async throws {
        try await withDatabase { db, _ in
            try await db.execute("""
                CREATE TABLE docs (owner int8 NOT NULL, tenant int8 NOT NULL, title text);
                INSERT INTO docs VALUES (1, 2, 'right'), (1, 1, 'wrong'), (2, 2, 'other');
                """)
            let owner: Int64 = 1
            let tenant: Int64 = 2
            let filter: SQL = "title IS NOT NULL -- the caller's filter\n AND tenant = \(tenant)"
            let statement: SQL = "SELECT title FROM docs WHERE owner = \(owner) AND \(sql: filter)"
            #expect(statement.text == "SELECT title FROM docs WHERE owner = $1 AND title IS NOT NULL -- the caller's filter\n AND tenant = $2")
            #expect(try await db.query(statement, as: String.self) == ["right"])
            var appended: SQL = "SELECT title FROM docs WHERE owner = \(owner) AND "
            appended.append(filter)
            #expect(try await db.query(appended, as: String.self) == ["right"])
            #expect(try await db.query(SQL("SELECT title FROM docs WHERE owner = \(owner) AND ") + filter, as: String.self) == ["right"])
        }
    }

    /// Hand-written `$n` text is read once by a lexer that follows PostgreSQL's rules.
    @Test func explicitPlaceholdersAreFoundOnlyOutsideCommentsStringsAndQuotes() {
        let text = #"""
            SELECT $1, a$1, "x""$1", 'it''s $1', E'it\'s $1', U&'d\0061t $1', $$it's $1$$, $t$ $1 $x$ $t$,
              /* it's /* nested $1 */ $1 */ $2 -- it's $1
            , 1$2
            """#
        let statement = SQL(text: text, bindings: [PostgresBinding(Int64(7)), PostgresBinding(Int64(8))])
        let numbers = statement.placeholders.map(\.number)
        #expect(numbers == [1, 2, 2])
        let composed: SQL = "SELECT \(Int64(0)) FROM (\(sql: statement))"
        #expect(composed.text.hasPrefix("SELECT $1 FROM (SELECT $2, a$1, \"x\"\"$1\""))
        #expect(composed.text.contains("$1 */ $3 -- it's $1\n, 1$3"))
    }

    /// Random fragments, with random comments and quoting, composed in random orders: the text
    /// is exactly the model's and every binding sits under the placeholder written for it. One
    /// case in ten also runs on PostgreSQL and checks every column it returns.
    @Test func randomCompositionsBindEveryValueWhereItsAuthorWroteIt() async throws {
        var random = SplitMix64(seed: 0x7A5C_10)
        var executed: [(SQL, [Expected])] = []
        for caseNumber in 0..<300 {
            var pool: [Composable] = (0..<Int.random(in: 2...6, using: &random)).map { _ in
                Composable.leaf(using: &random)
            }
            while pool.count > 1 {
                let left = pool.remove(at: Int.random(in: 0..<pool.count, using: &random))
                let right = pool.remove(at: Int.random(in: 0..<pool.count, using: &random))
                pool.append(left.combined(with: right, using: &random))
            }
            let composed = pool[0]
            let statement = SQL("SELECT ") + composed.statement + SQL("0 AS last")
            #expect(statement.text == "SELECT " + composed.model.renderedText + "0 AS last", "case \(caseNumber)")
            #expect(statement.bindings.map { $0.value as? Int64 } == composed.model.markers, "case \(caseNumber)")
            if caseNumber % 10 == 0 { executed.append((statement, composed.model.columns)) }
        }
        try await withDatabase { db, _ in
            for (statement, columns) in executed {
                let row = try #require(try await db.query(statement).first)
                for (index, column) in columns.enumerated() {
                    switch column {
                    case .value(let marker): #expect(try row.decode(Int64.self, at: index) == marker, "\(statement)")
                    case .text(let text): #expect(try row.decode(String.self, at: index) == text, "\(statement)")
                    }
                }
            }
        }
    }
}

/// A column the composed SELECT returns.
private enum Expected: Equatable {
    case value(Int64)
    case text(String)
}

/// What a composed statement must be: its pieces in order and the value bound to each index.
private struct Model {
    enum Piece {
        /// SQL text that is not a placeholder; `column` when it is a select item.
        case text(String, column: String?)
        /// `($n)::int8, ` for the binding at `index` (0-based).
        case value(index: Int)
    }
    var pieces: [Piece] = []
    var markers: [Int64?] = []

    var renderedText: String {
        pieces.map { piece in
            switch piece {
            case .text(let text, _): text
            case .value(let index): "($\(index + 1))::int8, "
            }
        }.joined()
    }

    var columns: [Expected] {
        pieces.compactMap { piece in
            switch piece {
            case .text(_, let column): column.map(Expected.text)
            case .value(let index): .value(markers[index]!)
            }
        }
    }

    static func + (lhs: Model, rhs: Model) -> Model {
        let shift = lhs.markers.count
        return Model(
            pieces: lhs.pieces + rhs.pieces.map { piece in
                if case .value(let index) = piece { return .value(index: index + shift) }
                return piece
            },
            markers: lhs.markers + rhs.markers)
    }
}

/// A statement under test and the model it must match.
private struct Composable {
    var statement: SQL
    var model: Model

    /// Text that contains `$1`, apostrophes or quotes without being a placeholder: comments,
    /// strings of every kind, dollar quotes and a quoted identifier (as an alias).
    static let traps: [(sql: String, column: String?)] = [
        (" -- the caller's filter $1\n", nil),
        (" /* it's $2 /* nested ' $1 */ still $3 */ ", nil),
        ("'plain '' $1'::text, ", "plain ' $1"),
        (#"E'it\'s $1 \\'::text, "#, #"it's $1 \"#),
        ("$$it's $1$$::text, ", "it's $1"),
        ("$tag$ it's $1 $not$ $tag$::text, ", " it's $1 $not$ "),
        (#"U&'d\0061t $1'::text, "#, "dat $1"),
        (#"'x'::text AS "col""$1'", "#, "x"),
        ("\n", nil),
    ]

    /// A fragment of select items built one of three ways: by interpolation, by `append`, or
    /// from hand-written `$n` text (which may use a parameter twice).
    static func leaf(using random: inout SplitMix64) -> Composable {
        var model = Model()
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            if Bool.random(using: &random) {
                let trap = traps.randomElement(using: &random)!
                model.pieces.append(.text(trap.sql, column: trap.column))
            } else if !model.markers.isEmpty, Int.random(in: 0..<4, using: &random) == 0 {
                model.pieces.append(.value(index: Int.random(in: 0..<model.markers.count, using: &random)))
            } else {
                model.markers.append(Int64.random(in: 1...1_000_000, using: &random))
                model.pieces.append(.value(index: model.markers.count - 1))
            }
        }
        let reusesAValue = model.pieces.filter { if case .value = $0 { true } else { false } }.count > model.markers.count
        if reusesAValue || Bool.random(using: &random) {
            let bindings = model.markers.map { PostgresBinding($0!) }
            return Composable(statement: SQL(text: model.renderedText, bindings: bindings), model: model)
        }
        var statement = SQL("")
        for piece in model.pieces {
            switch piece {
            case .text(let text, _):
                if Bool.random(using: &random) { statement.append(unsafeRaw: text) } else { statement = "\(sql: statement)\(unsafeRaw: text)" }
            case .value(let index):
                if Bool.random(using: &random) {
                    statement = "\(sql: statement)(\(model.markers[index]!))::int8, "
                } else {
                    statement.append(unsafeRaw: "(")
                    statement.append(binding: model.markers[index]!)
                    statement.append(unsafeRaw: ")::int8, ")
                }
            }
        }
        return Composable(statement: statement, model: model)
    }

    /// Composes by `+`, by `append`, or by interpolation (which may add its own value between).
    func combined(with other: Composable, using random: inout SplitMix64) -> Composable {
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            return Composable(statement: statement + other.statement, model: model + other.model)
        case 1:
            var statement = self.statement
            statement.append(other.statement)
            return Composable(statement: statement, model: model + other.model)
        default:
            let marker = Int64.random(in: 1...1_000_000, using: &random)
            let middle = Model(pieces: [.text(" /* ' */ ", column: nil), .value(index: 0)], markers: [marker])
            return Composable(
                statement: "\(sql: statement) /* ' */ (\(marker))::int8, \(sql: other.statement)",
                model: model + middle + other.model)
        }
    }
}

/// A small seeded generator, so a failing case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D4_9CE2_2D11_1EB8
        return z ^ (z >> 31)
    }
}
