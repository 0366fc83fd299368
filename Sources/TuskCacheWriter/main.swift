// tusk-cache-writer CONNECTION TABLE SQL: runs one write through Tusk with cross-process cache
// invalidation on, as another process of an application would (the statement and its
// `pg_notify('tusk_cache', TABLE)` in one transaction), prints the rows it affected and exits.
// A test helper (CrossProcessCacheTests): not a product.
import Foundation
import Tusk

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: tusk-cache-writer CONNECTION TABLE SQL\n".utf8))
    exit(2)
}
let (connection, table, text) = (arguments[1], arguments[2], arguments[3])
do {
    var configuration = try PostgresConfiguration(connection)
    configuration.queryCache.crossProcess = true
    configuration.pool.maxConnections = 1
    let db = try await Database.connect(configuration)
    let affected: Int
    do {
        affected = try await db.run(SQL(text).invalidating(tables: [table]))
    } catch {
        await db.shutdown()
        throw error
    }
    await db.shutdown()
    print(affected)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
