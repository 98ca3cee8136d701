import Foundation

/// The premises crm's exactly-once read-back stands on, each of which the sandbox can break on
/// purpose (docs/sandbox.md, "Breaking the read-back's premises"): a send is listed at once, newest
/// first, with the type and text it was sent with; an order carries `updatedAt`; the server's clock
/// agrees with ours; a write answered 5xx or not at all may still have been applied. The options
/// live in `SandboxOptions`; this type holds their value sets and the pure rules behind them.
public enum SandboxPremises {
    /// The order of chat message lists (`--history-order`).
    public enum HistoryOrder: String, Sendable, CaseIterable {
        /// Newest first, as the v1 page shows (the default).
        case newestFirst = "newest-first"
        /// Oldest first: the page of the newest messages is the last one.
        case oldestFirst = "oldest-first"
    }

    /// How an API send's text is stored in the chat history (`--stored-text`).
    public enum StoredText: String, Sendable, CaseIterable {
        /// As sent (the default).
        case exact
        /// Leading and trailing whitespace removed.
        case trimmed
        /// HTML-escaped: `&`, `<`, `>`, `"` and `'`.
        case html
        /// Every `\n` stored as `\r\n`.
        case crlf

        /// The text as this mode stores it.
        func store(_ text: String) -> String {
            switch self {
            case .exact: return text
            case .trimmed: return text.trimmingCharacters(in: .whitespacesAndNewlines)
            case .html:
                var out = ""
                for ch in text {
                    switch ch {
                    case "&": out += "&amp;"
                    case "<": out += "&lt;"
                    case ">": out += "&gt;"
                    case "\"": out += "&quot;"
                    case "'": out += "&#39;"
                    default: out.append(ch)
                    }
                }
                return out
            case .crlf:
                // "\r\n" is one Character in Swift, so a text that already has it is left alone.
                return String(text.flatMap { $0 == "\n" ? Array("\r\n") : [$0] })
            }
        }
    }

    /// The status codes of `--fault-after-write` (the slow case is drawn apart), and of `--fault-5xx`
    /// with 500 first: the one list both draw from.
    static let gatewayCodes = [502, 503, 504]

    /// What one `--fault-after-write` draw decided for an applied write.
    enum AfterWrite: Equatable {
        /// Answer this 5xx instead of the handler's reply.
        case status(Int)
        /// Answer the handler's reply, but only after the configured delay.
        case slow
    }

    /// Maps one draw of the fault generator to the fault: one case in four slow, else 502/503/504.
    static func afterWrite(_ draw: UInt64) -> AfterWrite {
        draw % 4 == 0 ? .slow : .status(gatewayCodes[Int((draw >> 2) % UInt64(gatewayCodes.count))])
    }
}

extension SandboxWorld {
    /// The server's clock in milliseconds: real time plus `--clock-skew`. Every date the sandbox
    /// stamps on a new or changed record reads this, never `SandboxClock.nowMs()` directly.
    func clockMs() -> Int64 {
        SandboxClock.nowMs() + Int64(options.clockSkewSeconds) * 1000
    }

    /// True when a stored message may be listed now: `--history-lag` holds an API send back until
    /// that much real (monotonic) time has passed since it was applied.
    static func isVisible(_ m: MessageRecord, now: Double) -> Bool {
        m.visibleAt <= now
    }
}
