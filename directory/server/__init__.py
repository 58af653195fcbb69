"""The directory server's files: build from ldif/, run slapd, check a server, the `seres directory` commands."""
