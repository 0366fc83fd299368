/// Type names that a generated table or enum type would shadow in the user's module. The
/// generated code itself qualifies every such name (`Swift.String`), but the app's own code
/// would silently mean the generated type: a table `tasks` becomes `Task`, and `Task.sleep`
/// in the app stops compiling.
enum ShadowedSwiftNames {
    static let standardLibrary: Set<String> = [
        // Swift and Concurrency
        "Task", "Result", "Error", "Never", "Optional", "Array", "Set", "Dictionary", "String",
        "Character", "Int", "Double", "Float", "Bool", "Range", "Sequence", "Collection", "Duration",
        "Clock", "Actor", "Sendable", "Identifiable", "Hashable", "Equatable", "Codable", "Mirror",
        "Unicode", "Substring", "AsyncStream", "AsyncSequence", "TaskGroup", "TaskPriority",
        "Continuation", "Executor", "SerialExecutor", "MainActor", "Void", "Any", "Type", "Protocol",
        // Foundation
        "Data", "Date", "URL", "UUID", "Decimal", "Locale", "Calendar", "TimeZone", "Notification",
        "Operation", "OperationQueue", "Process", "Thread", "Timer", "Bundle", "Progress", "Measurement",
        "Unit", "Host", "Port", "Stream", "Scanner", "Expression", "Predicate", "IndexSet", "IndexPath",
        "Formatter", "FileManager", "URLRequest", "URLSession", "JSONEncoder", "JSONDecoder", "NSLock",
        "DateComponents", "DateInterval", "CharacterSet", "AttributedString", "PersonNameComponents",
    ]

    /// The warning for a derived (not `swift_name:`-chosen) type name, or nil.
    static func warning(for swiftName: String, of what: String, chosen: Bool) -> String? {
        guard !chosen, standardLibrary.contains(swiftName) else { return nil }
        return "\(what) becomes the Swift type '\(swiftName)', which shadows the standard library's or Foundation's \(swiftName) in your module (code such as \(swiftName == "Task" ? "Task.sleep" : swiftName + "(...)") would stop compiling or mean the generated type); set swift_name: (e.g. \(swiftName)Record)"
    }
}
