"""The order forms, the action buttons and the queue's filters.

The fields only collect what was typed: every check is
``directory.orders.fields``', and its error codes become Norwegian messages on
the fields (``webapp.orders.messages``). Choice fields therefore accept any
value here (``validate_choice=False``) and leave the refusal to validation.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from directory.domains import check_domain_name
from directory.errors import InvalidValue
from directory.orders import references, workflow
from directory.orders.domain_order import NEW_OWNER_PARTS, NEW_OWNERS, new_owner_field


class CheckboxesField(SelectMultipleField):
    """Several choices as a group of checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TextDateField(StringField):
    """A date typed as YYYY-MM-DD, shown as a date input; checked by validation."""

    def __call__(self, **kwargs):
        kwargs.setdefault("type", "date")
        return super().__call__(**kwargs)


class DomainOrderForm(FlaskForm):
    name = StringField(_l("Name of the domain"), render_kw={"autocomplete": "off"})
    description = TextAreaField(_l("What the domain covers"), render_kw={"rows": 4})
    agency = StringField(_l("Owning agency"), render_kw={"autocomplete": "organization"})
    org_number = StringField(
        _l("Organisation number"), render_kw={"inputmode": "numeric", "autocomplete": "off"}
    )
    owners = TextAreaField(
        _l("Domain owners"), render_kw={"rows": 3, "autocapitalize": "none", "spellcheck": "false"}
    )
    submit = SubmitField(_l("Send the order"))

    def new_owner_rows(self) -> list[list]:
        """The new owners' fields, a row per owner (given name, surname, e-mail, mobile)."""
        return [
            [self[new_owner_field(n, part)] for part in NEW_OWNER_PARTS]
            for n in range(1, NEW_OWNERS + 1)
        ]


# A new agency's owners may have no username yet: a row of fields for each.
_NEW_OWNER_FIELDS = {
    "given_name": lambda n: StringField(
        _l("Given name of new owner %(number)s", number=n), render_kw={"autocomplete": "off"}
    ),
    "surname": lambda n: StringField(
        _l("Surname of new owner %(number)s", number=n), render_kw={"autocomplete": "off"}
    ),
    "mail": lambda n: StringField(
        _l("E-mail address of new owner %(number)s", number=n),
        render_kw={"type": "email", "autocomplete": "off", "spellcheck": "false"},
    ),
    "mobile": lambda n: StringField(
        _l("Mobile number of new owner %(number)s", number=n),
        render_kw={"type": "tel", "autocomplete": "off", "inputmode": "tel"},
    ),
}
for _number in range(1, NEW_OWNERS + 1):
    for _part in NEW_OWNER_PARTS:
        setattr(DomainOrderForm, new_owner_field(_number, _part), _NEW_OWNER_FIELDS[_part](_number))


class AccessOrderForm(FlaskForm):
    service_owner = SelectField(_l("Service owner"), validate_choice=False)
    access = RadioField(
        _l("Access"),
        choices=[
            SelectChoice("read", _l("Read only")),
            SelectChoice("write", _l("Read, and write to the domains below")),
        ],
        validate_choice=False,
    )
    write_domains = CheckboxesField(_l("Domains to write to"), validate_choice=False)
    write_until = TextDateField(_l("Write access until"))
    environments = RadioField(
        _l("Environments"),
        choices=[
            SelectChoice("prod", _l("Production")),
            SelectChoice("course", _l("Course environment")),
            SelectChoice("both", _l("Both production and course")),
        ],
        validate_choice=False,
    )
    given_name = StringField(_l("Given name"), render_kw={"autocomplete": "off"})
    surname = StringField(_l("Surname"), render_kw={"autocomplete": "off"})
    mail = StringField(
        _l("E-mail address"),
        render_kw={"type": "email", "autocomplete": "off", "spellcheck": "false"},
    )
    mobile = StringField(
        _l("Mobile number"), render_kw={"type": "tel", "autocomplete": "off", "inputmode": "tel"}
    )
    employer = StringField(_l("Employer"), render_kw={"autocomplete": "off"})
    username = StringField(
        _l("Username (optional)"),
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Send the order"))


class RefreshOrderForm(FlaskForm):
    domain = SelectField(_l("Domain"), validate_choice=False)
    when = TextDateField(_l("Date of the refresh (optional)"))
    reason = TextAreaField(_l("Reason"), render_kw={"rows": 3})
    submit = SubmitField(_l("Send the order"))


class ApproveForm(FlaskForm):
    # The desk only (four eyes): the owner who gave permission, and how.
    owner = StringField(
        _l("The owner who gave permission (username)"),
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    reference = TextAreaField(_l("How the owner gave permission"), render_kw={"rows": 2})
    submit = SubmitField(_l("Approve"))


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the rejection"), render_kw={"rows": 3})
    submit = SubmitField(_l("Reject"))


class WithdrawForm(FlaskForm):
    submit = SubmitField(_l("Withdraw the order"))


class ProvisionForm(FlaskForm):
    submit = SubmitField(_l("Carry out the order"))


ACTION_FORMS = {
    workflow.APPROVE: ApproveForm,
    workflow.REJECT: RejectForm,
    workflow.WITHDRAW: WithdrawForm,
    workflow.PROVISION: ProvisionForm,
}


def _domain_name(value: str) -> None:
    try:
        check_domain_name(value)
    except InvalidValue:
        raise ValidationError(_l("Not a domain name.")) from None


def _order_reference(value: str) -> None:
    if references.normalise(value) is None:
        raise ValidationError(_l("Not an order reference (like B-2026-0042)."))


class FilterField(SelectField):
    """A filter's choice; anything else gets a message in the page's language."""

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(_l("Choose one of the options."))


# An enquiry's topics in words (directory.enquiries.rules.TOPICS), for its form and the queue.
TOPIC_CHOICES = [
    ("agreement", _l("An agreement with SERES")),
    ("course", _l("Courses and training")),
    ("domain", _l("A domain")),
    ("access", _l("Access and sign-in")),
    ("models", _l("Models and message specifications")),
    ("other", _l("Something else")),
]


class QueueFilterForm(FlaskForm):
    """The queue's filters, from the query string (GET: nothing to forge)."""

    class Meta:
        csrf = False

    reference = StringField(
        _l("Order reference"),
        validators=[Optional(), lambda form, field: _order_reference(field.data)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    type = FilterField(
        _l("Type"),
        choices=[
            SelectChoice("", _l("All types")),
            SelectChoice(workflow.DOMAIN, _l("Domain")),
            SelectChoice(workflow.ACCESS, _l("User access")),
            SelectChoice(workflow.REFRESH, _l("Course refresh")),
            SelectChoice("enquiry", _l("Enquiry")),
        ],
        default="",
    )
    topic = FilterField(
        _l("Topic of an enquiry"),
        choices=[SelectChoice("", _l("All topics"))]
        + [SelectChoice(v, t) for v, t in TOPIC_CHOICES],
        default="",
    )
    state = FilterField(
        _l("State"),
        choices=[
            SelectChoice("", _l("All states")),
            SelectChoice(workflow.AWAITING_OWNER, _l("Awaiting the domain owner")),
            SelectChoice(workflow.READY, _l("Ready for the service desk")),
            SelectChoice(workflow.PROVISIONING, _l("Being carried out")),
            SelectChoice(workflow.COMPLETED, _l("Completed")),
            SelectChoice(workflow.REJECTED, _l("Rejected")),
            SelectChoice(workflow.WITHDRAWN, _l("Withdrawn")),
        ],
        default="",
    )
    domain = StringField(
        _l("Domain"),
        validators=[
            Optional(),
            lambda form, field: _domain_name(field.data),
        ],
    )
    page = StringField(
        _l("Page"),
        validators=[
            Optional(),
            Length(max=6, message=_l("Not a page number.")),
            Regexp(r"^[1-9][0-9]*$", message=_l("Not a page number.")),
        ],
    )
    submit = SubmitField(_l("Show"))


class OwnerOrderForm(FlaskForm):
    """A domain's owner added or removed (directory.orders.owner_changes)."""

    domain = SelectField(_l("Domain"), validate_choice=False)
    change = RadioField(
        _l("Change"),
        choices=[
            SelectChoice("add", _l("Add this person as an owner")),
            SelectChoice("remove", _l("Remove this person as an owner")),
        ],
        validate_choice=False,
    )
    username = StringField(
        _l("Username"),
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    reason = TextAreaField(_l("Reason"), render_kw={"rows": 3})
    submit = SubmitField(_l("Send the order"))
