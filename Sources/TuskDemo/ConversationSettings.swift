/// The `swift_type:` that schema.yaml names for `conversations.settings` (jsonb).
public struct ConversationSettings: Codable, Hashable, Sendable {
    public var temperature: Double
    public var model: String

    public init(temperature: Double, model: String) {
        self.temperature = temperature
        self.model = model
    }
}
