/// The `swift_type:` that schema.yaml names for `conversations.settings` (jsonb): any Codable,
/// Hashable, Sendable type in the target that applies the plugin.
public struct ConversationSettings: Codable, Hashable, Sendable {
    public var temperature: Double
    public var model: String

    public init(temperature: Double, model: String) {
        self.temperature = temperature
        self.model = model
    }
}
