"""What every `seres` command group shares: ending with an error, binding, running one action.

Exit status 2 means nothing was done (see each group's own list).
"""

import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

import click

from directory.connection import Ldap, Servers
from directory.errors import DirectoryError, InvalidValue
from directory.settings import Settings
from directory.tree import Tree


def fail(message: str, status: int = 2) -> NoReturn:
    """End the command: the message on stderr as "error: ...", and the exit status."""
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


def connect() -> tuple[Ldap, Tree]:
    """Bind as the identity in SERES_LDAP_* (Settings.from_env), or fail saying why."""
    try:
        settings = Settings.from_env()
    except InvalidValue as exc:
        fail(str(exc))
    try:
        return Servers(settings).service(), Tree(settings.suffix)
    except DirectoryError as exc:
        fail(f"cannot bind as {settings.bind_dn}: {exc}")


T = TypeVar("T")
# An exception kind (or kinds) and the words that end the command when one is raised.
Refusal = tuple[type[Exception] | tuple[type[Exception], ...], Callable[[Exception], str]]


def carry_out(action: Callable[[Ldap, Tree], T], *refusals: Refusal) -> T:
    """Bind (``connect``), do ``action(ldap, tree)`` and return what it returns.

    An exception of a kind in ``refusals`` (the first that matches, in order)
    ends the command with that refusal's words (exit 2); any other goes on.
    """
    ldap, tree = connect()
    with ldap:
        try:
            return action(ldap, tree)
        except Exception as exc:
            for kind, words in refusals:
                if isinstance(exc, kind):
                    fail(words(exc))
            raise
