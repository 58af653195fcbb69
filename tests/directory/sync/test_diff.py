"""The pure difference, table-driven, without a server."""

import pytest

from directory.sync.diff import Add, Delete, Modify, diff, is_under, key


def e(dn: str, **attributes) -> tuple[str, dict]:
    """An entry with cn from its RDN and the given attributes (lists of bytes)."""
    values = {"objectClass": [b"applicationProcess"], "cn": [dn.split(",")[0][3:].encode()]}
    values.update({name: [v.encode() for v in vs] for name, vs in attributes.items()})
    return dn, values


def ops(wanted, current) -> list[tuple[str, str]]:
    return [(op.kind, op.dn) for op in diff(wanted, current)]


CASES = [
    ("both empty", [], [], []),
    ("equal", [e("cn=D"), e("cn=m,cn=D")], [e("cn=D"), e("cn=m,cn=D")], []),
    (
        "a new domain is added parent first",
        [e("cn=D"), e("cn=m,cn=D"), e("cn=x,cn=m,cn=D")],
        [],
        [("add", "cn=D"), ("add", "cn=m,cn=D"), ("add", "cn=x,cn=m,cn=D")],
    ),
    (
        "a removed subtree is deleted children first",
        [e("cn=D")],
        [e("cn=D"), e("cn=a,cn=D"), e("cn=x,cn=a,cn=D"), e("cn=y,cn=a,cn=D"), e("cn=b,cn=D")],
        [
            ("delete", "cn=x,cn=a,cn=D"),
            ("delete", "cn=y,cn=a,cn=D"),
            ("delete", "cn=a,cn=D"),
            ("delete", "cn=b,cn=D"),
        ],
    ),
    (
        "a changed entry is modified in place",
        [e("cn=D", description=["new"])],
        [e("cn=D", description=["old"])],
        [("modify", "cn=D")],
    ),
    (
        "names differing only in case are the same entry",
        [e("cn=D"), e("cn=Model,cn=D")],
        [e("cn=D"), e("CN=Model,cn=D")],
        [],
    ),
    (
        "adds, changes and deletes interleave in key order",
        [e("cn=A"), e("cn=B", l=["x"]), e("cn=m,cn=B")],
        [e("cn=B"), e("cn=old,cn=B"), e("cn=C"), e("cn=m,cn=C")],
        [
            ("add", "cn=A"),
            ("modify", "cn=B"),
            ("add", "cn=m,cn=B"),
            ("delete", "cn=old,cn=B"),
            ("delete", "cn=m,cn=C"),
            ("delete", "cn=C"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("wanted", "current", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_diff_yields_the_operations_in_a_safe_order(wanted, current, expected):
    """Each table row: the operations and their order (parents added first, deleted last)."""
    assert ops(wanted, current) == expected


MODIFY_CASES = [
    ("a value changed", {"l": [b"x"]}, {"l": [b"y"]}, {"l": [b"x"]}, ()),
    ("an attribute added", {"l": [b"x"]}, {}, {"l": [b"x"]}, ()),
    ("an attribute removed", {}, {"l": [b"x"]}, {}, ("l",)),
    ("value order does not matter", {"l": [b"a", b"b"]}, {"l": [b"b", b"a"]}, None, None),
    ("attribute names without case", {"L": [b"x"]}, {"l": [b"x"]}, None, None),
    (
        "one of many values changed",
        {"l": [b"a", b"c"]},
        {"l": [b"a", b"b"]},
        {"l": [b"a", b"c"]},
        (),
    ),
]


@pytest.mark.parametrize(
    ("wanted", "current", "replace", "remove"),
    [c[1:] for c in MODIFY_CASES],
    ids=[c[0] for c in MODIFY_CASES],
)
def test_a_modify_names_only_the_attributes_that_differ(wanted, current, replace, remove):
    """cn and objectClass are equal, so only the differing attributes appear."""

    def domain(extra: dict) -> tuple[str, dict]:
        dn, values = e("cn=D")
        return dn, {**values, **extra}

    found = list(diff([domain(wanted)], [domain(current)]))
    if replace is None:
        assert found == []
    else:
        assert found == [Modify("cn=D", replace, remove)]


def test_an_added_entry_carries_all_its_attributes():
    """The add has the production entry's attributes as they are."""
    entry = e("cn=m,cn=D", description=["a model"])
    assert list(diff([entry], [])) == [Add(*entry)]
    assert list(diff([], [entry])) == [Delete("cn=m,cn=D")]


@pytest.mark.parametrize("side", ["wanted", "current"])
def test_an_unsorted_stream_is_refused(side):
    """A stream out of key order would give wrong operations: ValueError instead."""
    unsorted = [e("cn=m,cn=D"), e("cn=D")]
    args = (unsorted, []) if side == "wanted" else ([], unsorted)
    with pytest.raises(ValueError, match="not sorted"):
        list(diff(*args))


def test_the_key_puts_parents_first_and_ignores_case_and_rdn_order():
    """Reversed, normalized RDNs: a parent's key is a prefix of its children's."""
    assert key("cn=m,cn=D") == ("cn=d", "cn=m")
    assert key("CN=M,cn=d") == key("cn=m,cn=D")
    assert key("sn=x+cn=a,cn=D") == key("cn=a+sn=x,cn=D")
    assert key("cn=a\\,b,cn=D") == ("cn=d", "cn=a\\,b")
    assert key("cn=D") < key("cn=m,cn=D") < key("cn=n,cn=D") < key("cn=E")
    assert is_under(key("cn=x,cn=m,cn=D"), key("cn=D"))
    assert not is_under(key("cn=D"), key("cn=m,cn=D"))


def s(dn: str, structural: str, **attributes) -> tuple[str, dict]:
    """An entry as the refresh reads it: with its structuralObjectClass (operational)."""
    dn, values = e(dn, **attributes)
    values["objectClass"] = [structural.encode()]
    values["structuralObjectClass"] = [structural.encode()]
    return dn, values


def test_an_entry_whose_structural_class_differs_is_replaced_with_its_subtree():
    """slapd refuses to change a structural class: the course subtree goes, production's is added."""
    wanted = [s("cn=D", "seresDomain"), s("cn=m,cn=D", "applicationProcess")]
    wanted += [s("cn=x,cn=m,cn=D", "applicationProcess"), s("cn=z,cn=D", "applicationProcess")]
    current = [s("cn=D", "seresDomain"), s("cn=m,cn=D", "device")]
    current += [s("cn=x,cn=m,cn=D", "applicationProcess"), s("cn=y,cn=m,cn=D", "device")]
    current += [s("cn=z,cn=D", "applicationProcess")]
    assert ops(wanted, current) == [
        ("delete", "cn=y,cn=m,cn=D"),
        ("delete", "cn=x,cn=m,cn=D"),
        ("delete", "cn=m,cn=D"),
        ("add", "cn=m,cn=D"),
        ("add", "cn=x,cn=m,cn=D"),
    ]


def test_structural_object_class_is_compared_but_never_written():
    """It is operational: not in an add, not in a modify; the same class with other values is a modify."""
    wanted = [s("cn=D", "seresDomain"), s("cn=m,cn=D", "applicationProcess", l=["ny"])]
    current = [s("cn=D", "seresDomain")]
    (add,) = diff(wanted, current)
    assert "structuralObjectClass" not in add.attributes
    current = [s("cn=D", "seresDomain"), s("cn=m,cn=D", "applicationProcess", l=["gammel"])]
    (modify,) = diff(wanted, current)
    assert modify == Modify("cn=m,cn=D", {"l": [b"ny"]})
    (modify,) = diff(wanted, [s("cn=D", "seresDomain"), e("cn=m,cn=D", l=["gammel"])])
    assert modify == Modify(
        "cn=m,cn=D", {"l": [b"ny"]}
    )  # without it on one side: compared as before
