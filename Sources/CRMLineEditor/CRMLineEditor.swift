// The CRMLineEditor module; see its files.
