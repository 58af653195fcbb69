"""The access lifecycle (issue 12): grants that end, are taken back, and are recorded.

Access is a membership: ``member`` of ``cn=writers-<domain>`` or
``cn=readers`` in one environment, as tools have always read it. A *grant*
entry beside the membership says what it came from and until when (the
contract, docs/access.md)::

    uid=<username>,cn=<group>,ou=groups,ou=<env>,<suffix>   objectClass: seresGrant

Memberships change as the person who decides (``Ldap.acting_as``: slapd's
rules decide, the accesslog names them) or as the service account for timed
jobs; grant entries are the web app's records, written by its own account.

- :mod:`directory.grants.store`: grant entries, read and recorded.
- :mod:`directory.grants.remove`: taking access back, with a reason.
"""
