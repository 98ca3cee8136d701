import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// `--clock-skew`: rewrites the `Date` header of every answer to the server's skewed clock.
/// Hummingbird stamps `Date` from the real clock after the responder returns, so the rewrite has to
/// happen below it, in the channel pipeline (installed only when the skew is not 0).
final class SandboxDateSkew: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Milliseconds added to real time.
    let skewMs: Int64

    init(skewSeconds: Int) {
        skewMs = Int64(skewSeconds) * 1000
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        head.headerFields[.date] = SandboxClock.httpDate(SandboxClock.nowMs() + skewMs)
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }
}
