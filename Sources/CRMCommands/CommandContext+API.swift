import CRMCore

/// The advice shown whenever a command needs credentials that are not there.
let noCredentialsHelp = "Run `profile add …`, set CRM_LEELOO_TOKEN, or start with `crm --demo`."

extension CommandContext {
    /// The API transport, or an `auth.missing-token` error with advice.
    func requireAPI() throws -> any APIService {
        guard let api else {
            throw CRMError(
                "auth.missing-token", "No API credentials are configured for this session.", at: location,
                help: noCredentialsHelp, exit: .auth)
        }
        return api
    }

    /// The session, or a `session.none` error with advice.
    func requireSession() throws -> any SessionContext {
        guard let session else {
            throw CRMError(
                "session.none", "This shell has no session with profiles.", at: location, help: noCredentialsHelp,
                exit: .auth)
        }
        return session
    }
}
