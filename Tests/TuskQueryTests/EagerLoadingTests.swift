import Foundation
import Testing
import Tusk
import TuskTesting

/// Eager loading and relation filters over the hand-written `items`/`parts`/`item_links` tables,
/// on PostgreSQL 15 and on 16 with pgvector. (On 15 the items' embedding column, never set here,
/// is a plain nullable column: the relation code does not depend on pgvector.)
@Suite struct EagerLoadingTests {
    static let flavors: [PostgresFlavor] = [.standard, .pgvector]

    static func schema(_ flavor: PostgresFlavor) -> String {
        let embedding = flavor == .pgvector ? "vector(3)" : "bytea"
        return (flavor == .pgvector ? "CREATE EXTENSION IF NOT EXISTS vector;\n" : "") + """
        CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, note text, tags text[] NOT NULL DEFAULT '{}',
            score double precision NOT NULL DEFAULT 0, embedding \(embedding), meta jsonb NOT NULL DEFAULT '{}', "order" integer NOT NULL DEFAULT 0);
        CREATE TABLE parts (id bigint PRIMARY KEY, item_id bigint NOT NULL REFERENCES items(id), label text NOT NULL,
            cover_of bigint UNIQUE REFERENCES items(id), deleted_at timestamptz);
        CREATE TABLE item_links (from_id bigint REFERENCES items(id), to_id bigint REFERENCES items(id), PRIMARY KEY (from_id, to_id));
        INSERT INTO items (id, name) SELECT i, 'item ' || i FROM generate_series(1, 100) AS i;
        -- item i has parts 10i+1 .. 10i+3 (items divisible by 10 have none); 10i+3 is soft-deleted
        INSERT INTO parts (id, item_id, label, deleted_at) SELECT 10 * i + k, i, 'part ' || k, CASE WHEN k = 3 THEN now() END
            FROM generate_series(1, 100) AS i, generate_series(1, 3) AS k WHERE i % 10 <> 0;
        UPDATE parts SET cover_of = item_id WHERE id % 10 = 2 AND item_id <= 5;
        -- item i links to i+1 and i+2 (when they exist)
        INSERT INTO item_links SELECT i, i + d FROM generate_series(1, 100) AS i, generate_series(1, 2) AS d WHERE i + d <= 100;
        """
    }

    func withItems(_ flavor: PostgresFlavor, _ body: (Database, StatementLog<Database>) async throws -> Void) async throws {
        try await withConnectedTestDatabase(flavor, setup: SQLScript(unsafeRaw: Self.schema(flavor))) { db in try await body(db, StatementLog(db)) }
    }

    @Test(arguments: flavors) func eachIncludedLevelIsOneStatementWhateverTheNumberOfParents(flavor: PostgresFlavor) async throws {
        try await withItems(flavor) { _, log in
            let items = try await Item.query.order { $0.id }
                .including(\.parts) { $0.order { $0.label.desc }.including(\.item) }
                .including(\.linked)
                .all(on: log)
            #expect(log.statements.count == 4)
            #expect(log.statements[1].contains(#""item_id" = ANY($1)"#))
            #expect(items.count == 100)
            #expect(items[0].id == 1)
            #expect(items[0].name == "item 1")
            // Soft-deleted parts are skipped; the include's order applies within each parent.
            #expect(items[0].parts.map(\.label) == ["part 2", "part 1"])
            #expect(items[0].parts.map(\.row.id) == [12, 11])
            #expect(items[0].parts[0].item.id == 1)  // required to-one: a row, not an optional
            #expect(items[9].parts.isEmpty)
            #expect(items[0].linked.map(\.id).sorted() == [2, 3])
            #expect(items[99].linked.isEmpty)
        }
    }

    @Test(arguments: flavors) func oneToOneLoadsAnOptionalRow(flavor: PostgresFlavor) async throws {
        try await withItems(flavor) { db, _ in
            let items = try await Item.where { $0.id.in([1, 6]) }.order { $0.id }.including(\.cover).all(on: db)
            let covers: [Part.Row?] = items.map(\.cover)
            #expect(covers.map { $0?.id } == [12, nil])
        }
    }

    @Test(arguments: flavors) func noParentsOrNoKeysMeansNoFurtherStatement(flavor: PostgresFlavor) async throws {
        try await withItems(flavor) { _, log in
            let none = try await Item.where { $0.id > 1000 }.including(\.parts).all(on: log)
            #expect(none.isEmpty)
            #expect(log.statements.count == 1)
        }
    }

    @Test(arguments: flavors) func includedQueryFiltersApplyAndLimitsAreRefused(flavor: PostgresFlavor) async throws {
        try await withItems(flavor) { db, _ in
            let items = try await Item.where { $0.id <= 2 }.order { $0.id }
                .including(\.parts) { $0.where { $0.label == "part 1" } }
                .all(on: db)
            #expect(items.map { $0.parts.map(\.id) } == [[11], [21]])
            let withDeleted = try await Item.where { $0.id == 1 }.including(\.parts) { $0.withDeleted() }.first(on: db)
            #expect(withDeleted?.parts.count == 3)
            await #expect(throws: QueryError.self) {
                _ = try await Item.query.including(\.parts) { $0.limit(1) }.all(on: db)
            }
        }
    }

    @Test(arguments: flavors) func aMissingRequiredRowIsATypedErrorNotACrash(flavor: PostgresFlavor) async throws {
        try await withItems(flavor) { db, _ in
            let error = await #expect(throws: QueryError.self) {
                _ = try await Part.where { $0.id == 11 }.including(\.item) { $0.where { $0.name == "nobody" } }.all(on: db)
            }
            #expect(error?.kind == .relatedRowMissing)
        }
    }

    @Test(arguments: flavors) func relationFiltersSelectTheRightRows(flavor: PostgresFlavor) async throws {
        try await withItems(flavor) { db, _ in
            func ids(_ query: SelectQuery<Item>) async throws -> [Int64] {
                try await query.order { $0.id }.select { $0.id }.all(on: db)
            }
            let noParts = try await ids(Item.where { $0.parts.none })
            #expect(noParts == [10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
            // Only non-deleted parts count: part 3 of every item is deleted.
            let deletedOnly = try await ids(Item.where { $0.parts.some { $0.label == "part 3" } })
            #expect(deletedOnly.isEmpty)
            let everyNotPart1 = try await Item.where { $0.parts.every { $0.label != "part 1" } }.count(on: db)
            #expect(everyNotPart1 == 10)
            let linkedTo5 = try await ids(Item.where { $0.linked.some { $0.name == "item 5" } })
            #expect(linkedTo5 == [3, 4])
            let twoHops = try await ids(Item.where { $0.id < 4 && $0.linked.some { $0.linked.some { $0.name == "item 5" } } })
            #expect(twoHops == [1, 2, 3])
            let partsOf7 = try await Part.where { $0.item.some { $0.name == "item 7" } }.count(on: db)
            #expect(partsOf7 == 2)
        }
    }
}
