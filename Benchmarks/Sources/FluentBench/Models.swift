import FluentKit
import Foundation

// The benchmark's tables as Fluent models, as a Fluent user declares them (run.sh creates and
// loads the tables; no migrations). Models are classes with property wrappers: Fluent's design.

final class Account: Model, @unchecked Sendable {
    static let schema = "pgbench_accounts"

    @ID(custom: "aid", generatedBy: .user) var id: Int32?
    @OptionalField(key: "bid") var bid: Int32?
    @OptionalField(key: "abalance") var abalance: Int32?
    @OptionalField(key: "filler") var filler: String?

    init() {}
}

final class BenchRow: Model, @unchecked Sendable {
    static let schema = "bench_rows"

    @ID(custom: "id", generatedBy: .user) var id: Int64?
    @Field(key: "label") var label: String
    @Field(key: "created") var created: Date
    @Field(key: "token") var token: UUID
    @Field(key: "score") var score: Double
    @Field(key: "flag") var flag: Bool
    @Field(key: "amount") var amount: Decimal

    init() {}
}

final class BenchParent: Model, @unchecked Sendable {
    static let schema = "bench_parents"

    @ID(custom: "id", generatedBy: .user) var id: Int32?
    @Field(key: "name") var name: String
    @Children(for: \.$parent) var children: [BenchChild]

    init() {}
}

final class BenchChild: Model, @unchecked Sendable {
    static let schema = "bench_children"

    @ID(custom: "id", generatedBy: .user) var id: Int32?
    @Parent(key: "parent_id") var parent: BenchParent
    @Field(key: "label") var label: String
    @Field(key: "position") var position: Int32

    init() {}
}
