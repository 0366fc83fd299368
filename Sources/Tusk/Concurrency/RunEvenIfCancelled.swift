/// Runs cleanup that must happen even when the calling task is cancelled (releasing a lock,
/// recording a job's outcome): an unstructured task does not inherit the caller's
/// cancellation, and awaiting it keeps the order of statements. Shared by the runtime and the
/// migrator (`package`).
package func runEvenIfCancelled(_ body: @escaping @Sendable () async -> Void) async {
    await Task { await body() }.value
}
