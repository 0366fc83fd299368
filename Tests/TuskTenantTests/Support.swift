import Foundation
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// This target's schema.yaml as the SQL that creates it.
let tenantSchemaSQL: String = {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("schema.yaml")
    do {
        return SchemaDDL.createScript(for: try SchemaLoader.load(file: file))
    } catch {
        return "DO $$ BEGIN RAISE EXCEPTION 'schema.yaml does not load: %', \(SQLText.literal("\(error)")); END $$;"
    }
}()
