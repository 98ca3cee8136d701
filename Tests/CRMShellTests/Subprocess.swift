import Foundation

/// Runs any program (a shell, `man`) for a test, reading its pipes and waiting on threads of their
/// own, never on a cooperative thread (see PITFALLS).
enum Subprocess {
    struct Result {
        var out: String
        var err: String
        var status: Int32
    }

    /// The full path of `name` on PATH, or nil when it is not installed.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Runs `executable` with `args` in `env` (replacing the environment when given).
    static func run(_ executable: String, _ args: [String], env: [String: String]? = nil, cwd: String? = nil)
        async throws -> Result
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let env { p.environment = env }
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        try p.run()
        return await withCheckedContinuation { c in
            Thread {
                let errDone = DispatchSemaphore(value: 0)
                let errBox = DataBox()
                Thread {
                    errBox.data = err.fileHandleForReading.readDataToEndOfFile()
                    errDone.signal()
                }.start()
                let o = out.fileHandleForReading.readDataToEndOfFile()
                errDone.wait()
                let e = errBox.data
                exited.wait()
                c.resume(
                    returning: Result(
                        out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self),
                        status: p.terminationStatus))
            }.start()
        }
    }
}

private final class DataBox: @unchecked Sendable {
    // @unchecked: written by one thread before a semaphore signal, read after the wait.
    var data = Data()
}
