"""The SERES directory: LDAP access for the register, free of Flask."""
