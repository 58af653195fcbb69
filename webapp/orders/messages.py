"""Words for codes: validation errors, provisioning's failures, order types, states, events.

``FIELD_MESSAGES`` is the one table from ``directory.orders.fields``' error
codes to the message shown on a field; a ``(field, code)`` key gives a field
its own wording where the general one would be vague.
``PROVISIONING_MESSAGES`` is the one table from ``ProvisioningError`` codes
(and the codes ``provisioning.failure_of`` gives other errors) to the words
the service desk reads. They may name other people's accounts, so only the
desk reads them; everyone else reads ``STOPPED_FOR_OTHERS``.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from directory.orders import workflow
from directory.orders.fields import FieldError, Invalid

FIELD_MESSAGES = {
    "required": _l("Fill in this field."),
    ("owners", "required"): _l("Name at least one owner (their username)."),
    ("write_domains", "required"): _l("Choose at least one domain to write to."),
    ("access", "required"): _l("Choose read or write access."),
    ("environments", "required"): _l("Choose the environments."),
    ("service_owner", "required"): _l("Choose the service owner."),
    ("domain", "required"): _l("Choose the domain."),
    ("reason", "required"): _l("Give the reason."),
    ("owner", "required"): _l("Name the owner who gave permission (their username)."),
    ("reference", "required"): _l("Say how the owner gave permission."),
    "not_owner_of": _l("This person is not an owner of %(name)s."),
    "invalid": _l("This value cannot be used."),
    "too_long": _l("Too long: at most %(max)s characters."),
    "too_many": _l("Too many: at most %(max)s."),
    "control_characters": _l("Contains characters that cannot be used (control characters)."),
    "domain_name.invalid": _l(
        "Use 2–64 letters (æ, ø and å too), digits and hyphens; not a hyphen first or last."
    ),
    "domain_name.taken": _l(
        "This name is taken, or already ordered (in either environment, in any case)."
    ),
    "domain.unknown": _l("There is no domain called %(name)s."),
    "domain.missing_in_environment": _l("The domain %(name)s does not exist in %(env)s."),
    "domain.course_only": _l(
        "%(name)s exists only in the course environment; there is nothing to refresh it from."
    ),
    "org_number.invalid_length": _l("An organisation number has nine digits."),
    "org_number.invalid_format": _l("An organisation number has digits only."),
    "org_number.invalid_checksum": _l(
        "This is not a valid organisation number (the check digit is wrong)."
    ),
    "mobile.invalid": _l("This is not a valid phone number."),
    "mobile.not_mobile": _l("This is not a mobile number; the one-time codes are sent by SMS."),
    "mail.invalid": _l("This is not a valid e-mail address."),
    "name.invalid": _l("Use letters, spaces, hyphens and apostrophes, beginning with a letter."),
    "username.invalid": _l(
        "A username has 2–32 of a–z, 0–9, dots and hyphens, beginning and ending with a letter or digit."
    ),
    "username.unknown": _l("Nobody has the username %(name)s."),
    "environments.invalid": _l("Choose production, course or both."),
    "access.invalid": _l("Choose read or write access."),
    "access.domains_without_write": _l(
        "Domains to write to are only for write access: choose write access, or no domains."
    ),
    "date.invalid": _l("Write the date as YYYY-MM-DD, e.g. 2026-03-02."),
    "date.past": _l("The date has passed."),
    "date.not_after_today": _l("Choose a day after today."),
    "date.too_far": _l("At most %(max_days)s days ahead."),
    "duplicate": _l("%(name)s is named twice."),
    # The agency's agreement (directory.agencies): say what to do.
    "agency.unknown": _l(
        "SERES has no agreement with this agency. Ask SERES brukerservice for an agreement "
        "(service development in Altinn, or SERES outside Altinn) before ordering a domain."
    ),
    "agency.no_agreement": _l(
        "This agency has no agreement with SERES yet. Ask SERES brukerservice for an agreement "
        "(service development in Altinn, or SERES outside Altinn) before ordering a domain."
    ),
    "agency.agreement_ended": _l(
        "This agency's agreement with SERES has ended. Ask SERES brukerservice to renew it, "
        "then order the domain again."
    ),
    "agency.agreement_not_started": _l(
        "This agency's agreement with SERES has not started yet. Order the domain on or after "
        "its first day."
    ),
    # The desk's agency and agreement forms (directory.agencies.input).
    "agreement.kind_invalid": _l("Choose service development in Altinn or SERES outside Altinn."),
    "agreement.reference_invalid": _l(
        "Use up to 64 letters, digits, dots, slashes, underscores and hyphens."
    ),
    "agreement.end_before_start": _l("The last day is before the first day."),
    "agreement.taken": _l("This agency already has an agreement with this reference."),
    "agency.taken": _l("This organisation number is already recorded."),
    # Enquiries (directory.enquiries.rules).
    "topic.invalid": _l("Choose a topic."),
    ("topic", "required"): _l("Choose a topic."),
    ("text", "required"): _l("Write your question."),
    ("answer", "required"): _l("Write the answer."),
    "attachments.refused": _l(
        "Attachments cannot be sent here. Describe it in the text; SERES brukerservice "
        "asks for files if they are needed."
    ),
    # Owner orders (directory.orders.owner_changes).
    ("change", "required"): _l("Choose to add or remove the owner."),
    "owner.already": _l("This person is already an owner of %(name)s."),
    "owner.not_owner": _l("This person is not an owner of %(name)s."),
    # Not validation's: placing an order for a domain one does not own.
    "not_owner": _l("You may order only for domains you own."),
}


PROVISIONING_MESSAGES = {
    "mail_shared": _l(
        "%(count)s accounts have the address %(mail)s: it cannot tell whose the order is."
    ),
    "mail_taken": _l("The address belongs to %(username)s, not %(wanted)s."),
    "username_taken": _l("%(username)s is another person's username."),
    "no_free_username": _l("No username like %(base)s is free."),
    "domain_other_agency": _l("%(name)s exists in %(env)s for another agency."),
    "no_refresh": _l("No course refresh is connected."),
    "refresh_later": _l("The refresh is ordered for %(when)s: carry it out on that day."),
    "refresh_failures": _l("The refresh of %(domain)s left %(count)s entries it could not write."),
    "training_missing": _l(
        "The person has completed no SERES course, which write access in production needs."
        " Sign them up for a course, or waive the condition with a reason."
    ),
    "directory": _l("The directory refused: %(error)s"),
    "unexpected": _l("An unexpected error: %(error)s"),
}
STOPPED_FOR_OTHERS = _l("Carrying it out stopped. The service desk is looking into it.")


def environment_name(env: str) -> str:
    return {"prod": _("production"), "course": _("the course environment")}.get(env, env)


def field_message(error: FieldError) -> str:
    """Return the Norwegian (or English) message of one validation error."""
    template = FIELD_MESSAGES.get((error.field, error.code)) or FIELD_MESSAGES.get(
        error.code, FIELD_MESSAGES["invalid"]
    )
    return _filled(template, error.params)


def _filled(template, params: dict) -> str:
    params = dict(params)
    if "env" in params:
        params["env"] = environment_name(params["env"])
    text = str(template)
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return text


def failure_message(failure: dict, fallback: str = "") -> str:
    """The desk's words for why provisioning stopped (``provisioning.failure_of``'s dict)."""
    template = PROVISIONING_MESSAGES.get(failure.get("code", ""))
    if template is None:
        return fallback or _filled(PROVISIONING_MESSAGES["unexpected"], {"error": ""})
    return _filled(template, failure.get("params") or {})


def event_reason(event, desk: bool) -> str:
    """The reason shown with a history event: why provisioning stopped only to the desk."""
    if event.event != workflow.PROVISIONING_FAILED:
        return event.reason
    if not desk:
        return str(STOPPED_FOR_OTHERS)
    return failure_message(event.data or {}, fallback=event.reason)


def show_errors(form, invalid: Invalid) -> None:
    """Put each error's message on its field (or on the form's first field)."""
    for error in invalid.errors:
        field = form._fields.get(error.field) or next(iter(form))
        message = field_message(error)
        if message not in field.errors:
            field.errors = [*field.errors, message]


def type_name(kind: str) -> str:
    return {
        workflow.DOMAIN: _("Domain"),
        workflow.ACCESS: _("User access"),
        workflow.REFRESH: _("Course refresh"),
        workflow.OWNER: _("Domain owners"),
        "enquiry": _("Enquiry"),  # directory.enquiries: kept with the orders
    }.get(kind, kind)


def state_name(state: str) -> str:
    return {
        workflow.AWAITING_OWNER: _("Awaiting the domain owner"),
        workflow.READY: _("Ready for the service desk"),
        workflow.PROVISIONING: _("Being carried out"),
        workflow.COMPLETED: _("Completed"),
        workflow.REJECTED: _("Rejected"),
        workflow.WITHDRAWN: _("Withdrawn"),
    }.get(state, state)


def event_name(event: str) -> str:
    return {
        workflow.SUBMITTED: _("Submitted"),
        workflow.APPROVED: _("Approved"),
        workflow.REJECTED: _("Rejected"),
        workflow.WITHDRAWN: _("Withdrawn"),
        workflow.ACCOUNT: _("Account chosen"),
        workflow.PROVISIONING_STARTED: _("Being set up"),
        workflow.PROVISIONING_FAILED: _("Provisioning stopped"),
        workflow.PROVISIONED: _("Set up"),
        workflow.REPROVISIONED: _("Set up again (repair)"),
        "training_waived": _("Training condition waived"),
    }.get(event, event)
