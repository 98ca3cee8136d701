// The CRMCommands module; see its files.
