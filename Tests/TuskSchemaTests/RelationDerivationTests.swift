import Foundation
import Testing
@testable import TuskSchema

/// Relations derived from foreign keys: names, kinds, cardinality, overrides, many-to-many.
@Suite struct RelationDerivationTests {
    func load(_ yaml: String) throws -> Schema { try LoaderFeatureTests().load(yaml) }

    func names(_ schema: Schema, _ table: String) -> [String] { schema.relations(of: table).map(\.name) }

    static let blog = """
        tables:
          users:
            columns:
              id: { type: uuid, primary_key: true }
          profiles:
            columns:
              user_id: { type: uuid, primary_key: true, references: users.id }
              bio: text
          posts:
            soft_delete: deleted_at
            columns:
              id: { type: bigint, primary_key: true }
              author_id: { type: uuid, references: users.id }
              editor: { type: uuid, nullable: true, references: users.id }
              deleted_at: timestamptz?
          comments:
            columns:
              id: { type: bigint, primary_key: true }
              post_id: { type: bigint, references: posts.id }
              user_id: { type: uuid, references: users.id, relation: writer, inverse: writtenComments }
        """

    @Test func belongsToIsNamedAfterTheColumnOrTheReferencedType() throws {
        let schema = try load(Self.blog)
        #expect(names(schema, "posts") == ["author", "user", "comments"])
        let author = try #require(schema.relations(of: "posts").first)
        #expect(author == TableRelation(
            name: "author", kind: .belongsTo, sourceTable: "posts", sourceColumn: "author_id", targetTable: "users",
            targetColumn: "id", foreignKey: "posts_author_id_fkey", isNullable: false, cardinality: .requiredToOne))
        let editor = schema.relations(of: "posts")[1]
        #expect(editor.isNullable && editor.cardinality == .toOne && editor.sourceColumn == "editor")
    }

    @Test func inversesAreToManyOrOneToOneOnAUniqueKey() throws {
        let schema = try load(Self.blog)
        // Inverses by referencing table name: comments, posts (two keys: disambiguated), profiles.
        #expect(names(schema, "users") == ["writtenComments", "postsByAuthorId", "postsByEditor", "profile"])
        let profile = try #require(schema.relations(of: "users").last)
        #expect(profile.kind == .hasOne && profile.cardinality == .toOne)
        #expect(profile.sourceColumn == "id" && profile.targetTable == "profiles" && profile.targetColumn == "user_id")
        let posts = schema.relations(of: "users")[1]
        #expect(posts.kind == .hasMany && posts.cardinality == .toMany && posts.targetColumn == "author_id")
        // One-to-one from the other side: a NOT NULL key to a table without soft_delete is required.
        #expect(schema.relations(of: "profiles").map(\.cardinality) == [.requiredToOne])
    }

    /// A pagila-style schema: singular table names. To-many inverses read as plurals of the
    /// referencing type; a plural table name keeps its own spelling (no churn for those schemas).
    @Test func toManyInversesOfSingularTablesArePlural() throws {
        let schema = try load("""
            tables:
              customer:
                columns:
                  customer_id: { type: integer, primary_key: true }
              category:
                columns:
                  category_id: { type: integer, primary_key: true }
              film:
                columns:
                  film_id: { type: integer, primary_key: true }
              rental:
                columns:
                  rental_id: { type: integer, primary_key: true }
                  customer_id: { type: integer, references: customer.customer_id }
              film_category:
                columns:
                  film_id: { type: integer, references: film.film_id }
                  category_id: { type: integer, references: category.category_id }
                primary_key: [film_id, category_id]
              person:
                swift_name: SalesPerson
                columns:
                  id: { type: integer, primary_key: true }
                  customer_id: { type: integer, references: customer.customer_id }
              box:
                columns:
                  id: { type: integer, primary_key: true }
                  customer_id: { type: integer, references: customer.customer_id, inverse: crates }
              payments:
                columns:
                  id: { type: integer, primary_key: true }
                  customer_id: { type: integer, references: customer.customer_id }
            """)
        #expect(names(schema, "customer") == ["crates", "payments", "salesPeople", "rentals"])
        #expect(names(schema, "category") == ["filmCategories"])
        #expect(names(schema, "film") == ["filmCategories"])
    }

    @Test func englishPluralsAndSingularsAgree() {
        let pairs = [
            ("rental", "rentals"), ("category", "categories"), ("address", "addresses"), ("box", "boxes"),
            ("match", "matches"), ("wish", "wishes"), ("day", "days"), ("person", "people"), ("child", "children"),
            ("analysis", "analyses"), ("status", "statuses"), ("series", "series"), ("leaf", "leaves"), ("hero", "heroes"),
            ("quiz", "quizzes"), ("Inventory", "Inventories"), ("Staff", "Staff"),
        ]
        for (one, many) in pairs {
            #expect(SwiftNames.plural(one) == many, "plural of \(one)")
        }
        #expect(SwiftNames.pluralLastWord("FilmActor") == "FilmActors")
        #expect(SwiftNames.pluralLastWord("SalesPerson") == "SalesPeople")
        #expect(SwiftNames.isPlural(tableName: "document_chunks") && SwiftNames.isPlural(tableName: "people"))
        #expect(!SwiftNames.isPlural(tableName: "film_actor") && !SwiftNames.isPlural(tableName: "customer"))
    }

    @Test func aKeyToASoftDeletedTableIsNeverRequired() throws {
        let schema = try load(Self.blog)
        let post = try #require(schema.relations(of: "comments").first)
        #expect(post.name == "post" && !post.isNullable && post.cardinality == .toOne)
        #expect(names(schema, "comments") == ["post", "writer"])
    }

    @Test func relationsStayOutOfTheSnapshot() throws {
        let schema = try load(Self.blog)
        let data = try SchemaSnapshot.encode(schema)
        #expect(!String(decoding: data, as: UTF8.self).contains("writer"))
        var withoutRelations = schema
        withoutRelations.relations = []
        #expect(try SchemaSnapshot.decode(data) == withoutRelations)
    }

    static let memories = """
        tables:
          memories:
            columns:
              id: { type: uuid, primary_key: true }
            relations:
              linked: { through: links, source: from_id, target: to_id }
          links:
            columns:
              from_id: { type: uuid, references: memories.id, inverse: outgoing }
              to_id: uuid
            primary_key: [from_id, to_id]
            foreign_keys:
              - { columns: [to_id], references: { table: memories, columns: [id] }, inverse: incoming, relation: destination }
          tags:
            columns:
              id: { type: int, primary_key: true }
            relations: { memories: { through: memory_tags } }
          memory_tags:
            columns:
              memory_id: { type: uuid, references: memories.id }
              tag_id: { type: bigint, references: tags.id }
            primary_key: [memory_id, tag_id]
        """

    @Test func manyToManyThroughAJoinTable() throws {
        let schema = try load(Self.memories)
        #expect(names(schema, "memories") == ["outgoing", "incoming", "memoryTags", "linked"])
        let linked = try #require(schema.relations(of: "memories").last)
        #expect(linked == TableRelation(
            name: "linked", kind: .manyToMany, sourceTable: "memories", sourceColumn: "id", targetTable: "memories",
            targetColumn: "id", through: .init(table: "links", sourceColumn: "from_id", targetColumn: "to_id"),
            foreignKey: "links_from_id_fkey", isNullable: false, cardinality: .toMany))
        // source and target found alone: one key to `tags`, one other.
        let tagged = try #require(schema.relations(of: "tags").last)
        #expect(tagged.name == "memories" && tagged.through == .init(table: "memory_tags", sourceColumn: "tag_id", targetColumn: "memory_id"))
        #expect(names(schema, "links") == ["from", "destination"])
    }

    @Test func compositeForeignKeysGiveNoRelation() throws {
        let schema = try load("""
            tables:
              a:
                columns: { x: int, y: int }
                primary_key: [x, y]
              b:
                columns: { x: int, y: int }
                foreign_keys: [{ columns: [x, y], references: { table: a, columns: [x, y] } }]
            """)
        #expect(schema.relations.isEmpty)
    }

    @Test func aSchemaBuiltInCodeDerivesDefaultNames() throws {
        let loaded = try load(Self.blog.replacingOccurrences(of: ", relation: writer, inverse: writtenComments", with: ""))
        var built = loaded
        built.relations = []
        #expect(try built.derivingRelations() == loaded)
        #expect(names(loaded, "comments") == ["post", "user"])
    }
}
