"""The development backend: every message is a JSON file under the outbox folder."""

import json
import os
import secrets
import time
from pathlib import Path

from webapp.notify import SendFailed


class Outbox:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _write(self, message: dict) -> Path:
        # Nanoseconds first so that names sort by time; a random tail keeps them unique.
        name = f"{time.time_ns()}-{message['kind']}-{secrets.token_hex(4)}.json"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / name
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(message, ensure_ascii=False))
            os.replace(tmp, path)  # readers never see half a message
        except OSError as exc:
            raise SendFailed(f"outbox not writable: {exc}") from exc
        return path

    def send_sms(self, number: str, text: str) -> None:
        self._write({"kind": "sms", "to": number, "text": text})

    def send_email(self, to: str, subject: str, body: str) -> None:
        self._write({"kind": "email", "to": to, "subject": subject, "body": body})

    def messages(self) -> list[dict]:
        """Return the messages, newest first."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json"), reverse=True):
            message = json.loads(path.read_text())
            message["name"] = path.name
            out.append(message)
        return out
