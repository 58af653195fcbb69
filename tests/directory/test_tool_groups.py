"""Groups as tools see them (issue 16, items 5-7): ldap3, python-ldap and ldapsearch as `tools`."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from ldap3 import NONE, Connection, Server

from directory.escape import normalize_dn
from directory.groups import create_group
from directory.layout import SLAPADD
from directory.sync.engine import ensure_writers_group

# python-ldap lives in a folder of its own (scripts/setup.sh): it ships a
# top-level ldif.py that would shadow the `ldif` package the project uses, so
# the folder goes to the end of the path and `ldif` stays the project's.
sys.path.append(str(Path(sys.prefix) / "python-ldap"))
import ldap  # noqa: E402  (python-ldap)
from ldap.controls.libldap import SimplePagedResultsControl  # noqa: E402
from ldap.controls.sss import SSSRequestControl, SSSResponseControl  # noqa: E402
from ldap.controls.vlv import VLVRequestControl, VLVResponseControl  # noqa: E402

# The tools' examples live in docs/directory.md (the README links there).
DOC = Path(__file__).resolve().parents[2] / "docs" / "directory.md"
WRITERS_BUFDIR = "cn=writers-BUFdir,ou=groups,ou=prod,dc=seres,dc=example"
SKRIVER = "uid=skriver.bufdir,ou=people,dc=seres,dc=example"


@pytest.fixture(scope="module")
def tool(slapd, accounts):
    """python-ldap bound as the tools account, as a C-library tool binds."""
    conn = ldap.initialize(slapd.url)
    conn.simple_bind_s(accounts["tools"].dn, accounts["tools"].password)
    yield conn
    conn.unbind_s()


@pytest.fixture(scope="module")
def tool3(slapd, accounts):
    """ldap3 bound as the tools account."""
    host, port = slapd.url.removeprefix("ldap://").rstrip("/").split(":")
    server = Server(host, port=int(port), get_info=NONE)
    conn = Connection(server, accounts["tools"].dn, accounts["tools"].password, auto_bind=True)
    yield conn
    conn.unbind()


def tool_search(slapd, accounts, *args: str) -> subprocess.CompletedProcess:
    """ldapsearch as the tools account."""
    tools = accounts["tools"]
    command = ["ldapsearch", "-LLL", "-x", "-H", slapd.url, "-D", tools.dn, "-w", tools.password]
    return subprocess.run([*command, *args], capture_output=True, text=True)


# Item 5: memberOf and the group DNs as stored.


def test_memberof_is_the_groups_normalised_dn_on_this_slapd(tool, tool3):
    """2.5.13's dynlist gives the normalised DN (ITS#9929, fixed in 2.5.14): equal as a DN, not as a string.

    docs/directory.md explains it; on a slapd that keeps the case this fails, to have the
    paragraph updated.
    """
    found = tool.search_s(SKRIVER, ldap.SCOPE_BASE, "(objectClass=*)", ["memberOf"])
    values = [v.decode() for v in found[0][1]["memberOf"]]
    tool3.search(SKRIVER, "(objectClass=*)", search_scope="BASE", attributes=["memberOf"])
    assert sorted(tool3.entries[0].memberOf.values) == sorted(values)
    assert WRITERS_BUFDIR.lower() in values
    assert WRITERS_BUFDIR not in values
    assert normalize_dn(WRITERS_BUFDIR) in {normalize_dn(v) for v in values}


def test_the_groups_query_returns_the_group_dns_as_stored(tool, tool3):
    """Asking for the groups that list a person gives each DN in its stored case."""
    query = f"(&(objectClass=groupOfNames)(member={SKRIVER}))"
    by_python_ldap = {
        dn for dn, _ in tool.search_s("dc=seres,dc=example", ldap.SCOPE_SUBTREE, query, ["1.1"])
    }
    tool3.search("dc=seres,dc=example", query, attributes=["1.1"])
    assert {e.entry_dn for e in tool3.entries} == by_python_ldap
    assert WRITERS_BUFDIR in by_python_ldap


def test_a_memberof_filter_matches_the_group_in_any_case(tool):
    """A filter on memberOf matches as a DN: the mixed-case DN of the example in docs/directory.md finds the writer."""
    found = tool.search_s(
        "ou=people,dc=seres,dc=example",
        ldap.SCOPE_ONELEVEL,
        f"(memberOf={WRITERS_BUFDIR})",
        ["1.1"],
    )
    assert [dn for dn, _ in found] == [SKRIVER]


def test_the_readme_compare_example_answers_true(slapd):
    """The ldapcompare of docs/directory.md (on the group's member) runs as printed, but for the URL."""
    text = DOC.read_text()
    block = next(
        b for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S) if b.startswith("ldapcompare")
    )
    command = shlex.split(block.replace("\\\n", " ").replace("ldap://127.0.0.1:3389", slapd.url))
    out = subprocess.run(command, capture_output=True, text=True)
    assert out.returncode == 6 and out.stdout.strip() == "TRUE"


def test_membership_is_compared_on_the_group_not_on_memberof(tool, tool3):
    """compare member on the group answers; compare memberOf on the person is undefined (computed, not stored)."""
    assert tool.compare_s(WRITERS_BUFDIR, "member", SKRIVER.encode()) is True
    assert tool3.compare(WRITERS_BUFDIR, "member", SKRIVER) is True
    with pytest.raises(ldap.NO_SUCH_ATTRIBUTE):
        tool.compare_s(SKRIVER, "memberOf", WRITERS_BUFDIR.encode())


# Item 6: server-side sorting and virtual list views.


def test_ldapsearch_sorts_people_by_uid_with_an_ordering_rule(slapd, accounts):
    """`-E sss=uid:caseIgnoreOrderingMatch` as tools gives the people sorted by uid."""
    out = tool_search(
        slapd,
        accounts,
        "-E",
        "sss=uid:caseIgnoreOrderingMatch",
        "-b",
        "ou=people,dc=seres,dc=example",
        "uid",
    )
    assert out.returncode == 0, out.stderr
    uids = [line.split(": ", 1)[1] for line in out.stdout.splitlines() if line.startswith("uid: ")]
    assert len(uids) >= 5 and uids == sorted(uids, key=str.lower)


def test_a_sort_on_uid_without_an_ordering_rule_is_inappropriate_matching(slapd, accounts):
    """uid has no ordering rule (RFC 4519): slapd answers 18, as docs/directory.md warns."""
    out = tool_search(
        slapd, accounts, "-E", "sss=uid", "-b", "ou=people,dc=seres,dc=example", "uid"
    )
    assert out.returncode == 18 and "No ordering rule" in out.stderr


def test_uid_cannot_be_given_an_ordering_rule_in_the_configuration(tmp_path):
    """uid is built into slapd: cn=config refuses a definition with ORDERING, so a bare sort cannot work."""
    (tmp_path / "config").mkdir()
    config = tmp_path / "config.ldif"
    config.write_text(
        "dn: cn=config\nobjectClass: olcGlobal\ncn: config\n\n"
        "dn: cn=schema,cn=config\nobjectClass: olcSchemaConfig\ncn: schema\n\n"
        "dn: cn=uid-ordering,cn=schema,cn=config\nobjectClass: olcSchemaConfig\n"
        "cn: uid-ordering\n"
        "olcAttributeTypes: ( 0.9.2342.19200300.100.1.1 NAME ( 'uid' 'userid' )\n"
        "  EQUALITY caseIgnoreMatch ORDERING caseIgnoreOrderingMatch\n"
        "  SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{256} )\n"
    )
    out = subprocess.run(
        [SLAPADD, "-n0", "-F", str(tmp_path / "config"), "-l", str(config)],
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert 'Duplicate attributeType: "0.9.2342.19200300.100.1.1"' in out.stderr


def course_groups(tool, *controls) -> tuple[list[str], list]:
    """The cn of course's groups, searched with ``controls``, and the controls answered."""
    msgid = tool.search_ext(
        "ou=groups,ou=course,dc=seres,dc=example",
        ldap.SCOPE_ONELEVEL,
        "(cn=*)",
        ["cn"],
        serverctrls=list(controls),
    )
    _, found, _, answered = tool.result3(msgid)
    return [values["cn"][0].decode() for _, values in found], answered


def test_python_ldap_sorts_groups_in_reverse_and_pages_them_by_virtual_list_view(tool):
    """Sort by cn descending, then read a window of two groups of an environment (VLV)."""
    names, answered = course_groups(tool, SSSRequestControl(True, ["-cn:caseIgnoreOrderingMatch"]))
    assert names == sorted(names, key=str.lower, reverse=True)
    assert any(isinstance(c, SSSResponseControl) and c.result == 0 for c in answered)

    window = VLVRequestControl(True, before_count=0, after_count=1, offset=2, content_count=0)
    sort = SSSRequestControl(True, ["cn:caseIgnoreOrderingMatch"])
    page, answered = course_groups(tool, sort, window)
    assert page == sorted(names, key=str.lower)[1:3]
    vlv = next(c for c in answered if isinstance(c, VLVResponseControl))
    assert vlv.content_count == len(names)


def test_many_sorted_and_plain_paged_searches_at_once_are_never_busy(slapd, accounts, tool3):
    """40 connections with an open sorted paged search, 16 on one connection, and plain paged ones all answer.

    slapd's defaults (half the threads at once, 5 per connection) answered busy (51).
    """
    tools = accounts["tools"]
    results = []
    connections = []
    try:
        for i in range(40 + 16):
            if i < 40 or not connections[40:]:
                connections.append(ldap.initialize(slapd.url))
                connections[-1].simple_bind_s(tools.dn, tools.password)
            pages = SimplePagedResultsControl(True, size=1, cookie="")
            sort = SSSRequestControl(True, ["uid:caseIgnoreOrderingMatch"])
            try:
                connections[-1].search_ext_s(
                    "ou=people,dc=seres,dc=example",
                    ldap.SCOPE_ONELEVEL,
                    "(uid=*)",
                    ["uid"],
                    serverctrls=[pages, sort],
                )
                results.append(0)
            except ldap.LDAPError as exc:
                results.append(type(exc).__name__)
            # The app's kind: ldap3, paged, not sorted.
            tool3.search(
                "ou=people,dc=seres,dc=example", "(uid=*)", attributes=["uid"], paged_size=1
            )
            results.append(tool3.result["result"])
        assert results == [0] * 2 * (40 + 16)
    finally:
        for conn in connections:
            conn.unbind_s()


# Item 7: environments that tools can tell apart.


def test_every_group_has_a_tree_wide_name_and_each_environment_group_its_environment(tool):
    """No two groups share a seresGroupName; groups under ou=groups,ou=<env> say <env>."""
    found = tool.search_s(
        "dc=seres,dc=example",
        ldap.SCOPE_SUBTREE,
        "(objectClass=groupOfNames)",
        ["seresGroupName", "seresEnvironment", "cn"],
    )
    names = [values["seresGroupName"][0].decode() for _, values in found]
    assert len(names) == len(set(n.lower() for n in names)) >= 14
    for dn, values in found:
        env = dn.split(",ou=groups,ou=")[1].split(",")[0] if ",ou=groups,ou=" in dn else None
        cn = values["cn"][0].decode()
        assert values.get("seresEnvironment") == ([env.encode()] if env else None)
        assert values["seresGroupName"] == [(f"{env}:{cn}" if env else cn).encode()]


def test_a_tool_asks_for_a_persons_groups_in_one_environment(tool):
    """The generic recipe: groups of one environment that list the person, by their tree-wide names."""
    query = f"(&(objectClass=seresGroup)(seresEnvironment=course)(member={SKRIVER}))"
    found = tool.search_s("dc=seres,dc=example", ldap.SCOPE_SUBTREE, query, ["seresGroupName"])
    assert sorted(v["seresGroupName"][0].decode() for _, v in found) == [
        "course:readers",
        "course:writers-BUFdir",
    ]


def test_groups_the_app_creates_carry_their_environment_and_name(manager, tree):
    """create_group (provisioning, a new domain, the refresh's course write group) sets seresGroup."""
    made = [
        tree.writers("prod", "Envtest"),
        tree.writers("course", "Envtest"),
        tree.role("owners-Envtest"),
    ]
    try:
        create_group(manager, tree, made[0], "writers-Envtest")
        ensure_writers_group(manager, tree, "Envtest")
        create_group(manager, tree, made[2], "owners-Envtest")
        got = [
            manager.read(dn, ["seresGroupName", "seresEnvironment", "objectClass"]) for dn in made
        ]
        assert [g["seresGroupName"] for g in got] == [
            ["prod:writers-Envtest"],
            ["course:writers-Envtest"],
            ["owners-Envtest"],
        ]
        assert [g.get("seresEnvironment") for g in got] == [["prod"], ["course"], None]
        assert all("seresGroup" in g["objectClass"] for g in got)
    finally:
        for dn in made:
            manager.delete(dn)
