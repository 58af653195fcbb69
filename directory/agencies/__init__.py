"""Agencies (service owners) and their agreements with SERES, in ``ou=agencies``.

``agreements`` is pure (dataclasses and the rule of which agreement is in
force on a day); ``store`` reads and writes the directory; ``check`` is the
one question orders ask: may this organisation number have a new domain?
See docs/agencies.md.
"""
