// The CRMShell module; see its files.
