import Foundation
import Tusk

/// Users and documents for aggregate, subquery and join tests:
/// Ann: a1 (0.20), a2 (0.40), a3 (0.60) and a deleted a4 (0.90); Bo: b1 (0.50);
/// Cy: nothing; Di: only a deleted d1 (0.30); and an "orphan" document without a user (0.10).
struct ReportingFixture {
    let ann: User.Row
    let bo: User.Row
    let cy: User.Row
    let di: User.Row

    init(_ db: Database) async throws {
        ann = try await makeUser(db, "Ann")
        bo = try await makeUser(db, "Bo")
        cy = try await makeUser(db, "Cy")
        di = try await makeUser(db, "Di")
        let documents = try await db.insert([
            Document.Insert(userId: ann.id, title: "a1", score: Decimal(string: "0.20")),
            Document.Insert(userId: ann.id, title: "a2", score: Decimal(string: "0.40")),
            Document.Insert(userId: ann.id, title: "a3", score: Decimal(string: "0.60")),
            Document.Insert(userId: ann.id, title: "a4 deleted", score: Decimal(string: "0.90")),
            Document.Insert(userId: bo.id, title: "b1", score: Decimal(string: "0.50")),
            Document.Insert(userId: di.id, title: "d1 deleted", score: Decimal(string: "0.30")),
            Document.Insert(title: "orphan", score: Decimal(string: "0.10")),
        ])
        try await Document.delete().where { $0.id.in([documents[3].id, documents[5].id]) }.execute(on: db)
    }
}
