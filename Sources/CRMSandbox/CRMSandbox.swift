// The CRMSandbox module; see its files.
