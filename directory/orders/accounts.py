"""The accounts an order makes: the person of an access order, a domain order's new owners.

Each step looks first and makes only what is missing (see
``directory.orders.provisioning``). A person is made without a password, as
the acting identity; their SMS token, and the link to it, by the web app's
own account. The account chosen is kept in the order's history (an
``account`` event), so a run after a failure finishes the same account.
"""

import re
import unicodedata

from directory import attrs, otp
from directory.connection import ADD, REPLACE, Ldap
from directory.entries import Order
from directory.orders import workflow
from directory.orders.store import record
from directory.people import USERNAME, people_with_mail
from directory.tree import Tree


class ProvisioningError(Exception):
    """The order cannot be carried out as it stands; the service desk must look.

    ``code`` and ``params`` say why, for the desk's words
    (``webapp.orders.messages``); the text is English, for logs. The params
    may name other people's accounts: only the desk may see them.

    Codes (params in brackets): ``mail_shared`` [count, mail];
    ``mail_taken`` [username, wanted]; ``username_taken`` [username];
    ``no_free_username`` [base]; ``domain_other_agency`` [name, env];
    ``no_refresh``; ``refresh_later`` [when]; ``refresh_failures``
    [domain, count]; ``training_missing`` [person].
    """

    def __init__(self, code: str, text: str, **params):
        super().__init__(text)
        self.code = code
        self.params = params


def _ascii(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii())


def username_for(given_name: str, surname: str) -> str:
    """Return ``given.surname`` in lower-case ASCII (æ→ae, ø→o, å→aa; spaces→hyphens)."""
    parts = []
    for name in (given_name, surname):
        part = re.sub(r"[^a-z0-9]+", "-", _ascii(name)).strip("-")
        if part:
            parts.append(part)
    candidate = ".".join(parts)[:28].strip(".-")
    return candidate if USERNAME.fullmatch(candidate) else "bruker"


def _free_username(acting: Ldap, webapp: Ldap, tree: Tree, base: str) -> str:
    """The first of base, base2, base3, ... with neither a person nor a token."""
    for n in range(1, 1000):
        candidate = base if n == 1 else f"{base}{n}"
        if not acting.exists(tree.person(candidate)) and not webapp.exists(tree.token(candidate)):
            return candidate
    raise ProvisioningError("no_free_username", f"no free username like {base}", base=base)


def _account(acting: Ldap, webapp: Ldap, tree: Tree, details: dict) -> tuple[str, bool]:
    """Choose the account a person named in an order has: (username, whether it is new).

    The account with the e-mail address given is the person's; a username
    given in the order must be that account's, or free. Otherwise a new one.
    """
    matches = people_with_mail(acting, tree, details["mail"])
    if len(matches) > 1:
        raise ProvisioningError(
            "mail_shared",
            f"{len(matches)} accounts have the address {details['mail']}",
            count=len(matches),
            mail=details["mail"],
        )
    wanted = details.get("username") or ""
    if matches:
        username = str((acting.read(matches[0], ["uid"]) or {}).get("uid", [""])[0])
        if wanted and wanted.lower() != username.lower():
            raise ProvisioningError(
                "mail_taken",
                f"the address belongs to {username}, not {wanted}",
                username=username,
                wanted=wanted,
            )
        return username, False
    if wanted:
        if acting.exists(tree.person(wanted)):
            raise ProvisioningError(
                "username_taken", f"{wanted} is another person's username", username=wanted
            )
        return wanted, True
    base = username_for(details["given_name"], details["surname"])
    return _free_username(acting, webapp, tree, base), True


def ensure_token(webapp: Ldap, tree: Tree, username: str, made: list) -> None:
    """The person has an SMS token and points at it, both by the web app's account.

    The link (oathTOTPUser and oathTOTPToken) decides that a bind needs the
    code: slapd lets only the web app's own account write it, not the desk.
    """
    token = tree.token(username)
    if not webapp.exists(token):
        webapp.add(
            token,
            ["device", "oathTOTPToken"],
            {
                "cn": username,
                "oathSecret": otp.to_bytes(otp.new_secret()),
                "oathTOTPParams": tree.otp_params("sms"),
            },
        )
        made.append(f"created {token}")
    person = tree.person(username)
    values = webapp.read(person, ["objectClass", "oathTOTPToken"])
    linked = {str(t).lower() for t in (values or {}).get("oathTOTPToken", [])}
    # A deleted token leaves refint's cn=nobody in its place: relink then too.
    if values is not None and token.lower() not in linked:
        # oathTOTPUser must name its token: class and link come in one change.
        changes = {"oathTOTPToken": [(REPLACE, [token])]}
        if "oathtotpuser" not in {str(c).lower() for c in values.get("objectClass", [])}:
            changes["objectClass"] = [(ADD, ["oathTOTPUser"])]
        webapp.modify(person, changes)
        made.append(f"linked {token}")


def ensure_person(acting: Ldap, tree: Tree, username: str, details: dict, made: list) -> str:
    dn = tree.person(username)
    if acting.exists(dn):
        return dn
    values = attrs.to_ldap(
        attrs.PERSON,
        {
            "username": username,
            "name": f"{details['given_name']} {details['surname']}",
            "given_name": details["given_name"],
            "surname": details["surname"],
            "display_name": f"{details['given_name']} {details['surname']}",
            "mail": details["mail"],
            "mobile": details["mobile"],
            "organisation": details.get("employer") or None,
        },
    )
    # No password: the person sets it at activation; until then no bind works.
    # inetOrgPerson only: oathTOTPUser comes with the link to the token.
    acting.add(dn, ["inetOrgPerson"], values)
    made.append(f"created {dn}")
    return dn


def _chosen(
    acting: Ldap, webapp: Ldap, tree: Tree, order: Order, details: dict, now, by_mail=False
) -> tuple[Order, str, bool]:
    """The account of the person ``details`` names, chosen once: (order, username, new).

    An access order has one person; a domain order's new owners are told apart by
    their e-mail address (``by_mail``), kept in each ``account`` event.
    """
    mail = details["mail"].lower()
    for event in order.events:
        if event.event == workflow.ACCOUNT and (
            not by_mail or str(event.data.get("mail", "")).lower() == mail
        ):
            return order, event.data["username"], event.data["new"]
    username, new = _account(acting, webapp, tree, details)
    data = {"username": username, "new": new} | ({"mail": details["mail"]} if by_mail else {})
    # Kept in the order, so a run after a failure finishes the same account.
    order = record(webapp, tree, order, webapp.bound_dn, event=workflow.ACCOUNT, data=data, now=now)
    return order, username, new


def choose_account(acting: Ldap, webapp: Ldap, tree: Tree, order: Order, now) -> tuple:
    """The account of an access order, chosen once: return (order, username, new)."""
    return _chosen(acting, webapp, tree, order, order.details, now)


def make_new_owners(
    acting: Ldap, webapp: Ldap, tree: Tree, order: Order, made: list, now
) -> tuple[Order, list[str], list[tuple[str, str]]]:
    """A domain order's new owners: their accounts (found by e-mail, or made) and tokens.

    Return the order (with its ``account`` events), the owners' DNs, and the
    (username, e-mail) of each account made, who get an activation link.
    """
    dns, new_people = [], []
    for owner in order.details.get("new_owners", []):
        order, username, new = _chosen(acting, webapp, tree, order, owner, now, by_mail=True)
        dn = ensure_person(acting, tree, username, owner, made) if new else tree.person(username)
        ensure_token(webapp, tree, username, made)
        dns.append(dn)
        if new:
            new_people.append((username, owner["mail"]))
    return order, dns, new_people
