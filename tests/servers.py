"""Local servers the notifications go to: an SMS gateway (http.server), an inbox (aiosmtpd)."""

import asyncio
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from directory.server.slapd import free_port


class Inbox:
    """An aiosmtpd handler that keeps what it gets, or refuses it while ``refuse`` is set."""

    def __init__(self, delay: float = 0.0):
        self.messages = []
        self.delay = delay
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        if self.refuse:
            return "451 4.3.0 Try again later"
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


class Gateway:
    """A local SMS gateway: answers with the statuses given, then ``status``; records requests.

    ``delay`` seconds pass before each answer, as with a real gateway.
    """

    def __init__(self, statuses=(), status: int = 200, delay: float = 0.0):
        self.statuses = list(statuses)
        self.status = status
        self.delay = delay
        self.requests = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                gateway.requests.append((dict(self.headers), json.loads(self.rfile.read(length))))
                time.sleep(gateway.delay)
                status = gateway.statuses.pop(0) if gateway.statuses else gateway.status
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/sms"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def sms_config(url, **extra):
    """Notifier settings for SMS through the gateway at ``url``: short back-off and timeout."""
    return {"sms": "http", "sms_url": url, "sms_backoff": 0.01, "sms_timeout": 2, **extra}
