"""The enquiry's rules as pure functions: its fields, its states, who may do what."""

from collections.abc import Mapping
from typing import Any

from directory.orders import fields as validation
from directory.orders import workflow
from directory.orders.fields import _Collector

ENQUIRY = "enquiry"
TOPICS = ("agreement", "course", "domain", "access", "models", "other")
MAX_QUESTION = 4000
# The orders' states: open for the desk, answered, withdrawn by the asker.
OPEN, ANSWERED, WITHDRAWN = workflow.READY, workflow.COMPLETED, workflow.WITHDRAWN
ANSWER, WITHDRAW = "answer", "withdraw"
# Events of the history.
SUBMITTED, ANSWERED_EVENT, WITHDRAWN_EVENT = workflow.SUBMITTED, "answered", workflow.WITHDRAWN


def clean_enquiry(data: Mapping[str, Any], attachments: int = 0) -> dict:
    """Return the enquiry's details (topic, domain or "", text); raise validation.Invalid.

    ``attachments``: how many files came with the form; any is refused
    (``attachments.refused`` on ``text``): files go by arrangement with the desk.
    """
    check = _Collector()
    topic = check(validation.choice, "topic", data.get("topic"), TOPICS, "topic.invalid")
    domain = data.get("domain") or ""
    if domain:
        domain = check(validation.domain_name, "domain", domain)
    text = check(validation.text, "text", data.get("text"), MAX_QUESTION, multiline=True)
    if attachments:
        check.add("text", "attachments.refused")
    check.done()
    return {"topic": topic, "domain": domain, "text": text}


def clean_public_enquiry(data: Mapping[str, Any], attachments: int = 0) -> dict:
    """An enquiry without sign-in: name and e-mail besides topic and text; validation.Invalid.

    The e-mail address is where the answer goes; nothing is looked up by it
    (no account is told apart from none).
    """
    check = _Collector()
    name = check(validation.text, "name", data.get("name"), validation.MAX_LINE)
    mail = check(validation.mail, "email", data.get("email"))
    details = check(clean_enquiry, {**data, "domain": ""}, attachments)
    check.done()
    return {**details, "name": name, "email": mail, "public": True}


def allowed(state: str, is_asker: bool, servicedesk: bool) -> frozenset[str]:
    """The actions a person may take on an enquiry in ``state``."""
    actions = set()
    if state == OPEN and servicedesk:
        actions.add(ANSWER)
    if state == OPEN and is_asker:
        actions.add(WITHDRAW)
    return frozenset(actions)


def decide(state: str, is_asker: bool, servicedesk: bool, action: str, text: str = ""):
    """Return the orders' Change that ``action`` makes, or raise workflow.NotAllowed."""
    if action not in allowed(state, is_asker, servicedesk):
        raise workflow.NotAllowed(f"{action} on an enquiry in state {state}")
    if action == ANSWER:
        return workflow.Change(ANSWERED, (), ANSWERED_EVENT, text)
    return workflow.Change(WITHDRAWN, (), WITHDRAWN_EVENT, "")
