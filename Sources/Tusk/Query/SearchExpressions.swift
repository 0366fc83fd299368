import Foundation

// Arrays, pgvector and JSONB: operators PostgreSQL indexes (GIN, HNSW) serve.

/// Array values: `[T]` and `[T]?` columns get `contains`, `overlaps` and `any`.
public protocol ArrayValue {
    associatedtype Element
}
extension Array: ArrayValue {}
extension Optional: ArrayValue where Wrapped: ArrayValue {
    public typealias Element = Wrapped.Element
}

extension SQLExpression where Value: ArrayValue, Value.Element: PostgresEncodable {
    /// `@> $n`: the array holds every one of `values`.
    public func contains(_ values: [Value.Element]) -> Predicate { compare("@>", values) }
    /// `&& $n`: the arrays share an element.
    public func overlaps(_ values: [Value.Element]) -> Predicate { compare("&&", values) }
    /// `$n = ANY(column)`: the array holds `element`.
    public func any(_ element: Value.Element) -> Predicate {
        Predicate(SQLFragment(binding: PostgresBinding(element)) + SQLFragment(" = ANY(") + sqlFragment + SQLFragment(")"))
    }
}

/// pgvector values: `PostgresVector` and `PostgresVector?` columns.
public protocol VectorValue {}
extension PostgresVector: VectorValue {}
extension Optional: VectorValue where Wrapped == PostgresVector {}

extension SQLExpression where Value: VectorValue {
    func distance(_ sqlOperator: String, _ vector: PostgresVector) -> Expression<Double> {
        Expression(SQLFragment("(") + sqlFragment + SQLFragment(" \(sqlOperator) ") + SQLFragment(binding: PostgresBinding(vector)) + SQLFragment(")"))
    }

    /// `<=>`: cosine distance (0 same direction, 2 opposite). Served by `vector_cosine_ops` indexes.
    public func cosineDistance(to vector: PostgresVector) -> Expression<Double> { distance("<=>", vector) }
    /// `<->`: Euclidean distance. Served by `vector_l2_ops` indexes.
    public func l2Distance(to vector: PostgresVector) -> Expression<Double> { distance("<->", vector) }
    /// `<#>`: the negative inner product, as pgvector orders it (smaller is more similar).
    /// Served by `vector_ip_ops` indexes.
    public func negativeInnerProduct(to vector: PostgresVector) -> Expression<Double> { distance("<#>", vector) }
    /// The inner product (`(column <#> $n) * -1`); order by `negativeInnerProduct` to use an index.
    public func innerProduct(to vector: PostgresVector) -> Expression<Double> {
        Expression(distance("<#>", vector).sqlFragment + SQLFragment(" * -1"))
    }
}

/// JSON values: `PostgresJSON` columns, typed `swift_type:` jsonb columns (the generated code
/// conforms the type) and `PostgresJSONCodable` types; optional or not.
public protocol JSONValue {}
extension PostgresJSON: JSONValue {}
extension Optional: JSONValue where Wrapped: JSONValue {}

extension SQLExpression where Value: JSONValue {
    /// `@> $n`: the document contains `json` (served by GIN indexes).
    public func contains(_ json: PostgresJSON) -> Predicate { compare("@>", json) }
    /// `@> $n` with `value` encoded as JSON: `$0.metadata.contains(["kind": "pdf"])`.
    /// (A value JSONEncoder cannot encode, such as a NaN, matches nothing.)
    public func contains<Document: Encodable>(_ value: Document) -> Predicate {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let json = try? PostgresJSON(encoding: value, encoder: encoder) else { return .never }
        return compare("@>", json)
    }
    /// `? $n`: the top-level object has `key` (served by GIN indexes).
    public func hasKey(_ key: String) -> Predicate { compare("?", key) }
    /// `->> $n`: the field's value as text (NULL when missing).
    public subscript(key: String) -> Expression<String?> {
        Expression(SQLFragment("(") + sqlFragment + SQLFragment(" ->> ") + SQLFragment(binding: PostgresBinding(key)) + SQLFragment(")"))
    }

    /// `#>> $n`: the value at a path of keys (`["author", "name"]`) as text.
    public subscript(path path: [String]) -> Expression<String?> {
        Expression(SQLFragment("(") + sqlFragment + SQLFragment(" #>> ") + SQLFragment(binding: PostgresBinding(path)) + SQLFragment(")"))
    }
}

extension Expression where Value == String? {
    /// The text cast to a typed value: `$0.metadata["pages"].as(Int64.self) > 10`.
    public func `as`(_ type: Int64.Type) -> Expression<Int64?> { cast("bigint") }
    public func `as`(_ type: Int32.Type) -> Expression<Int32?> { cast("integer") }
    public func `as`(_ type: Double.Type) -> Expression<Double?> { cast("double precision") }
    public func `as`(_ type: Bool.Type) -> Expression<Bool?> { cast("boolean") }
    public func `as`(_ type: Decimal.Type) -> Expression<Decimal?> { cast("numeric") }
}
