// The CRMBuiltins module; see its files.
