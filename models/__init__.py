"""SERES message models: import SERES XSDs, hold them in memory, generate XSDs again.

Pure Python: no Flask, no LDAP. Messages are English; every error and warning also has a
stable ``code`` and ``params`` for a web layer to translate.
"""
