import Foundation
import Testing
@testable import TuskSchema

/// Damaged variants of the root schema never crash the loader: each either loads or throws a
/// `SchemaError` whose diagnostics point inside the file.
@Suite struct MutationTests {
    /// A small deterministic generator (SplitMix64), so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func damagedSchemasGetDiagnosticsNotCrashes() throws {
        let original = try String(contentsOf: RootSchemaTests.rootURL, encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let fragments = ["", "?", ": ", "[", "]", "{", "}", "- ", "*uuid_key", "<<: *created_at", "null", "''", "\t", "x", "0", "true", "&a ", "varchar(0)", "vector", "é"]
        var rng = SplitMix(state: 42)
        var failures = 0
        for _ in 0..<400 {
            var copy = lines
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let i = Int.random(in: 0..<copy.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: copy.remove(at: i)
                case 1: copy.insert(copy[Int.random(in: 0..<copy.count, using: &rng)], at: i)
                case 2:
                    var chars = Array(copy[i])
                    if !chars.isEmpty { chars.remove(at: Int.random(in: 0..<chars.count, using: &rng)) }
                    copy[i] = String(chars)
                default:
                    var chars = Array(copy[i])
                    let fragment = fragments.randomElement(using: &rng)!
                    chars.insert(contentsOf: fragment, at: Int.random(in: 0...chars.count, using: &rng))
                    copy[i] = String(chars)
                }
            }
            let text = copy.joined(separator: "\n")
            do {
                _ = try SchemaLoader.parse(yaml: text, fileName: "schema.yaml")
            } catch let error as SchemaError {
                failures += 1
                if ProcessInfo.processInfo.environment["TUSK_SHOW"] != nil { print(error.description) }
                #expect(!error.diagnostics.isEmpty)
                for d in error.diagnostics {
                    #expect(d.line >= 1 && d.line <= copy.count + 1 && d.column >= 1, "\(d) for:\n\(text)")
                }
            }
        }
        #expect(failures > 100)
    }
}
