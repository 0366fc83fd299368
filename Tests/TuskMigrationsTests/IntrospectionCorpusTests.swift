import Testing
import TuskMigrations
import TuskSchema
import Tusk
import TuskTesting

/// `tusk introspect` writes only what `tusk validate` accepts: a corpus of catalog shapes built
/// from plain SQL, introspected, written as YAML, loaded back, and built again to the same catalog.
@Suite struct IntrospectionCorpusTests {
    /// One table per shape, so a failure names the shape.
    static let shapes: [(name: String, columns: String)] = [
        ("numeric_nan", "id integer PRIMARY KEY, v numeric DEFAULT 'NaN'"),
        ("numeric_scaled_nan", "id integer PRIMARY KEY, v numeric(6,2) DEFAULT 'NaN'"),
        ("numeric_infinities", "id integer PRIMARY KEY, a numeric DEFAULT 'Infinity', b numeric DEFAULT '-Infinity'"),
        ("float_specials", "id integer PRIMARY KEY, a double precision DEFAULT 'NaN', b real DEFAULT '-Infinity', c double precision DEFAULT 'Infinity'"),
        ("negative_numbers", "id integer PRIMARY KEY, a integer DEFAULT -1, b numeric(4,2) DEFAULT -0.50, c bigint DEFAULT -9223372036854775808, d real DEFAULT -1.5"),
        ("quoted_text", #"id integer PRIMARY KEY, a text DEFAULT 'it''s', b text DEFAULT E'two\nlines', c varchar(20) DEFAULT 'back\slash', d text DEFAULT ''"#),
        ("yaml_words", "id integer PRIMARY KEY, a text DEFAULT 'yes', b text DEFAULT 'null', c text DEFAULT 'true', d text DEFAULT '~'"),
        ("chars_and_bools", "id integer PRIMARY KEY, a char(4) DEFAULT 'free', b boolean DEFAULT false, c boolean DEFAULT true"),
        ("arrays", "id integer PRIMARY KEY, a text[] DEFAULT '{}', b integer[] DEFAULT '{1,2}', c text[] DEFAULT '{\"a b\",c}'"),
        ("expressions", "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a timestamptz DEFAULT now(), b uuid DEFAULT gen_random_uuid(), c date DEFAULT CURRENT_DATE"),
        ("json_defaults", "id integer PRIMARY KEY, a jsonb DEFAULT '{}', b json DEFAULT '[1, \"x\"]'"),
        ("nullable_plain", "id integer PRIMARY KEY, a text, b interval, c bytea, d inet, e time"),
    ]

    @Test func everyIntrospectedShapeValidatesAndRebuildsTheSameCatalog() async throws {
        let script = Self.shapes.map { "CREATE TABLE \($0.name) (\($0.columns));" }.joined(separator: "\n")
        let (original, introspected) = try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: script))
            return (try await CatalogDump.read(db), try await introspect(db))
        }
        let yaml = SchemaYAMLWriter.render(introspected)
        let reloaded: Schema
        do {
            reloaded = try SchemaLoader.parse(yaml: yaml, fileName: "introspected.yaml")
        } catch {
            Issue.record("tusk validate rejects what tusk introspect wrote: \(error)\n\(yaml)")
            return
        }
        try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: reloaded)))
            let again = try await CatalogDump.read(db)
            #expect(again == original, "the introspected YAML builds a different catalog:\n\(again.difference(from: original))\n\(yaml)")
        }
    }

    @Test func infinityDoesNotFitAConstrainedNumeric() {
        let yaml = "tables:\n  t:\n    columns:\n      id: { type: integer, primary_key: true }\n      v: { type: \"numeric(6,2)\", default: Infinity }\n"
        #expect(throws: (any Error).self) { try SchemaLoader.parse(yaml: yaml, fileName: "schema.yaml") }
    }
}
