/// The session as commands see it: profiles, the current one and its credentials. Implemented in
/// `CRMClient`; the commands never see tokens except to store what the user typed.
public protocol SessionContext: AnyObject, Sendable {
    /// The current profile's name (`demo`, `prod`, …).
    var profileName: String { get }
    /// The current profile's safety class: `demo`, `staging` or `prod`.
    var safetyClass: String { get }
    /// One record per profile: name, class, URLs, whether tokens are set (never the tokens).
    func listProfiles() -> [Value]
    /// The profile `name` (current when nil) with tokens masked.
    func showProfile(_ name: String?) throws -> Value
    /// Makes `name` current.
    func useProfile(_ name: String) throws
    /// Adds or replaces a profile from a record of the fields `profile add` takes; saves config.
    func addProfile(_ name: String, fields: Record) throws
    /// Stores a Chat-Tonic login result (token, codename) in the session (and config if asked).
    func setChattonicLogin(token: String, codename: String?, persist: Bool) throws
    /// Sets a token for `api` in the session (and config if asked).
    func setToken(_ token: String, for api: API, persist: Bool) throws
    /// Sets the Chat-Tonic app token (archives) in the session (and the config if `persist`).
    func setAppToken(_ token: String, persist: Bool) throws
    /// Who and where: profile, class, base URLs, codename, which tokens are set.
    func whoami() -> Value
}
