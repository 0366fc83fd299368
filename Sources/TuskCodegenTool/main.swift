// tusk-codegen SCHEMA OUTPUT_DIR [GENERATED_DIR]
//
// The tool the TuskGenerator build plugin runs: schema.yaml -> Swift files in OUTPUT_DIR.
// Pure: no database, no network. Files are rewritten only when their bytes change.
// Exit status 0 on success, 1 on a schema problem (printed on stderr, one per line).
import Foundation
import TuskCodegen

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2 || arguments.count == 3, !arguments.contains(where: { $0 == "-h" || $0 == "--help" }) else {
    FileHandle.standardError.write(Data("""
        usage: tusk-codegen SCHEMA OUTPUT_DIR [GENERATED_DIR]
          Generates Swift for the tables and enums of SCHEMA (a schema.yaml) into OUTPUT_DIR:
          \(CodeGenerator.outputFileNames.joined(separator: ", ")).
          With GENERATED_DIR (a Generated/ folder), also \(MigrationEmbedding.fileName), embedding
          GENERATED_DIR/Migrations/*.sql and tusk.sum for db.migrate().

        """.utf8))
    exit(arguments.count == 1 && (arguments[0] == "-h" || arguments[0] == "--help") ? 0 : 1)
}
let schemaFile = URL(fileURLWithPath: arguments[0])
do {
    try SchemaFileGeneration.run(
        schemaFile: schemaFile, outputDirectory: URL(fileURLWithPath: arguments[1]),
        generatedDirectory: arguments.count == 3 ? URL(fileURLWithPath: arguments[2]) : nil,
        warn: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
} catch {
    let lines = SchemaFileGeneration.errorLines(for: error, schemaFile: schemaFile)
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    exit(1)
}
