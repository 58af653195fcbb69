"""The directory tree of DESIGN.md (a contract): every DN is built here."""

import re
from dataclasses import dataclass

from directory.errors import InvalidValue
from directory.escape import normalize_dn, rdn

PRODUCTION = "prod"
COURSE = "course"
ENVIRONMENTS = (PRODUCTION, COURSE)

# An empty groupOfNames is not allowed; this DN stands in for "nobody".
# It is refint's "nothing" value too (ldif/config.ldif.in).
NOBODY_RDN = "cn=nobody"

DEFAULT_SUFFIX = "dc=seres,dc=example"


# Letters, digits, "_", "." and "-": the access rules' DN regex cannot carry
# an escaped comma, and SERES names look like "RA-0678_M".
MODEL_NAME = re.compile(r"[^\W_][\w.-]{0,127}")


def check_model_name(name: str) -> str:
    """Return ``name`` if a model may be named so; else InvalidValue."""
    # fullmatch: "$" would let a trailing newline through.
    if not isinstance(name, str) or not MODEL_NAME.fullmatch(name):
        raise InvalidValue(f"not a model name: {name!r}")
    return name


# A course's short name (its RDN): lower-case letters, digits and hyphens.
COURSE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def check_course_name(name: str) -> str:
    """Return ``name`` if a course may be named so; else InvalidValue."""
    if not isinstance(name, str) or not COURSE_NAME.fullmatch(name):
        raise InvalidValue(f"not a course name: {name!r}")
    return name


def check_environment(env: str) -> str:
    """Return ``env`` if it names an environment; refuse anything else."""
    if env not in ENVIRONMENTS:
        raise ValueError(f"unknown environment {env!r}")
    return env


def group_name(env: str | None, cn: str) -> str:
    """The tree-wide name of a group for tools (seresGroupName): ``prod:readers``; a role's cn."""
    return f"{env}:{cn}" if env else cn


@dataclass(frozen=True)
class Tree:
    """DNs in the tree under one suffix."""

    suffix: str = DEFAULT_SUFFIX

    @property
    def nobody(self) -> str:
        return f"{NOBODY_RDN},{self.suffix}"

    def ou(self, name: str) -> str:
        return f"ou={name},{self.suffix}"

    @property
    def people(self) -> str:
        return self.ou("people")

    @property
    def tokens(self) -> str:
        return self.ou("tokens")

    @property
    def services(self) -> str:
        return self.ou("services")

    @property
    def roles(self) -> str:
        return self.ou("roles")

    @property
    def orders(self) -> str:
        return self.ou("orders")

    def order(self, order_id: str) -> str:
        return f"{rdn('seresOrderId', order_id)},{self.orders}"

    def order_counter(self, name: str) -> str:
        """A counter of order references (``order-reference-B-2026``), beside the orders."""
        return f"{rdn('cn', name)},{self.orders}"

    def person(self, username: str) -> str:
        return f"{rdn('uid', username)},{self.people}"

    def token(self, username: str) -> str:
        return f"{rdn('cn', username)},{self.tokens}"

    def otp_params(self, kind: str) -> str:
        """DN of the OTP parameters: ``sms`` or ``app``."""
        return f"{rdn('cn', kind)},{self.tokens}"

    @property
    def password_policy(self) -> str:
        return f"cn=password,{self.tokens}"

    @property
    def service_password_policy(self) -> str:
        """The service accounts' policy (no lock-out); each names it in pwdPolicySubentry."""
        return f"cn=service-password,{self.tokens}"

    @property
    def manager(self) -> str:
        """The directory's manager (olcRootDN); replication binds as it."""
        return f"cn=manager,{self.suffix}"

    def service(self, name: str) -> str:
        return f"{rdn('cn', name)},{self.services}"

    def role(self, name: str) -> str:
        return f"{rdn('cn', name)},{self.roles}"

    @property
    def servicedesk(self) -> str:
        return self.role("servicedesk")

    def owners(self, domain: str) -> str:
        return self.role(f"owners-{domain}")

    def environment(self, env: str) -> str:
        return self.ou(check_environment(env))

    def domains(self, env: str) -> str:
        return f"ou=domains,{self.environment(env)}"

    def domain(self, env: str, name: str) -> str:
        return f"{rdn('cn', name)},{self.domains(env)}"

    def model(self, env: str, domain: str, name: str) -> str:
        """A model below its domain (``check_model_name``: InvalidValue for other names)."""
        return f"{rdn('cn', check_model_name(name))},{self.domain(env, domain)}"

    def model_version(self, env: str, domain: str, name: str, number: int) -> str:
        return f"cn={int(number)},{self.model(env, domain, name)}"

    def groups(self, env: str) -> str:
        return f"ou=groups,{self.environment(env)}"

    def readers(self, env: str) -> str:
        return f"cn=readers,{self.groups(env)}"

    def writers(self, env: str, domain: str) -> str:
        return f"{rdn('cn', 'writers-' + domain)},{self.groups(env)}"

    def review(self, domain: str) -> str:
        """A domain's review (recertification), below its production write group."""
        return f"cn=review,{self.writers(PRODUCTION, domain)}"

    def group_environment(self, dn: str) -> str | None:
        """The environment whose ``ou=groups`` holds ``dn``; None for a role."""
        name = normalize_dn(dn)
        for env in ENVIRONMENTS:
            if name.endswith("," + normalize_dn(self.groups(env))):
                return env
        return None

    # The course refresh's records, outside the environments (ou=sync).
    @property
    def sync(self) -> str:
        return self.ou("sync")

    @property
    def sync_runs(self) -> str:
        return f"ou=runs,{self.sync}"

    def sync_run(self, run_id: str) -> str:
        return f"{rdn('cn', run_id)},{self.sync_runs}"

    @property
    def sync_lock(self) -> str:
        return f"cn=lock,{self.sync}"

    @property
    def sync_schedule(self) -> str:
        return f"ou=schedule,{self.sync}"

    def sync_change(self, date: str) -> str:
        """DN of a moved or cancelled date, named by its first published date."""
        return f"{rdn('cn', date)},{self.sync_schedule}"

    # Courses and who took part (issue 17; docs/courses.md).
    @property
    def courses(self) -> str:
        return self.ou("courses")

    def course(self, name: str) -> str:
        """A course (``check_course_name``: InvalidValue for other names)."""
        return f"{rdn('cn', check_course_name(name))},{self.courses}"
