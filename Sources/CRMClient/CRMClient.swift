// The CRMClient module; see its files.
