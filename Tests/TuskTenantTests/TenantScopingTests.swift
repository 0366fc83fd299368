import Foundation
import Testing
import Tusk
import TuskTesting

/// `db.tenant(id)` over the generated API of this target's schema.yaml: two tenants' rows in
/// every table, and every read path run for one tenant returns its rows only (and all of them),
/// every write reaches its rows only, fills the tenant column, and refuses another tenant's id.
///
/// The data is made to tempt leaks: tenant B has a todo in tenant A's project, a todo-tag link
/// from A's todo to B's tag, a tag whose label is one of A's todo titles, and a project of the
/// same name; an unscoped read sees all of it (checked first, so the test fails if the scoping
/// is missing rather than passing on data that could not leak).
@Suite struct TenantScopingTests {
    struct Fixture {
        let a: Int64
        let b: Int64
        let aProject: Project.Row
        let aArchived: Project.Row
        let bProject: Project.Row
        let aTodos: [Todo.Row]
        let bTodoInAProject: Todo.Row
        let bTodo: Todo.Row
        let aTag: Tag.Row
        let bTag: Tag.Row
    }

    /// Both tenants' rows, written unscoped (`db`), with the tenant column set explicitly.
    static func fixture(_ db: Database) async throws -> Fixture {
        let a = try await db.insert(Account.Insert(name: "A")).id
        let b = try await db.insert(Account.Insert(name: "B")).id
        let aProject = try await db.insert(Project.Insert(accountId: a, name: "roadmap"))
        let aArchived = try await db.insert(Project.Insert(accountId: a, name: "old"))
        try await Project.delete().where { $0.id == aArchived.id }.execute(on: db)
        let bProject = try await db.insert(Project.Insert(accountId: b, name: "roadmap"))
        let aTodos = try await db.insert([
            Todo.Insert(accountId: a, projectId: aProject.id, title: "a-first", points: 3),
            Todo.Insert(accountId: a, projectId: aProject.id, title: "a-second", points: 5),
        ])
        let bTodoInAProject = try await db.insert(Todo.Insert(accountId: b, projectId: aProject.id, title: "b-secret", points: 100))
        let bTodo = try await db.insert(Todo.Insert(accountId: b, projectId: bProject.id, title: "b-own", points: 7))
        let aTag = try await db.insert(Tag.Insert(accountId: a, label: "a-tag"))
        let bTag = try await db.insert(Tag.Insert(accountId: b, label: "a-first"))
        try await db.insert([
            TodoTag.Insert(todoId: aTodos[0].id, tagId: aTag.id),
            TodoTag.Insert(todoId: aTodos[0].id, tagId: bTag.id),
            TodoTag.Insert(todoId: bTodo.id, tagId: bTag.id),
        ])
        return Fixture(
            a: a, b: b, aProject: aProject, aArchived: aArchived, bProject: bProject, aTodos: aTodos,
            bTodoInAProject: bTodoInAProject, bTodo: bTodo, aTag: aTag, bTag: bTag)
    }

    static func withTenantDatabase(_ body: (Database, Fixture) async throws -> Void) async throws {
        try await withConnectedTestDatabase(.standard, setup: SQLScript(unsafeRaw: tenantSchemaSQL)) { db in
            try await body(db, try await fixture(db))
        }
    }

    @Test func unscopedReadsSeeBothTenantsSoTheDataCouldLeak() async throws {
        try await Self.withTenantDatabase { db, f in
            #expect(try await Todo.count(on: db) == 4)
            let projects = try await Project.query.including(\.todos).all(on: db)
            let titles: [String] = projects.flatMap { project in project.todos.map(\.title) }
            #expect(titles.contains("b-secret"))
            #expect(try await Todo.where { $0.id == f.aTodos[0].id }.including(\.tags).first(on: db)?.tags.count == 2)
            let pairs = try await Todo.join(Tag.self, on: { todo, tag in todo.title == tag.label }).all(on: db)
            #expect(pairs.count == 1)
        }
    }

    @Test func everyReadPathReturnsOnlyTheTenantsRows() async throws {
        try await Self.withTenantDatabase { db, f in
            let a = db.tenant(f.a)
            try await Self.everyReadPath(a, f)
            // Reads inside a tenant's transaction and its savepoint.
            let inTransaction = try await a.transaction { tx in
                let outer = try await Todo.count(on: tx)
                let inner = try await tx.transaction { savepoint in try await Todo.count(on: savepoint) }
                return [outer, inner]
            }
            #expect(inTransaction == [2, 2])
        }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    /// `a` reads as tenant a: `db.tenant(a)`, or row-level security alone (RowSecurityTests).
    static func everyReadPath(_ a: some QueryRunner, _ f: Fixture) async throws {
        let aTodoIDs = f.aTodos.map(\.id).sorted()

        // Rows, first, count, exists, find, find cached, withDeleted, keyset pages.
        #expect(try await Todo.query.all(on: a).map(\.id).sorted() == aTodoIDs)
        #expect(try await Todo.order { $0.points.desc }.first(on: a)?.title == "a-second")
        #expect(try await Todo.count(on: a) == 2)
        #expect(try await Todo.where { $0.title == "b-own" }.exists(on: a) == false)
        #expect(try await Project.find(f.bProject.id, on: a) == nil)
        #expect(try await Project.find(f.aProject.id, on: a)?.name == "roadmap")
        #expect(try await Project.find(f.bProject.id, cachedFor: .seconds(5), on: a) == nil)
        #expect(try await Project.query.withDeleted().all(on: a).map(\.id).sorted() == [f.aProject.id, f.aArchived.id].sorted())
        #expect(try await Project.query.all(on: a).map(\.id) == [f.aProject.id])
        let firstPage = try await Todo.order { $0.id }.limit(1).all(on: a)
        let secondPage = try await Todo.order { $0.id }.after(try #require(firstPage.last)).limit(5).all(on: a)
        #expect((firstPage + secondPage).map(\.id) == aTodoIDs)

        // Projections, aggregates, grouped rows, subqueries.
        let titles: [String] = try await Todo.order { $0.title }.select { $0.title }.all(on: a)
        #expect(titles == ["a-first", "a-second"])
        let total: Int64?? = try await Todo.select { $0.points.sum() }.first(on: a)
        #expect(total == .some(.some(8)))
        let perAccount = try await Todo.groupBy { $0.accountId }.select { ($0.accountId, count()) }.all(on: a)
        #expect(perAccount.map(\.0) == [f.a])
        #expect(perAccount.map(\.1) == [2])
        let withTodos = try await Project.where { $0.id.in(Todo.where { $0.points > 0 }.select { $0.projectId }) }.all(on: a)
        #expect(withTodos.map(\.id) == [f.aProject.id])

        // Joins (both sides scoped), left joins, grouped joins.
        let joined = try await Todo.join(Project.self, on: { todo, project in todo.projectId == project.id }).all(on: a)
        #expect(joined.map(\.0.id).sorted() == aTodoIDs)
        let crossTenant = try await Todo.join(Tag.self, on: { todo, tag in todo.title == tag.label }).all(on: a)
        #expect(crossTenant.isEmpty)
        let left = try await Project.leftJoin(Todo.self, on: { project, todo in project.id == todo.projectId }).all(on: a)
        let leftTitles: [String] = left.compactMap(\.1?.title).sorted()
        #expect(leftTitles == ["a-first", "a-second"])
        let counted = try await Project.leftJoin(Todo.self, on: { project, todo in project.id == todo.projectId })
            .groupBy { project, _ in project.id }.select { project, todo in (project.id, todo.id.count()) }.all(on: a)
        #expect(counted.map(\.0) == [f.aProject.id])
        #expect(counted.map(\.1) == [2])

        // Eager loads: to-many (a B todo points at A's project), many-to-many (an A todo links B's tag), to-one.
        let projects = try await Project.query.including(\.todos).all(on: a)
        let loadedTitles: [String] = projects.flatMap { project in project.todos.map(\.title) }.sorted()
        #expect(loadedTitles == ["a-first", "a-second"])
        let tagged = try await Todo.where { $0.id == f.aTodos[0].id }.including(\.tags).first(on: a)
        #expect(tagged?.tags.map(\.id) == [f.aTag.id])
        let withProject = try await Todo.order { $0.id }.including(\.project).all(on: a)
        let projectIDs: [Int64?] = withProject.map { todo in todo.project?.id }
        #expect(projectIDs == [f.aProject.id, f.aProject.id])

        // Relation filters: to-many and through a join table.
        let secretive = try await Project.where { $0.todos.some { $0.title == "b-secret" } }.all(on: a)
        #expect(secretive.isEmpty)
        let taggedWithB = try await Todo.where { $0.tags.some { $0.id == f.bTag.id } }.all(on: a)
        #expect(taggedWithB.isEmpty)
        let notTagged = try await Todo.where { $0.tags.none }.all(on: a)
        #expect(notTagged.map(\.id) == [f.aTodos[1].id])

        // Streams.
        var streamed: [Int64] = []
        for try await todo in Todo.query.stream(on: a, batchSize: 1) { streamed.append(todo.id) }
        #expect(streamed.sorted() == aTodoIDs)
    }

    @Test func writesReachOnlyTheTenantsRowsAndFillTheTenant() async throws {
        try await Self.withTenantDatabase { db, f in try await Self.writes(db, f) }
    }

    static func writes(_ db: Database, _ f: Fixture) async throws {
        let a = db.tenant(f.a)

        // An insert leaving the tenant nil is filled; the same id set explicitly is accepted.
        let filled = try await a.insert(Tag.Insert(label: "filled"))
        #expect(filled.accountId == f.a)
        let explicit = try await a.insert(Tag.Insert(accountId: f.a, label: "explicit"))
        #expect(explicit.accountId == f.a)
        let several = try await Tag.insert([Tag.Insert(label: "x"), Tag.Insert(accountId: f.a, label: "y")]).execute(on: a)
        #expect(several.map(\.accountId) == [f.a, f.a])

        // Another tenant's id is refused before anything is sent, in inserts and patches.
        let before = try await Tag.count(on: db)
        await #expect { try await a.insert(Tag.Insert(accountId: f.b, label: "smuggled")) } throws: { error in
            (error as? QueryError)?.kind == .otherTenant
        }
        await #expect { try await Tag.update { $0.accountId = .set(f.b) }.where { $0.id == filled.id }.execute(on: a) } throws: { error in
            (error as? QueryError)?.kind == .otherTenant
        }
        #expect(try await Tag.count(on: db) == before)
        // Unscoped, an insert without the tenant is the database's NOT NULL error, with the column.
        await #expect { try await db.insert(Tag.Insert(label: "nobody's")) } throws: { error in
            (error as? PostgresError)?.sqlState == "23502" && "\(error)".contains("account_id")
        }

        // Updates and deletes: every row of the table is a candidate, only the tenant's change.
        let updated = try await Todo.update { $0.points = 0 }.all().execute(on: a)
        #expect(updated == 2)
        #expect(try await Todo.find(f.bTodo.id, on: db)?.points == 7)
        #expect(try await Todo.find(f.bTodoInAProject.id, on: db)?.points == 100)
        let renamed = try await Project.update { $0.name = "renamed" }.where { $0.name == "roadmap" }.returning().execute(on: a)
        #expect(renamed.map(\.id) == [f.aProject.id])
        #expect(try await Project.find(f.bProject.id, on: db)?.name == "roadmap")
        let softDeleted = try await Project.delete().all().execute(on: a)
        #expect(softDeleted == 1)  // A's live project; B's untouched
        #expect(try await Project.find(f.bProject.id, on: db)?.deletedAt == nil)
        let hardDeleted = try await Tag.delete().where { $0.label == "a-first" || $0.label == "a-tag" }.execute(on: a)
        #expect(hardDeleted == 1)
        #expect(try await Tag.find(f.bTag.id, on: db) != nil)

        // An upsert whose conflicting row is another tenant's leaves it alone.
        let upserted = try await Tag.insert(Tag.Insert(id: f.bTag.id, label: "taken over"))
            .onConflict { [$0.id] }.doUpdate { $0.label = .excluded }.execute(on: a)
        #expect(upserted.isEmpty)
        #expect(try await Tag.find(f.bTag.id, on: db)?.label == "a-first")
        let own = try await Tag.insert(Tag.Insert(id: filled.id, label: "upserted"))
            .onConflict { [$0.id] }.doUpdate { $0.label = .excluded }.execute(on: a)
        #expect(own.map(\.label) == ["upserted"])
    }

    @Test func statementsRenderedForTheTenantAreWhatIsSent() throws {
        let unscoped = try Todo.where { $0.points > 1 }.sql()
        #expect(unscoped.text == #"SELECT "id", "account_id", "project_id", "title", "points" FROM "public"."todos" WHERE "points" > $1"#)
        let scoped = try unscoped.scoped(toTenant: "7")
        #expect(scoped.text == unscoped.text.replacingOccurrences(
            of: #"WHERE "points" > $1"#, with: #"WHERE "points" > $1 AND "account_id" = CAST($2 AS bigint)"#))
        #expect(scoped.bindings.count == 2)
        // A condition of the tenant's alone opens the WHERE clause.
        #expect(try Tag.query.sql().scoped(toTenant: "7").text.hasSuffix(#"FROM "public"."tags" WHERE "account_id" = CAST($1 AS bigint)"#))
        #expect(try Tag.query.sql().text.hasSuffix(#"FROM "public"."tags""#))
        // The insert: the tenant filled where the row left it nil, DEFAULT when unscoped.
        let insert = try Tag.insert(Tag.Insert(label: "l")).sql()
        #expect(insert.text.hasPrefix(#"INSERT INTO "public"."tags" ("account_id", "label") VALUES (DEFAULT, $1)"#))
        #expect(try insert.scoped(toTenant: "7").text.hasPrefix(#"INSERT INTO "public"."tags" ("account_id", "label") VALUES (CAST($1 AS bigint), $2)"#))
        // A built statement changed afterwards cannot be scoped: refused, not sent unscoped.
        var changed = try Tag.query.sql()
        changed.append(unsafeRaw: " LIMIT 1")
        #expect(throws: QueryError.self) { try changed.scoped(toTenant: "7") }
    }
}
