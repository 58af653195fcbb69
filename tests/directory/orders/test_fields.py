"""Checking what people type into orders: field by field, and whole orders."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.orders import fields
from directory.orders import store as orders
from directory.orders.domain_order import clean_domain_order
from directory.orders.fields import Invalid
from directory.orders.workflow import Actor

TODAY = dt.date(2026, 3, 2)


def codes(check, *args):
    with pytest.raises(Invalid) as caught:
        check(*args)
    return [e.code for e in caught.value.errors]


@pytest.mark.parametrize("name", ["BUFdir", "Bløtkake-2", "ÆØÅ", "ab", "a" * 64, "x9-y"])
def test_a_domain_name_of_letters_digits_and_inner_hyphens_passes(name):
    """Letters a-z and æøå in either case, digits and inner hyphens, 2-64 long."""
    assert fields.domain_name("name", name) == name


@pytest.mark.parametrize(
    "name", ["a", "a" * 65, "-ab", "ab-", "a_b", "a b", "ab\n", "a,b", "x٣y", "ab²", "é-x"]
)
def test_a_domain_name_with_anything_else_is_refused(name):
    """Other characters, scripts, lengths and a trailing newline are refused."""
    assert codes(fields.domain_name, "name", name) in (
        ["domain_name.invalid"],
        ["too_long"],
        ["control_characters"],
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("986128434", "org_number.invalid_checksum"),
        ("98612843", "org_number.invalid_length"),
        ("98612843x", "org_number.invalid_format"),
        ("", "required"),
    ],
)
def test_an_organisation_number_failing_its_checks_is_refused(value, code):
    """Nine digits with the modulus-11 check digit, each failure with its own code."""
    assert codes(fields.org_number, "org_number", value) == [code]


def test_an_organisation_number_is_returned_as_nine_digits():
    """Spaces are dropped: 986 128 433 becomes 986128433."""
    assert fields.org_number("org_number", "986 128 433") == "986128433"


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("412 34 567", "+4741234567"),
        ("004741234567", "+4741234567"),
        ("+46 70 123 45 67", "+46701234567"),
    ],
)
def test_a_mobile_number_is_stored_in_e164_with_norway_as_default(value, stored):
    """Parsed by phonenumbers with region NO."""
    assert fields.mobile("mobile", value) == stored


@pytest.mark.parametrize(
    ("value", "code"),
    [("22 33 44 55", "mobile.not_mobile"), ("123", "mobile.invalid"), ("hei", "mobile.invalid")],
)
def test_a_number_that_is_no_mobile_number_is_refused(value, code):
    """A landline (22…) cannot receive the code; nonsense is invalid."""
    assert codes(fields.mobile, "mobile", value) == [code]


def test_an_email_address_is_kept_in_ascii():
    """An internationalised domain is stored in its ASCII form (mail is IA5)."""
    assert fields.mail("mail", "ola@bløtkake.no") == "ola@xn--bltkake-r1a.no"


@pytest.mark.parametrize("value", ["ola", "ola@", "øla@x.no", "a@b@c.no", "ola@x..no"])
def test_a_malformed_email_address_is_refused(value):
    """Syntax only: no DNS look-up."""
    assert codes(fields.mail, "mail", value) == ["mail.invalid"]


@pytest.mark.parametrize("value", ["Åse", "Anne-Lise", "O'Neil", "Ola Johan", "Áslat"])
def test_a_person_name_passes(value):
    """Letters of any script, spaces, hyphens and apostrophes."""
    assert fields.person_name("given_name", value) == value


@pytest.mark.parametrize("value", ["R2D2", "-Ola", "Ola;", "(Ola)"])
def test_a_person_name_with_digits_or_signs_is_refused(value):
    """Digits and DN/filter specials are no part of a name."""
    assert codes(fields.person_name, "given_name", value) == ["name.invalid"]


@pytest.mark.parametrize("value", ["a\x00b", "a\x1bb", "a\u202eb", "a\ud800b", "a\nb"])
def test_control_characters_in_a_line_are_refused(value):
    """NUL, escape, bidi overrides, lone surrogates and newlines in a one-line field."""
    assert codes(fields.text, "agency", value) == ["control_characters"]


def test_text_is_trimmed_and_limited():
    """Surrounding space goes; too long text is refused with its limit."""
    assert fields.text("agency", "  Bufdir  ") == "Bufdir"
    with pytest.raises(Invalid) as caught:
        fields.text("agency", "x" * 201)
    assert caught.value.errors[0].params == {"max": 200}


@pytest.mark.parametrize(
    ("value", "envs"),
    [("prod", ("prod",)), ("course", ("course",)), ("both", ("prod", "course"))],
)
def test_environments_are_prod_course_or_both(value, envs):
    """Three choices, nothing else."""
    assert fields.environments("environments", value) == envs
    assert codes(fields.environments, "environments", "test") == ["environments.invalid"]


def test_a_refresh_date_is_today_or_within_a_year():
    """Past dates and dates more than a year ahead are refused; empty means now."""
    assert fields.date("when", "", TODAY) is None
    assert fields.date("when", "2026-03-02", TODAY) == TODAY
    assert codes(fields.date, "when", "2026-03-01", TODAY) == ["date.past"]
    assert codes(fields.date, "when", "2027-06-01", TODAY) == ["date.too_far"]
    assert codes(fields.date, "when", "2. mars", TODAY) == ["date.invalid"]


def domain_order(**changes):
    data = {
        "name": "Nytt-domene",
        "description": "Testdomene",
        "agency": "Testetaten",
        "org_number": "986128433",
        "owners": "eier.bufdir",
    }
    return data | changes


def access_order(**changes):
    data = {
        "service_owner": "BUFdir",
        "access": "write",
        "write_domains": ["BUFdir"],
        "environments": "both",
        "employer": "",
        "given_name": "Nina",
        "surname": "Nybruker",
        "mail": "nina@bufdir.example",
        "mobile": "41234567",
        "username": "",
    }
    return data | changes


def refresh_order(**changes):
    return {"domain": "BUFdir", "when": "", "reason": "Kurs neste uke"} | changes


def test_a_domain_name_is_taken_regardless_of_case(webapp, tree):
    """bufdir and BUFDIR are both taken by BUFdir; an open order's name is taken too."""
    for name in ("bufdir", "BUFDIR", "Kursdomene"):
        with pytest.raises(Invalid) as caught:
            clean_domain_order(webapp, tree, domain_order(name=name))
        assert caught.value.codes() == {"name": ["domain_name.taken"]}
    with pytest.raises(Invalid):
        clean_domain_order(webapp, tree, domain_order(), open_names=["nytt-DOMENE"])


def test_a_valid_domain_order_names_its_owners_by_dn(webapp, tree, accounts):
    """Owners are existing people; their DNs are kept for provisioning."""
    details = clean_domain_order(webapp, tree, domain_order(owners="eier.bufdir"))
    assert details["owner_dns"] == [accounts["eier.bufdir"].dn]
    with pytest.raises(Invalid) as caught:
        clean_domain_order(webapp, tree, domain_order(owners="ingen.slik"))
    assert caught.value.errors[0].params == {"name": "ingen.slik"}


def test_every_wrong_field_of_an_access_order_gets_its_error(webapp, tree):
    """All syntax errors at once, each on its field."""
    with pytest.raises(Invalid) as caught:
        fields.clean_access_order(
            webapp,
            tree,
            access_order(
                access="admin", environments="x", given_name="", mail="x", mobile="22334455"
            ),
        )
    assert caught.value.codes() == {
        "access": ["access.invalid"],
        "environments": ["environments.invalid"],
        "given_name": ["required"],
        "mail": ["mail.invalid"],
        "mobile": ["mobile.not_mobile"],
    }


def test_write_access_names_existing_domains_in_every_ordered_environment(webapp, tree):
    """Unknown domains, and course-only ones ordered for production, are refused."""
    with pytest.raises(Invalid) as caught:
        fields.clean_access_order(
            webapp, tree, access_order(write_domains=["Finnes-ikke", "Kursdomene"])
        )
    assert [(e.code, e.params) for e in caught.value.errors] == [
        ("domain.unknown", {"name": "Finnes-ikke"}),
        ("domain.missing_in_environment", {"name": "Kursdomene", "env": "prod"}),
    ]
    details = fields.clean_access_order(
        webapp, tree, access_order(write_domains="bufdir", mobile="+47 412 34 567")
    )
    assert details["write_domains"] == ["BUFdir"]
    assert details["mobile"] == "+4741234567"
    assert details["environments"] == ["prod", "course"]


def test_read_access_names_no_write_domains(webapp, tree):
    """Write domains with read access are a contradiction; write without them is too."""
    with pytest.raises(Invalid) as caught:
        fields.clean_access_order(webapp, tree, access_order(access="read"))
    assert caught.value.codes() == {"write_domains": ["access.domains_without_write"]}
    with pytest.raises(Invalid) as caught:
        fields.clean_access_order(webapp, tree, access_order(write_domains=[]))
    assert caught.value.codes() == {"write_domains": ["required"]}


def test_a_refresh_is_of_a_production_domain(webapp, tree):
    """A course-only domain has nothing to refresh from."""
    with pytest.raises(Invalid) as caught:
        fields.clean_refresh_order(webapp, tree, refresh_order(domain="Kursdomene"), TODAY)
    assert caught.value.codes() == {"domain": ["domain.course_only"]}
    details = fields.clean_refresh_order(
        webapp, tree, refresh_order(domain="bufdir", when="2026-03-10"), TODAY
    )
    assert details == {"domain": "BUFdir", "when": "2026-03-10", "reason": "Kurs neste uke"}


# Arbitrary text, weighted towards what breaks DNs, filters and checksums.
NASTY = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(',+"\\<>;=*()\x00#\n\r\t æøåÆØÅ-_.@'), max_size=80),
    st.text(min_size=200, max_size=5000),
    st.from_regex(r"[0-9]{9}", fullmatch=True),
    st.from_regex(r"\+?[0-9 ]{1,15}", fullmatch=True),
    st.sampled_from(["BUFdir", "bufdir", "*", "*)(uid=*", "cn=x,dc=y", "\x00", "eier.bufdir"]),
    st.lists(st.text(max_size=30), max_size=4),
    st.none(),
    st.integers(),
)
FORMS = {
    "domain": (domain_order, ["name", "description", "agency", "org_number", "owners"]),
    "access": (
        access_order,
        [
            "service_owner",
            "access",
            "write_domains",
            "environments",
            "employer",
            "given_name",
            "surname",
            "mail",
            "mobile",
            "username",
        ],
    ),
    "refresh": (refresh_order, ["domain", "when", "reason"]),
}


def entry_count(manager, tree):
    return len(manager.search(tree.suffix, "(objectClass=*)", ["1.1"]))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(sorted(FORMS)),
    data=st.data(),
)
def test_arbitrary_input_is_refused_with_field_errors_and_writes_nothing(
    webapp, manager, tree, accounts, kind, data
):
    """Any text in any field: a valid order, or Invalid with field errors and no entry."""
    make, names = FORMS[kind]
    bad = data.draw(st.dictionaries(st.sampled_from(names), NASTY, min_size=1, max_size=4))
    user = Actor(accounts["brukerservice"].dn, servicedesk=True)
    before = entry_count(manager, tree)
    try:
        order = orders.submit(webapp, tree, user, kind, make(**bad))
    except Invalid as exc:
        assert exc.errors
        assert all(e.field in names and e.code for e in exc.errors)
        assert entry_count(manager, tree) == before
    else:
        # By chance valid: what was stored is clean, and it is removed again.
        for value in order.details.values():
            if isinstance(value, str):
                assert value == fields.text("x", value, 5000, required=False, multiline=True)
        manager.delete(order.dn)


def test_a_name_with_aeoeaa_is_taken_in_any_case(webapp, manager, tree):
    """Æ and æ, Ø and ø, Å and å are the same letter to uniqueness."""
    from directory.domains import create_domain

    create_domain(manager, tree, "course", "Ærøå-test", agency="Test")
    try:
        with pytest.raises(Invalid) as caught:
            clean_domain_order(webapp, tree, domain_order(name="æRØÅ-TEST"))
        assert caught.value.codes() == {"name": ["domain_name.taken"]}
    finally:
        manager.delete(tree.writers("course", "Ærøå-test"))
        manager.delete(tree.domain("course", "Ærøå-test"))


def test_an_access_orders_directory_errors_come_with_its_field_errors(webapp, tree):
    """An unknown service owner and write domain beside a wrong mobile: all at once."""
    with pytest.raises(Invalid) as caught:
        fields.clean_access_order(
            webapp,
            tree,
            access_order(service_owner="Finnes-ikke", write_domains=["Ukjent"], mobile="123"),
        )
    assert caught.value.codes() == {
        "service_owner": ["domain.unknown"],
        "write_domains": ["domain.unknown"],
        "mobile": ["mobile.invalid"],
    }


def test_a_refresh_orders_unknown_domain_comes_with_its_date_error(webapp, tree):
    with pytest.raises(Invalid) as caught:
        fields.clean_refresh_order(
            webapp, tree, refresh_order(domain="Finnes-ikke", when="2020-01-01"), TODAY
        )
    assert caught.value.codes() == {"domain": ["domain.unknown"], "when": ["date.past"]}
