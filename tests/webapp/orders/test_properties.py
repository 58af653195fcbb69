"""Arbitrary text in every field of every order form: never a 500, never a write when invalid."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import csrf_token
from tests.webapp.orders.helpers import access_data, count, domain_data, unique

NASTY = st.sampled_from(
    [
        "",
        " ",
        "*",
        "*)(uid=*",
        "\\",
        "a,b=c",
        "cn=x,ou=people,dc=seres,dc=example",
        "#lead",
        "trail ",
        "\x00",
        "a\nb",
        "\u202eevil",
        "æøå ÆØÅ",
        "x" * 5000,
        "986128434",
        "12345678",
        "+47 222 22 222",
        "2026-02-30",
        "1999-01-01",
        "@",
        "a@b",
        "BUFdir\nLegemiddelverket",
    ]
)
# Any text a browser can send (no lone surrogates: they cannot be encoded).
TEXT = st.one_of(
    NASTY,
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    NASTY.map(lambda s: s * 3),
)

FORMS = {
    "domain": ("name", "description", "agency", "org_number", "owners"),
    "access": (
        "service_owner",
        "access",
        "write_domains",
        "environments",
        "given_name",
        "surname",
        "mail",
        "mobile",
        "employer",
        "username",
    ),
    "refresh": ("domain", "when", "reason"),
}


@pytest.fixture(scope="module")
def desk_client(roles, signed_in):
    """The desk may place every kind of order, so every field is checked."""
    client = signed_in(roles.desk)
    token = {
        kind: csrf_token(client.get(f"/orders/new/{kind}").get_data(as_text=True)) for kind in FORMS
    }
    return client, token


def base_data(kind: str, owner: str) -> dict:
    if kind == "domain":
        return domain_data(unique("Prop"), owner)
    if kind == "access":
        return access_data(unique("prop."), access="read", write_domains=[])
    return {"domain": "BUFdir", "when": "", "reason": "Kurs"}


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_arbitrary_text_in_any_field_never_fails_and_never_writes_when_invalid(
    data, desk_client, roles, manager, tree
):
    """One field gets arbitrary text, the others are valid: 303 and one order, or 400 and none."""
    client, token = desk_client
    kind = data.draw(st.sampled_from(sorted(FORMS)))
    field = data.draw(st.sampled_from(FORMS[kind]))
    value = data.draw(TEXT)
    form = base_data(kind, roles.owner.username)
    form[field] = [value] if field == "write_domains" else value
    before = (count(manager, tree.orders), count(manager, tree.people))
    response = client.post(f"/orders/new/{kind}", data={"csrf_token": token[kind], **form})
    after = (count(manager, tree.orders), count(manager, tree.people))
    assert response.status_code in (303, 400), (kind, field, value, response.status_code)
    if response.status_code == 400:
        assert after == before
        assert 'class="error"' in response.get_data(as_text=True)
    else:
        assert after == (before[0] + 1, before[1])
        order_id = response.headers["Location"].rsplit("/", 1)[1]
        manager.delete(tree.order(order_id))
