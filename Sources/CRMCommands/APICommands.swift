import CRMCore

/// Every API command of crm: Leeloo v2 and v1, Chat-Tonic, raw requests and the session.
public enum APICommands {
    /// All API, raw and session commands, in help order.
    public static func commands() -> [Command] {
        PeopleCommands.commands() + TagCommands.commands() + TemplateCommands.commands()
            + SendCommands.commands() + ChannelCommands.commands() + OrderCommands.commands()
            + TunnelCommands.commands() + UserCommands.commands() + LeelooV1Commands.commands()
            + ChattonicLeadCommands.commands() + [FunnelCommand.command] + ChattonicArchiveCommands.commands()
            + TailCommands.commands()
            + RawRequestCommands.commands() + SessionCommands.commands() + [DoctorCommand.command]
    }

    /// Every endpoint some command declares (each once), for the coverage test against the
    /// sandbox's routes.
    public static let endpointsCovered: [EndpointSpec] = {
        var seen = Set<EndpointSpec>()
        return commands().flatMap(\.spec.endpoints).filter { seen.insert($0).inserted }
    }()
}
