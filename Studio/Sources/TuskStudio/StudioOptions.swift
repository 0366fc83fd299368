import Foundation

/// `tusk-studio [--schema schema.yaml] [--generated Generated] [--database-url URL] [--host 127.0.0.1] [--port N] [--read-only]`
/// (`tusk studio` passes these through).
struct StudioOptions {
    var schema = "schema.yaml"
    var generated = "Generated"
    var databaseURL: String?
    var host = "127.0.0.1"
    /// 0: any free port (the printed URL names it).
    var port = 4983
    var readOnly = false

    static let usage = """
        usage: tusk-studio [--schema schema.yaml] [--generated Generated] [--database-url URL] [--host 127.0.0.1] [--port 4983] [--read-only]
          With no --database-url: DATABASE_URL or the PG* variables, else the local development database (.tusk/dev).
          Prints http://HOST:PORT/?token=…: the token is required (cookie after the first visit).
        """

    struct Problem: Error, CustomStringConvertible { var description: String }

    static func parse(_ arguments: [String]) throws -> StudioOptions {
        var options = StudioOptions()
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst() else { throw Problem(description: "\(flag) needs a value") }
            return next
        }
        while let argument = rest.popFirst() {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0].hasPrefix("--") { rest.insert(parts[1], at: rest.startIndex) }
            switch parts[0] {
            case "--schema": options.schema = try value(argument)
            case "--generated": options.generated = try value(argument)
            case "--database-url": options.databaseURL = try value(argument)
            case "--host": options.host = try value(argument)
            case "--port":
                let text = try value(argument)
                guard let port = Int(text), (0...65535).contains(port) else { throw Problem(description: "--port \(text): not a port number") }
                options.port = port
            case "--read-only": options.readOnly = true
            case "-h", "--help": throw Problem(description: usage)
            default: throw Problem(description: "unknown argument \(argument)\n" + usage)
            }
        }
        return options
    }
}
