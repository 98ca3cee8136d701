import CRMBuiltins
import CRMCore
import Foundation
import Testing

/// `save`: exports hold customer data, so a new file is private to its owner, and nothing but the
/// file itself is left in the directory.
@Suite("save files")
struct SaveFileTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crm-save-\(UUID().uuidString)").path

    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// Exports were written 0644 (the umask's default), readable by every user of the machine.
    @Test func aNewExportIsMode0600AndNoTemporaryFileStays() async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/vip.csv"
        _ = try await run("save", [arg(.string(path))], input: .value([["name": "Ann", "phone": "380501112238"]]))
        #expect(try mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "name,phone\nAnn,380501112238\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["vip.csv"])
        // A file replaced keeps the mode its owner gave it.
        chmod(path, 0o640)
        _ = try await run("save", [arg(.string(path)), flag("force")], input: .value([["name": "Bob"]]))
        #expect(try mode(path) == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["vip.csv"])
    }

    /// The temporary copy of an export is removed when crm exits before renaming it into place.
    @Test func registeredTemporaryFilesAreRemovedAtExit() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kept = dir + "/kept.tmp"
        let dropped = dir + "/dropped.tmp"
        for p in [kept, dropped] { #expect(FileManager.default.createFile(atPath: p, contents: Data("x".utf8))) }
        let list = TemporaryFiles()  // not `shared`: its removal at exit is crm's
        list.register(kept)
        list.release(kept)
        list.register(dropped)
        list.removeAll()
        #expect(FileManager.default.fileExists(atPath: kept))
        #expect(!FileManager.default.fileExists(atPath: dropped))
    }
}
