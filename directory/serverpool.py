"""The servers a connection may open: the configured URLs in order, failover, checked TLS."""

import ssl

from ldap3 import FIRST, NONE, Server, ServerPool, Tls

from directory.settings import Settings


class VerifiedTls(Tls):
    """TLS that checks the server's certificate: a trusted CA, and the URL's host name.

    ldap3 2.9.1 turns the context's own host name check off and checks the
    name after the handshake with ``ssl.match_hostname``, deprecated since
    Python 3.7 (a warning, so an error under pytest) and gone in 3.12 (the
    fallback then takes no IP addresses). Here Python's ssl checks both the
    chain and the name during the handshake, with one context for every
    connection (the CA store is read once). A refusal reaches the caller as
    :class:`directory.errors.Unavailable` naming the reason.
    """

    def __init__(self, ca_file: str | None = None):
        super().__init__(validate=ssl.CERT_REQUIRED, ca_certs_file=ca_file)
        # CERT_REQUIRED, check_hostname on, TLS 1.2 or later; the system's CAs without a file.
        self.context = ssl.create_default_context(cafile=ca_file)

    def wrap_socket(self, connection, do_handshake=False):
        connection.socket = self.context.wrap_socket(
            connection.socket,
            server_side=False,
            do_handshake_on_connect=do_handshake,
            server_hostname=connection.server.host,
        )


class AlwaysTried(Server):
    """A server that every connect tries.

    ldap3 marks an address unavailable after a failed connect and skips it
    for 5 s (RESET_AVAILABILITY_TIMEOUT), so a directory that came back was
    refused for seconds more. Each try is bounded by the connect timeout.
    """

    def candidate_addresses(self):
        if not self.ipc:
            for address in self.address_info:
                address[5] = address[6] = None
        return super().candidate_addresses()


# Seconds a pool leaves a server that did not answer before trying it again.
POOL_RETRY_SECONDS = 2


def server_pool(settings: Settings) -> Server | ServerPool:
    """Return the server, or a pool that tries servers in order and skips dead ones.

    Every ldaps:// server checks the certificate it is shown (:class:`VerifiedTls`).
    """
    tls = None
    if any(url.lower().startswith("ldaps:") for url in settings.urls):
        tls = VerifiedTls(settings.ca_file)
    servers = [
        # get_info=NONE: the default re-reads the whole schema at every bind.
        AlwaysTried(
            url if url.startswith("ldapi:") else url.rstrip("/"),
            get_info=NONE,
            connect_timeout=settings.connect_timeout,
            tls=tls if url.lower().startswith("ldaps:") else None,
        )
        for url in settings.urls
    ]
    if len(servers) == 1:
        # ldap3's availability check of a pool fails on ldapi sockets.
        return servers[0]
    return ServerPool(servers, FIRST, active=1, exhaust=POOL_RETRY_SECONDS)
