import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Tusk
import TuskDev
import TuskSchema

// tusk-studio: the web application behind `tusk studio` (docs/studio.md).

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    exit(1)
}

let options: StudioOptions
do { options = try StudioOptions.parse(Array(CommandLine.arguments.dropFirst())) } catch { fail("\(error)") }

let schema: Schema
do {
    let (loaded, warnings) = try SchemaLoader.loadReportingWarnings(file: URL(fileURLWithPath: options.schema))
    for warning in warnings { FileHandle.standardError.write(Data((warning.description + "\n").utf8)) }
    schema = loaded
} catch {
    fail("\(error)")
}

// The database: --database-url, else DATABASE_URL / PG*, else the local development server
// (a studio is a development tool: the local server even in a release build).
let db: Database
do {
    let environment = ProcessInfo.processInfo.environment
    if let url = options.databaseURL {
        db = try await Database.connect(try PostgresConfiguration(url))
    } else if DatabaseChoice.choose(environment: environment, debugBuild: true) == .connectionSettings {
        db = try await Database.connect(try PostgresConfiguration.fromEnvironment(environment))
    } else {
        let server = try await DevDatabase.start(directory: DevDatabase.defaultDirectory(environment: environment))
        db = try await Database.connect(try PostgresConfiguration(server.url))
    }
} catch {
    fail("cannot connect to the database: \(error)")
}

let access = StudioAccess(token: StudioAccess.randomToken())
let studio = StudioApp(
    db: db, schema: schema, access: access, readOnly: options.readOnly,
    generatedDirectory: URL(fileURLWithPath: options.generated))
var logger = Logger(label: "tusk-studio")
logger.logLevel = .warning
let application = Application(
    responder: StudioResponder(app: studio),
    configuration: .init(address: .hostname(options.host, port: options.port), serverName: "tusk-studio"),
    services: [db],
    onServerRunning: { channel in
        let port = channel.localAddress?.port ?? options.port
        let mode = options.readOnly ? " (read-only)" : ""
        FileHandle.standardOutput.write(Data("Tusk Studio\(mode): http://\(options.host):\(port)/?token=\(access.token)\n".utf8))
    },
    logger: logger)
do {
    try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
} catch {
    fail("\(error)")
}
