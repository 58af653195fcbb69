"""Entries as small dataclasses, made from LDAP attributes by the one map."""

from dataclasses import dataclass, field

from directory import attrs


def _first(values: dict, attribute: str, default: str = "") -> str:
    found = values.get(attribute) or []
    return str(found[0]) if found else default


def _fields(mapping: dict[str, str], values: dict, multi: tuple[str, ...] = ()) -> dict:
    out = {}
    for name, attribute in mapping.items():
        if name in multi:
            out[name] = tuple(str(v) for v in values.get(attribute) or ())
        else:
            out[name] = _first(values, attribute)
    return out


@dataclass(frozen=True)
class Person:
    dn: str
    username: str
    name: str
    given_name: str = ""
    surname: str = ""
    display_name: str = ""
    mail: str = ""
    mobile: str = ""
    description: str = ""
    groups: tuple[str, ...] = field(default=())

    @classmethod
    def from_entry(cls, dn: str, values: dict) -> "Person":
        groups = tuple(str(g) for g in values.get(attrs.MEMBER_OF) or ())
        return cls(dn=dn, groups=groups, **_fields(attrs.PERSON, values))


@dataclass(frozen=True)
class Group:
    dn: str
    name: str
    description: str = ""
    members: tuple[str, ...] = ()

    @classmethod
    def from_entry(cls, dn: str, values: dict) -> "Group":
        return cls(dn=dn, **_fields(attrs.GROUP, values, multi=("members",)))


@dataclass(frozen=True)
class Domain:
    dn: str
    env: str
    name: str
    agency: str = ""
    org_number: str = ""
    description: str = ""
    course_only: bool = False

    @classmethod
    def from_entry(cls, dn: str, env: str, values: dict) -> "Domain":
        fields = _fields(attrs.DOMAIN, values)
        fields["course_only"] = fields["course_only"].upper() == "TRUE"
        return cls(dn=dn, env=env, **fields)
