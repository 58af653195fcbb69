"""The desk's people directory: search by any part, filters, sorted pages, CSV."""

import time
import uuid

import pytest

from directory.connection import REPLACE
from directory.desk import people as desk
from directory.desk.people import BadQuery, Query
from directory.errors import InvalidCredentials


@pytest.fixture
def as_desk(webapp, accounts):
    """The web app acting for the desk person, as the desk's pages do."""
    return webapp.acting_as(accounts["brukerservice"].dn)


@pytest.fixture
def tag():
    """A word no other entry holds, so a search finds only this test's people."""
    return "q" + uuid.uuid4().hex[:8]


def _named(manager, person, **values):
    manager.modify(person.dn, {name: [(REPLACE, [value])] for name, value in values.items()})


def _find(as_desk, tree, text="", webapp=None, **query):
    return desk.find_people(as_desk, tree, Query(text=text, **query), tokens=webapp)


def test_a_part_of_the_name_finds_the_person(as_desk, tree, manager, make_person, tag):
    """Any part of a name, in any case, finds the person; the total comes with the page."""
    person = make_person()
    _named(manager, person, cn=f"Ingrid {tag.upper()}sdottir", sn=f"{tag}sdottir")
    page = _find(as_desk, tree, tag[2:7])
    assert [row.username for row in page.rows] == [person.username]
    assert page.total == 1
    assert page.rows[0].name == f"Ingrid {tag.upper()}sdottir"


@pytest.mark.parametrize("field", ["uid", "mail", "o", "ou"])
def test_username_mail_employer_and_agency_are_searched(
    as_desk, tree, manager, make_person, tag, field
):
    """A part of the username, e-mail, employer (o) or agency (ou) finds the person."""
    person = make_person(username=f"u-{tag}" if field == "uid" else None)
    if field == "mail":
        _named(manager, person, mail=f"x.{tag}@agency.example")
    elif field in ("o", "ou"):
        _named(manager, person, **{field: f"Direktoratet {tag} AS"})
    assert [row.username for row in _find(as_desk, tree, tag).rows] == [person.username]


def test_every_word_must_be_found(as_desk, tree, manager, make_person, tag):
    """Two words narrow the search: both must be found, in any of the fields."""
    both, one = make_person(), make_person()
    _named(manager, both, cn=f"Ola {tag}", o="Bufdir")
    _named(manager, one, cn=f"Kari {tag}", o="Nav")
    assert [row.username for row in _find(as_desk, tree, f"{tag} bufdir").rows] == [both.username]


@pytest.mark.parametrize(
    "typed", ["+47 912 34 567", "912 34 567", "0047 91234567", "(+47) 91-23-45-67", "34567"]
)
def test_a_mobile_number_in_any_format_finds_the_person(as_desk, tree, manager, make_person, typed):
    """A whole number is normalised (phonenumbers, Norway by default); a part matches its digits."""
    person = make_person()
    _named(manager, person, mobile="+4791234567")
    try:
        assert person.username in [row.username for row in _find(as_desk, tree, typed).rows]
    finally:
        _named(manager, person, mobile="+4799999999")


def test_filter_characters_in_the_text_are_values_not_syntax(
    as_desk, tree, manager, make_person, tag
):
    """A text like "*)(uid=*" cannot widen the search; a name with brackets is found as typed."""
    person = make_person()
    _named(manager, person, cn=f"Per (Konsulent*) {tag}")
    assert _find(as_desk, tree, "*)(uid=*").total == 0
    assert [row.username for row in _find(as_desk, tree, f"(Konsulent*) {tag}").rows] == [
        person.username
    ]


def test_pages_are_sorted_by_name_and_cut_by_the_directory(
    as_desk, tree, manager, make_person, tag
):
    """Page 1 and 2 hold the sorted list in turn; a page past the end is empty."""
    made = [make_person() for _ in range(3)]
    for person, first in zip(made, ["Cecilie", "Anne", "Berit"], strict=True):
        _named(manager, person, cn=f"{first} {tag}")
    first = _find(as_desk, tree, tag, per_page=2)
    second = _find(as_desk, tree, tag, per_page=2, page=2)
    assert [r.name for r in first.rows + second.rows] == [
        f"{n} {tag}" for n in ("Anne", "Berit", "Cecilie")
    ]
    assert (first.total, first.pages, len(second.rows)) == (3, 2, 1)
    assert _find(as_desk, tree, tag, per_page=2, page=3).rows == []
    by_username = _find(as_desk, tree, tag, sort="username")
    assert [r.username for r in by_username.rows] == sorted(p.username for p in made)


def test_locked_and_disabled_are_told_apart(as_desk, binder, tree, manager, make_person, tag):
    """Failed sign-ins lock (ppolicy); the administrator's mark disables; each filter finds its own."""
    locked, disabled, fine = make_person(), make_person(), make_person()
    for person in (locked, disabled, fine):
        _named(manager, person, cn=f"Lock {tag}")
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            binder.servers().bind(locked.dn, "wrong-password-000000")
    manager.modify(disabled.dn, {"pwdAccountLockedTime": [(REPLACE, [desk.DISABLED_MARK])]})
    assert [r.username for r in _find(as_desk, tree, tag, filters=frozenset({"locked"})).rows] == [
        locked.username
    ]
    found = _find(as_desk, tree, tag, filters=frozenset({"disabled"})).rows
    assert [(r.username, r.disabled, r.locked) for r in found] == [(disabled.username, True, False)]


def test_no_mobile_finds_people_without_one(as_desk, tree, manager, make_person, tag):
    """The no-mobile filter finds only people with no mobile number."""
    without, with_one = make_person(), make_person()
    _named(manager, without, cn=f"Mob {tag}")
    _named(manager, with_one, cn=f"Mob {tag}")
    manager.modify(without.dn, {"mobile": [(REPLACE, [])]})
    found = _find(as_desk, tree, tag, filters=frozenset({"no_mobile"}))
    assert [r.username for r in found.rows] == [without.username]


def test_app_and_sms_come_from_the_token_kind(as_desk, webapp, tree, manager, make_person, tag):
    """The app filter finds people whose token has the app's parameters, SMS the others."""
    app_user, sms_user = make_person(), make_person()
    for person in (app_user, sms_user):
        _named(manager, person, cn=f"Otp {tag}")
    manager.modify(
        tree.token(app_user.username), {"oathTOTPParams": [(REPLACE, [tree.otp_params("app")])]}
    )
    app = _find(as_desk, tree, tag, webapp, filters=frozenset({"app"}))
    sms = _find(as_desk, tree, tag, webapp, filters=frozenset({"sms"}))
    assert [r.username for r in app.rows] == [app_user.username]
    assert [r.username for r in sms.rows] == [sms_user.username]


def test_never_activated_and_dormant_come_from_the_last_used_code(
    as_desk, webapp, binder, tree, manager, make_person, tag
):
    """Never signed in: no code used yet; dormant: the last code is older than DORMANT_DAYS."""
    new, dormant, active = make_person(), make_person(), make_person()
    for person in (new, dormant, active):
        _named(manager, person, cn=f"Use {tag}")
    binder.person(active).close()
    old_step = int((time.time() - (desk.DORMANT_DAYS + 5) * 86400) // 60)
    manager.modify(
        tree.token(dormant.username), {"oathTOTPLastTimeStep": [(REPLACE, [str(old_step)])]}
    )
    never = _find(as_desk, tree, tag, webapp, filters=frozenset({"never_activated"}))
    asleep = _find(as_desk, tree, tag, webapp, filters=frozenset({"dormant"}))
    assert [r.username for r in never.rows] == [new.username]
    assert [r.username for r in asleep.rows] == [dormant.username]


def test_token_filters_need_the_web_apps_own_account(as_desk, tree):
    """Without a connection that reads tokens, a token filter is refused, not ignored."""
    with pytest.raises(BadQuery) as refused:
        _find(as_desk, tree, filters=frozenset({"app"}))
    assert refused.value.code == "filter.needs_tokens"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (Query(text="x" * 101), "text.too_long"),
        (Query(text="a\x00b"), "text.invalid"),
        (Query(filters=frozenset({"everyone"})), "filter.unknown"),
        (Query(sort="mobile"), "sort.unknown"),
        (Query(page=0), "page.invalid"),
        (Query(per_page=1000), "per_page.invalid"),
    ],
)
def test_a_bad_query_is_refused_with_a_code(as_desk, tree, query, code):
    """Each wrong part has its own code, and the directory is not asked."""
    with pytest.raises(BadQuery) as refused:
        desk.find_people(as_desk, tree, query)
    assert refused.value.code == code


def test_the_csv_export_holds_the_whole_sorted_list(as_desk, tree, manager, make_person, tag):
    """Every match, sorted, with a header; a value that looks like a formula stays text."""
    made = [make_person() for _ in range(3)]
    for person, name in zip(made, ["Berit", "Anne", "Cecilie"], strict=True):
        _named(manager, person, cn=f"{name} {tag}")
    _named(manager, made[2], o="=HYPERLINK(1)")
    lines = "".join(desk.export_csv(as_desk, tree, Query(text=tag, per_page=1))).splitlines()
    assert lines[0] == "username,name,mail,mobile,employer,agency,locked,disabled"
    rows = [line.split(",") for line in lines[1:]]
    assert [row[1] for row in rows] == [f"{n} {tag}" for n in ("Anne", "Berit", "Cecilie")]
    assert rows[2][4] == "'=HYPERLINK(1)"
    assert rows[0][3] == "'+4799999999"
