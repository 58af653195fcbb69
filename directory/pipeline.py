"""Writes sent without waiting for each answer (the refresh, the expiry run)."""

from ldap3 import Connection

from directory.errors import translated


class Pipeline:
    """Writes sent without waiting for each answer (ldap3's ASYNC strategy).

    slapd may carry out requests of one connection in any order, so the
    caller waits (:meth:`result`) for an entry's parent before adding a child.
    Each send returns a message id; :meth:`result` raises the project's error
    for that request, if it failed.
    """

    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, dn: str, object_classes, attributes: dict[str, list]) -> int:
        with translated():
            return self.connection.add(dn, list(object_classes), attributes)

    def modify(self, dn: str, changes: dict[str, list[tuple]]) -> int:
        with translated():
            return self.connection.modify(dn, changes)

    def delete(self, dn: str) -> int:
        with translated():
            return self.connection.delete(dn)

    def result(self, message_id: int) -> None:
        with translated():
            self.connection.get_response(message_id)

    def close(self) -> None:
        self.connection.unbind()
