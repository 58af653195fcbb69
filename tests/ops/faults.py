"""A TCP relay in front of the real test slapd that can refuse, stall and come back.

The directory stays the real one; only the network between the app and it fails.
"""

import contextlib
import socket
import threading

from directory.server.slapd import free_port


class Relay:
    """Forwards 127.0.0.1:<port> to the target port; ``down()``, ``stall()``, ``up()``."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = free_port()
        self.stalled = False
        self.answer_lost = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.up()

    @property
    def url(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    def up(self) -> None:
        """Accept and forward again (after down or stall)."""
        self.stalled = False
        if self.listener is None:
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self.listener = listener
            threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        """Refuse connections and cut the open ones, as a stopped server does."""
        listener, self.listener = self.listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets.clear()

    def stall(self) -> None:
        """Accept connections and requests, and never answer (a stopped slapd process)."""
        self.stalled = True

    def lose_next_answer(self) -> None:
        """The next answer from the server is dropped and its connection cut (the request
        reached the server and was carried out; the client never hears so)."""
        self.answer_lost = True

    def close(self) -> None:
        self.down()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self.lock:
                self.sockets.append(client)
            if self.stalled:
                continue  # held open, never read
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.append(server)
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, answers: bool = False) -> None:
        try:
            while data := source.recv(65536):
                if self.stalled:
                    continue  # swallowed: no answer ever comes
                if answers and self.answer_lost:
                    self.answer_lost = False
                    sink.shutdown(socket.SHUT_RDWR)
                    source.close()
                    return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)
