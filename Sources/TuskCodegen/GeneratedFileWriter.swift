import Foundation

/// Writes generated files, leaving a file untouched when its bytes are already right, so its
/// modification time stays and the build does not recompile what did not change.
public enum GeneratedFileWriter {
    /// Returns the names of the files it wrote.
    @discardableResult
    public static func write(_ files: [GeneratedFile], to directory: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [String] = []
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            let bytes = Data(file.contents.utf8)
            if let existing = try? Data(contentsOf: url), existing == bytes { continue }
            try bytes.write(to: url, options: .atomic)
            written.append(file.name)
        }
        return written
    }
}
