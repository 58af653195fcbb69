"""How the directory's use cases tell people: a callable the caller injects.

``notify(kind, to, **data)``: the web app's makes and sends an e-mail (webapp/notify);
here only the type, so that orders, grants and the CLI share one.
"""

from typing import Protocol


class Notify(Protocol):
    def __call__(self, kind: str, to: str, **data) -> None: ...
