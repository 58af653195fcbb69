"""Two real directories built from ldif/: production's server and the course's."""

from dataclasses import dataclass

import pytest

from directory.connection import Ldap, Servers
from directory.server.build import BuildOptions, build
from directory.server.slapd import Slapd, free_port
from directory.settings import Settings
from directory.sync.diff import key
from directory.sync.engine import relative
from directory.tree import Tree

SUFFIX = "dc=seres,dc=example"


def models(env: str, domain: str, count: int, elements: int, note: str = "") -> str:
    """LDIF of ``count`` models with ``elements`` elements each under one domain."""
    out = []
    for m in range(count):
        model = f"cn=model-{m},cn={domain},ou=domains,ou={env},{SUFFIX}"
        out.append(
            f"dn: {model}\nobjectClass: seresModel\ncn: model-{m}\n"
            f"description: Model {m} of {domain}{note}\n"
        )
        for e in range(elements):
            out.append(
                f"dn: cn=element-{e},{model}\nobjectClass: seresModelVersion\n"
                f"cn: element-{e}\nseresModelState: working\ndescription: Element {e} of {domain}\n"
            )
    return "\n".join(out)


# Production: BUFdir with models, and a domain the course lacks.
PROD_EXTRA = "\n".join(
    [
        models("prod", "BUFdir", 3, 4),
        f"dn: cn=Nytt-domene,ou=domains,ou=prod,{SUFFIX}\nobjectClass: seresDomain\n"
        "cn: Nytt-domene\nseresAgencyName: Nytt direktorat\n",
        models("prod", "Nytt-domene", 2, 3),
    ]
)
# Course: BUFdir changed by a course (an element renamed away, a model added,
# a description changed), a domain production no longer has, and the
# course-only domain with a model.
COURSE_EXTRA = "\n".join(
    [
        models("course", "BUFdir", 2, 3, note=" (edited in a course)"),
        f"dn: cn=course-model,cn=BUFdir,ou=domains,ou=course,{SUFFIX}\n"
        "objectClass: applicationProcess\ncn: course-model\n",
        f"dn: cn=Gammelt-domene,ou=domains,ou=course,{SUFFIX}\nobjectClass: seresDomain\n"
        "cn: Gammelt-domene\n",
        models("course", "Gammelt-domene", 2, 2),
        models("course", "Kursdomene", 1, 2),
    ]
)


@dataclass
class Pair:
    prod_server: Slapd
    course_server: Slapd
    prod: Ldap  # the sync account on production's server
    course: Ldap  # the sync account on the course's server
    manager_course: Ldap
    tree: Tree

    def env(self) -> dict[str, str]:
        """The environment `seres sync` reads to reach these two servers."""
        return {
            "SERES_SYNC_PROD_URLS": self.prod_server.url,
            "SERES_SYNC_COURSE_URLS": self.course_server.url,
            "SERES_SYNC_PASSWORD": self.password,
        }

    password: str = ""


def start(root, accounts, extra: str) -> Slapd:
    build(
        root,
        BuildOptions(manager_password=accounts["manager"].password, nosync=True),
        extra_ldif=extra,
    )
    return Slapd(root, port=free_port()).start()


def make_pair(root, accounts):
    """Start production's and the course's servers under ``root``; yield the Pair; stop them."""
    prod_server = start(root / "prod", accounts, PROD_EXTRA)
    course_server = start(root / "course", accounts, COURSE_EXTRA)
    sync, manager = accounts["sync"], accounts["manager"]

    def bind(server: Slapd, account) -> Ldap:
        return Servers(Settings((server.url,), account.dn, account.password)).service()

    made = Pair(
        prod_server,
        course_server,
        bind(prod_server, sync),
        bind(course_server, sync),
        bind(course_server, manager),
        Tree(),
        sync.password,
    )
    yield made
    for ldap in (made.prod, made.course, made.manager_course):
        ldap.close()
    prod_server.stop()
    course_server.stop()


@pytest.fixture
def pair(tmp_path, accounts):
    """Fresh production and course servers that differ (see PROD_EXTRA, COURSE_EXTRA)."""
    yield from make_pair(tmp_path, accounts)


@pytest.fixture(scope="module")
def unchanged_pair(tmp_path_factory, accounts):
    """One pair for a module's tests that write nothing to either server (dry runs, refusals)."""
    yield from make_pair(tmp_path_factory.mktemp("pair"), accounts)


def snapshot(ldap: Ldap, tree: Tree, env: str, skip: tuple[str, ...] = ()) -> dict:
    """Every entry under ou=domains (relative DN key -> attribute values), for comparing."""
    base = tree.domains(env)
    out = {}
    for dn, attributes in ldap.paged(base, attributes=["*"], raw=True):
        if dn.lower() == base.lower():
            continue
        k = key(relative(dn, base))
        if k[0] in skip:
            continue
        out[k] = {name.lower(): frozenset(values) for name, values in attributes.items()}
    return out
