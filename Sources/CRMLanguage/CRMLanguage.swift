// The CRMLanguage module; see its files.
