import Hummingbird
import NIOCore

/// The request context of the sandbox app: Hummingbird's core storage plus the connection's
/// channel, which the reset fault closes to drop a connection mid-request.
struct SandboxContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
