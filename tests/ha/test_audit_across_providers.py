"""The audit trail with two providers: each write once, naming whoever made it, wherever."""

import datetime as dt

import pytest

from directory.connection import REPLACE, Servers
from directory.desk import audit
from directory.desk.audit import Scope
from directory.desk.logmerge import merged
from tests.support import add_person, eventually, remove_people

MANAGER = "cn=manager,dc=seres,dc=example"


@pytest.fixture
def person(providers):
    with providers.manager(0) as manager:
        account = add_person(manager, providers.tree)
    with providers.manager(1) as other:
        assert eventually(lambda: other.exists(account.dn))
    yield account
    with providers.manager(0) as manager:
        remove_people(manager, providers.tree, [account.username])


def mobile_lines(lines, person):
    return [
        line
        for line in lines
        if line.target_dn.lower() == person.dn.lower()
        and any(c.attribute == "mobile" for c in line.changes)
    ]


def test_a_write_made_on_provider_2_names_its_author_in_the_trail_read_on_provider_1(
    providers, person
):
    """Alone, provider 1's log names the replication identity; with provider 2 read too,
    the trail names the desk person, once, and an actor filter finds it."""
    tree = providers.tree
    desk = providers.accounts["brukerservice"].dn
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2)
    with Servers(providers.settings("webapp", providers.urls[1])).service() as on_2:
        on_2.acting_as(desk).modify(person.dn, {"mobile": [(REPLACE, ["+4790001111"])]})
    servers = Servers(providers.settings("webapp"))  # provider 1 first, as the web app
    with servers.service() as service:
        reader = service.acting_as(desk)
        scope = Scope(person_dn=person.dn, since=since)
        assert eventually(lambda: mobile_lines(audit.trail(reader, tree, scope), person))
        [alone] = mobile_lines(audit.trail(reader, tree, scope), person)
        assert alone.actor_dn.lower() == tree.manager.lower()
        with servers.others(reader) as others:
            assert len(others) == 1
            [line] = mobile_lines(audit.trail(reader, tree, scope, others), person)
            assert line.actor_dn.lower() == desk.lower()
            by_desk = Scope(person_dn=person.dn, since=since, actor_dn=desk)
            assert mobile_lines(audit.trail(reader, tree, by_desk), person) == []
            assert mobile_lines(audit.trail(reader, tree, by_desk, others), person) == [line]


def record(csn: str, author: str, start: str) -> dict:
    return {"entryCSN": [csn], "reqAuthzID": [author], "reqStart": [start]}


@pytest.mark.parametrize(
    ("logs", "kept"),
    [
        # the same write in both logs: the record naming the person wins, whichever comes first
        ([[record("c1", MANAGER, "2")], [record("c1", "uid=a", "1")]], [("c1", "uid=a")]),
        ([[record("c1", "uid=a", "1")], [record("c1", MANAGER, "2")]], [("c1", "uid=a")]),
        # a write by the manager itself stays the manager's, once
        ([[record("c2", MANAGER, "1")], [record("c2", MANAGER, "1")]], [("c2", MANAGER)]),
        # writes in one log only, newest first
        (
            [[record("c1", "uid=a", "1")], [record("c3", "uid=b", "3")]],
            [("c3", "uid=b"), ("c1", "uid=a")],
        ),
    ],
)
def test_merged_keeps_each_write_once_with_its_author(logs, kept):
    found = merged(logs, MANAGER)
    assert [(r["entryCSN"][0], r["reqAuthzID"][0]) for r in found] == kept
