import Foundation

/// Scratch directories for file-system tests.
enum FileManagerTemp {
    static func make() -> String {
        let path = NSTemporaryDirectory() + "crm-editor-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func mkdir(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
}
