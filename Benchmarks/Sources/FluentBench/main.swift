import BenchCore
import FluentKit
import FluentPostgresDriver
import Foundation
import Logging
import NIOCore
import NIOPosix

// The ORM peer: vapor/fluent-kit 1.57 with fluent-postgres-driver 2.14 (over PostgresNIO),
// without Vapor, as a service using Fluent directly sets it up. The `orm` scenario is the same
// three jobs as tusk-bench's (Sources/TuskBench/ORM.swift): a point select by primary key into a
// model, 100,000 rows into models, and 1,000 parents with their children loaded eagerly.

let arguments = BenchArguments.parse()

func runORM() async throws {
    var logger = Logger(label: "fluent-bench")
    logger.logLevel = .warning
    let eventLoops = MultiThreadedEventLoopGroup.singleton
    let databases = Databases(threadPool: NIOThreadPool.singleton, on: eventLoops)
    let configuration = SQLPostgresConfiguration(
        unixDomainSocketPath: arguments.socketPath, username: arguments.user, database: arguments.database)
    databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 1), as: .psql)
    // One event loop, so one connection: the same pool of one as tusk-bench's.
    guard let db = databases.database(.psql, logger: logger, on: eventLoops.next()) else { die("no database") }

    try await runORMScenario(
        "fluent", finds: max(1, arguments.count),
        find: { id in try await Account.find(id, on: db) != nil },
        fetchRows: { try await BenchRow.query(on: db).all().count },
        eagerLoad: {
            let parents = try await BenchParent.query(on: db).with(\.$children).all()
            return LoadChecksum(parents.map { parent in
                (parent.id ?? 0, parent.children.map { ($0.id ?? 0, $0.$parent.id) })
            })
        })
    await databases.shutdownAsync()
}

switch arguments.scenario {
case "orm": try await runORM()
default: die("unknown scenario \(arguments.scenario) (orm)")
}
