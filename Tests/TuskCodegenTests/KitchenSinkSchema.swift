import TuskSchema

/// A schema built in code with every SQL type, keyword names, and each kind of default, so the
/// generator is exercised independently of the YAML loader.
enum KitchenSinkSchema {
    static func make(access: SwiftOptions.AccessLevel = .internal) -> Schema {
        let mood = EnumType(name: "mood", swiftName: "Mood", values: [
            EnumValue(name: "happy", swiftName: "happy"),
            EnumValue(name: "SO_SO", swiftName: "soSo"),
            EnumValue(name: "default", swiftName: "default"),
        ], comment: "How it \"feels\"")
        func column(_ name: String, _ swiftName: String? = nil, type: SQLType, nullable: Bool = false,
                    default value: ColumnDefault? = nil, identity: IdentityGeneration? = nil,
                    comment: String? = nil, swiftType: String? = nil) -> Column {
            Column(name: name, swiftName: swiftName ?? name, type: type, isNullable: nullable, defaultValue: value,
                   identity: identity, comment: comment, swiftType: swiftType)
        }
        let things = Table(name: "things", swiftName: "Thing", comment: "Every type\nand a second line", columns: [
            column("id", type: .bigint, identity: .always),
            column("small", type: .smallint),
            column("regular", type: .integer, identity: .byDefault),
            column("real_value", "realValue", type: .real),
            column("double_value", "doubleValue", type: .doublePrecision),
            column("amount", type: .numeric(precision: 3, scale: 2), default: .literal("0.50")),
            column("flag", type: .boolean, default: .literal("false")),
            column("body", type: .text, comment: "Free text, \\ and \"quotes\""),
            column("label", type: .varchar(length: 20)),
            column("code", type: .char(length: 4), nullable: true, default: .literal("abcd")),
            column("uid", type: .uuid, default: .sql("gen_random_uuid()")),
            column("day", type: .date),
            column("at_time", "atTime", type: .time),
            column("stamp", type: .timestamp),
            column("stamp_tz", "stampTz", type: .timestamptz, default: .sql("now()")),
            column("span", type: .interval, nullable: true),
            column("bytes", type: .bytea),
            column("doc", type: .json),
            column("docb", type: .jsonb, default: .literal("{}"), swiftType: "Settings"),
            column("address", type: .inet, nullable: true),
            column("mood", type: .enumType("mood"), default: .literal("happy")),
            column("moods", type: .array(.enumType("mood"))),
            column("embedding", type: .vector(dimensions: 3), nullable: true),
            column("tags", type: .array(.text), default: .literal("{}")),
            column("default", type: .boolean),
            column("self", type: .text),
            column("type", type: .text),
            column("in", type: .integer, nullable: true),
        ])
        let empty = Table(name: "nothing_but_ids", swiftName: "NothingButID", columns: [
            column("id", type: .integer, identity: .always),
        ])
        return Schema(enums: [mood], tables: [empty, things], swift: SwiftOptions(access: access))
    }
}
