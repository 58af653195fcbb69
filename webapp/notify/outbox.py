"""The development backend: every message is a JSON file under the outbox folder."""

import contextlib
import json
import os
import secrets
import time
from pathlib import Path

from webapp.notify import OutboxUnwritable

FOLDER_MODE = 0o700  # messages hold one-time codes and recovery links: the owner's only
FILE_MODE = 0o600


class Outbox:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.private = False  # the folder's mode is set once per process

    def _write(self, message: dict) -> Path:
        # Nanoseconds first so that names sort by time; a random tail keeps them unique.
        name = f"{time.time_ns()}-{message['kind']}-{secrets.token_hex(4)}.json"
        tmp = None
        try:
            # mkdir's mode is never widened by the umask; chmod narrows an older folder.
            self.folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            if not self.private:
                os.chmod(self.folder, FOLDER_MODE)
                self.private = True
            path = self.folder / name
            tmp = path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                os.fchmod(out.fileno(), FILE_MODE)  # the umask cannot widen it; this pins it
                out.write(json.dumps(message, ensure_ascii=False))
            os.replace(tmp, path)  # readers never see half a message
        except OSError as exc:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)  # half a message takes the room that is left
            raise OutboxUnwritable(self.folder, exc) from exc
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
