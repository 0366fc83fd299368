import Testing
import TuskSchema

/// `job_kinds:` in the schema language: the kinds, their defaults, the tusk_jobs table they bring.
@Suite struct JobKindTests {
    @Test func kindsAreReadWithDefaultsAndBringTheQueueTable() throws {
        let schema = try SchemaLoader.parse(yaml: """
            job_kinds:
              send_email: { payload: Email }
              embed_document: { payload: EmbedDocument, queue: embeddings, priority: 5, max_attempts: 3, backoff: { base: 0.5, max: 60 } }
            tables:
              users:
                columns:
                  id: { type: integer, primary_key: true }
            """, fileName: "schema.yaml")
        #expect(schema.jobKinds == [
            JobKindDeclaration(name: "embed_document", swiftName: "EmbedDocumentJob", payloadType: "EmbedDocument", queue: "embeddings",
                               priority: 5, maxAttempts: 3, backoffBaseSeconds: 0.5, backoffMaxSeconds: 60),
            JobKindDeclaration(name: "send_email", swiftName: "SendEmailJob", payloadType: "Email"),
        ])
        let jobs = try #require(schema.table(named: "tusk_jobs"))
        #expect(jobs.primaryKey?.name == "tusk_jobs_pkey")
        #expect(jobs.checks.map(\.name) == ["tusk_jobs_state_check"])
        #expect(jobs.indexes.map(\.name).sorted() == ["tusk_jobs_claim_idx", "tusk_jobs_unique_key_idx"])
    }

    @Test func mistakesAreLocated() {
        let yaml = """
            job_kinds:
              send_email: { queue: mail }
              resize: { payload: Resize, max_attempts: 0, backof: {} }
            tables:
              tusk_jobs:
                columns:
                  id: { type: integer, primary_key: true }
            """
        #expect {
            try SchemaLoader.parse(yaml: yaml, fileName: "schema.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("schema.yaml:2:3: error: job kind 'send_email' needs 'payload'")
                && text.contains("schema.yaml:3:44: error: 'max_attempts' of job kind 'resize' must be at least 1")
                && text.contains("schema.yaml:3:47: error: unknown key 'backof' in job kind 'resize'; did you mean 'backoff'?")
                && text.contains("schema.yaml:5:3: error: table 'tusk_jobs' is reserved for the job queue")
        }
    }
}
