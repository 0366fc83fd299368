/// Swift names derived from SQL names: tables become singular UpperCamel types (`memory_objects`
/// -> `MemoryObject`), columns and enum values lowerCamel (`password_hash` -> `passwordHash`,
/// `WORKING` -> `working`), enum types UpperCamel (`job_status` -> `JobStatus`).
/// Swift keywords are kept: the generated code escapes them with backticks.
public enum SwiftNames {
    public static func typeName(forTable table: String) -> String {
        var words = self.words(table)
        if let last = words.popLast() { words.append(singular(last)) }
        return upperCamel(words)
    }

    public static func typeName(forEnum name: String) -> String { upperCamel(words(name)) }

    public static func propertyName(_ name: String) -> String {
        let w = words(name)
        guard let first = w.first else { return "_" }
        return identifier(lowerFirst(first) + capitalized(Array(w.dropFirst())))
    }

    /// The to-one relation a single-column foreign key gets: the column without `_id`
    /// (`author_id` -> `author`), else the referenced table's type in lowerCamel.
    public static func belongsToRelationName(column: String, targetSwiftName: String) -> String {
        column.hasSuffix("_id") && column.count > 3 ? propertyName(String(column.dropLast(3))) : lowerFirst(targetSwiftName)
    }

    /// Whether `name` can be used as a Swift identifier (with backticks for keywords).
    public static func isValidIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
    }

    /// English singular of a plural word, for the common plural forms table names use.
    public static func singular(_ word: String) -> String {
        let lower = word.lowercased()
        if let irregular = irregularSingulars[lower] { return matchCase(irregular, like: word) }
        if invariant.contains(lower) || lower.count < 3 { return word }
        if lower.hasSuffix("ies") { return String(word.dropLast(3)) + (word.last!.isUppercase ? "Y" : "y") }
        for suffix in ["sses", "shes", "ches", "xes", "zzes", "uses"] where lower.hasSuffix(suffix) {
            return String(word.dropLast(2))
        }
        if lower.hasSuffix("ss") || lower.hasSuffix("us") || lower.hasSuffix("is") { return word }
        if lower.hasSuffix("s") { return String(word.dropLast()) }
        return word
    }

    /// English plural of a singular word, for naming to-many relations after singular table
    /// names (`rental` -> `rentals`, `category` -> `categories`, `person` -> `people`).
    public static func plural(_ word: String) -> String {
        let lower = word.lowercased()
        if let irregular = irregularPlurals[lower] { return matchCase(irregular, like: word) }
        if invariant.contains(lower) { return word }
        let beforeLast = lower.dropLast().last
        if lower.hasSuffix("y"), let beforeLast, !"aeiou".contains(beforeLast) { return String(word.dropLast()) + "ies" }
        if lower.hasSuffix("is") && lower.count > 3 { return String(word.dropLast(2)) + "es" }
        for suffix in ["s", "x", "z", "ch", "sh"] where lower.hasSuffix(suffix) { return word + "es" }
        return word + "s"
    }

    /// `FilmActor` -> `FilmActors`, `SalesPerson` -> `SalesPeople`: the last UpperCamel word pluralized.
    public static func pluralLastWord(_ camelName: String) -> String {
        let start = camelName.lastIndex(where: \.isUppercase) ?? camelName.startIndex
        return camelName[..<start] + plural(String(camelName[start...]))
    }

    /// Whether a table name reads as plural (`rentals`, `people`, `series`): its last word's
    /// singular differs from it, or it is one of the words that are their own plural.
    public static func isPlural(tableName: String) -> Bool {
        guard let last = words(tableName).last else { return false }
        return singular(last) != last || invariant.contains(last.lowercased())
    }

    private static let irregularPlurals: [String: String] = [
        "person": "people", "child": "children", "man": "men", "woman": "women", "mouse": "mice",
        "goose": "geese", "tooth": "teeth", "foot": "feet", "criterion": "criteria", "phenomenon": "phenomena",
        "leaf": "leaves", "life": "lives", "knife": "knives", "wife": "wives", "half": "halves",
        "shelf": "shelves", "wolf": "wolves", "calf": "calves", "thief": "thieves",
        "hero": "heroes", "potato": "potatoes", "tomato": "tomatoes", "echo": "echoes", "veto": "vetoes",
        "quiz": "quizzes", "ox": "oxen", "index": "indexes", "matrix": "matrices", "vertex": "vertices",
    ]

    private static let irregularSingulars: [String: String] = [
        "people": "person", "children": "child", "men": "man", "women": "woman", "mice": "mouse",
        "geese": "goose", "teeth": "tooth", "feet": "foot", "movies": "movie", "cookies": "cookie",
        "indices": "index", "matrices": "matrix", "vertices": "vertex", "criteria": "criterion",
        "analyses": "analysis", "crises": "crisis", "theses": "thesis", "statuses": "status",
        "aliases": "alias", "buses": "bus", "databases": "database", "responses": "response",
        "releases": "release", "purchases": "purchase", "cases": "case", "courses": "course",
        "houses": "house", "licenses": "license", "expenses": "expense", "phases": "phase",
        "bases": "base", "uses": "use", "causes": "cause", "pauses": "pause",
    ]
    private static let invariant: Set<String> = [
        "series", "species", "news", "data", "metadata", "info", "media", "sheep", "fish",
        "staff", "personnel", "equipment", "feedback", "information", "software", "hardware", "furniture",
    ]

    /// Splits `memory_objects`, `needs-review`, `WORKING` into words; all-caps words are lowercased.
    static func words(_ name: String) -> [String] {
        name.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " || $0 == "." })
            .map { word in
                let s = String(word)
                return s.contains(where: \.isLowercase) ? s : s.lowercased()
            }
    }

    static func upperCamel(_ words: [String]) -> String { identifier(capitalized(words)) }

    private static func capitalized(_ words: [String]) -> String {
        words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func lowerFirst(_ word: String) -> String { word.prefix(1).lowercased() + word.dropFirst() }

    /// Prefixes `_` when the name would start with a digit or is empty.
    private static func identifier(_ name: String) -> String {
        guard let first = name.unicodeScalars.first else { return "_" }
        return first.properties.isXIDStart || first == "_" ? name : "_" + name
    }

    private static func matchCase(_ word: String, like original: String) -> String {
        original.first?.isUppercase == true ? word.prefix(1).uppercased() + word.dropFirst() : word
    }
}
