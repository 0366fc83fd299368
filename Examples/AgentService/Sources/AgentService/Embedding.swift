import Tusk

/// A stand-in embedding model: three numbers from the text's bytes, normalised. A real service
/// would call its model here; the job queue around it is the point of the example.
enum Embedding {
    static func of(_ text: String) -> PostgresVector {
        var sums: [Float] = [1, 1, 1]
        for (index, byte) in text.utf8.enumerated() { sums[index % 3] += Float(byte) }
        let length = (sums.map { $0 * $0 }.reduce(0, +)).squareRoot()
        return PostgresVector(sums.map { $0 / length })
    }
}
