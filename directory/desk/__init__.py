"""The service desk without Flask: the people directory (``people``) and the
audit trail (``audit``), read with the rights of the desk person they act for."""
