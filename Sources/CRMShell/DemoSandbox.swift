import CRMClient
import CRMCore
import CRMSandbox

/// The in-process sandbox behind `crm --demo`: started on a free loopback port, registered as the
/// built-in `demo` profile (class demo, never written to the config file).
final class DemoSandbox: @unchecked Sendable {
    // @unchecked: `server` is immutable and itself Sendable; the class only groups start/stop.
    let server: SandboxServer

    private init(server: SandboxServer) { self.server = server }

    static func start(session: Session, options: SandboxOptions = SandboxOptions()) throws -> DemoSandbox {
        let server = SandboxServer(options: options)
        if let failure = startServer(server) { throw DemoError(message: failure) }
        session.registerDemoProfile(
            leelooURL: server.leelooBaseURL, chattonicURL: server.chattonicBaseURL,
            leelooToken: options.leelooToken, chattonicToken: options.chattonicToken,
            appToken: options.chattonicAppToken, codename: options.codename)
        return DemoSandbox(server: server)
    }

    func stop() { Self.stopServer(server) }

    /// Starts `server` from synchronous code; the error text when it could not bind.
    static func startServer(_ server: SandboxServer) -> String? {
        Blocking.run(
            {
                do {
                    try await server.start()
                    return nil
                } catch {
                    return String(describing: error)
                }
            }, interruptible: false)
    }

    /// Stops `server` from synchronous code.
    static func stopServer(_ server: SandboxServer) {
        let _: Bool = Blocking.run(
            {
                await server.stop()
                return true
            }, interruptible: false)
    }

    struct DemoError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
