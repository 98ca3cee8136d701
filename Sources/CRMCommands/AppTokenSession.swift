import CRMCore

/// A session that can also hold the Chat-Tonic app token (archives). `SessionContext` has no
/// setter for it, so `set-token app …` needs the session to adopt this protocol too.
public protocol AppTokenSession: SessionContext {
    /// Sets the Chat-Tonic app token in the session (and config if `persist`).
    func setAppToken(_ token: String, persist: Bool) throws
}
