"""Forms of the service desk's pages."""

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from directory.desk import audit, people
from webapp.orders.forms import CheckboxesField, FilterField, TextDateField


class PersonForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(message=_l("Enter a username.")), Length(max=64)],
        render_kw={"autocomplete": "off"},
    )
    submit = SubmitField(_l("Look up"))


class UnlockForm(FlaskForm):
    username = HiddenField(validators=[DataRequired(), Length(max=64)])
    submit = SubmitField(_l("Unlock the account"))


class ActivationForm(FlaskForm):
    username = HiddenField(validators=[DataRequired(), Length(max=64)])
    submit = SubmitField(_l("Send an activation link"))


class ChoicesField(CheckboxesField):
    """Checkboxes; a value that is none of them gets a message in the page's language."""

    def pre_validate(self, form):
        if not set(self.data or ()) <= {choice.value for choice in self.choices}:
            raise ValidationError(_l("Choose one of the options."))


class PeopleSearchForm(FlaskForm):
    """The people directory's search, from the query string (GET: nothing to forge)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Name, username, e-mail, mobile, employer or agency"),
        validators=[Optional(), Length(max=people.MAX_TEXT, message=_l("At most 100 characters."))],
    )
    filters = ChoicesField(
        _l("Only people who are"),
        choices=[
            SelectChoice(people.LOCKED, _l("locked out")),
            SelectChoice(people.DISABLED, _l("disabled")),
            SelectChoice(people.NEVER_ACTIVATED, _l("never signed in")),
            SelectChoice(people.DORMANT, _l("dormant (no sign-in for 180 days)")),
            SelectChoice(people.NO_MOBILE, _l("without a mobile number")),
            SelectChoice(people.APP, _l("using an authenticator app")),
            SelectChoice(people.SMS, _l("using SMS codes")),
        ],
    )
    sort = FilterField(
        _l("Sort by"),
        choices=[SelectChoice("name", _l("Name")), SelectChoice("username", _l("Username"))],
        default="name",
    )
    page = StringField(
        _l("Page"),
        validators=[
            Optional(),
            Length(max=6, message=_l("Not a page number.")),
            Regexp(r"^[1-9][0-9]*$", message=_l("Not a page number.")),
        ],
    )
    submit = SubmitField(_l("Search"))

    def query(self) -> people.Query:
        """The checked form as the directory's query."""
        return people.Query(
            text=(self.q.data or "").strip(),
            filters=frozenset(self.filters.data or ()),
            sort=self.sort.data or "name",
            page=int(self.page.data or 1),
            per_page=people.PER_PAGE,
        )


class AuditForm(FlaskForm):
    """The audit trail's filters, from the query string."""

    class Meta:
        csrf = False

    since = TextDateField(_l("From (date)"), validators=[Optional()])
    until = TextDateField(_l("To (date)"), validators=[Optional()])
    actor = StringField(_l("Done by (username)"), validators=[Optional(), Length(max=64)])
    kinds = ChoicesField(
        _l("Kinds"),
        choices=[
            SelectChoice(audit.MEMBERSHIP, _l("group membership")),
            SelectChoice(audit.ROLE, _l("roles")),
            SelectChoice(audit.OWNERS, _l("domain owners")),
            SelectChoice(audit.PERSON, _l("people")),
            SelectChoice(audit.DOMAIN, _l("domains and models")),
            SelectChoice(audit.PUBLICATION, _l("model publications")),
            SelectChoice(audit.REFRESH, _l("course refreshes")),
            SelectChoice(audit.ORDER, _l("orders")),
            SelectChoice(audit.TRAINING, _l("courses and training")),
            SelectChoice(audit.OTHER, _l("other")),
        ],
    )
    submit = SubmitField(_l("Show"))

    def validate_since(self, field):
        _date(field)

    def validate_until(self, field):
        _date(field)


def _date(field) -> None:
    if field.data:
        try:
            dt.date.fromisoformat(field.data)
        except ValueError:
            raise ValidationError(_l("Write the date as YYYY-MM-DD.")) from None


class ContactForm(FlaskForm):
    """The desk changes a mobile number or an e-mail address, with a reason."""

    # No checks here: directory.desk.contact checks value and reason together (lengths too),
    # so both errors come at once.
    value = StringField(_l("New value"))
    reason = TextAreaField(_l("Reason (recorded, and told to the person)"))
    submit = SubmitField(_l("Change"))


class EverywhereForm(FlaskForm):
    """Sign out in every browser (a button; CSRF only)."""

    submit = SubmitField(_l("Sign out everywhere"))


class NotificationsForm(FlaskForm):
    """How an owner wants order and review mails: one per event, or a daily digest."""

    how = RadioField(
        _l("E-mails about orders and reviews of my domains"),
        choices=[
            SelectChoice("each", _l("One e-mail per order or review event")),
            SelectChoice("daily", _l("One summary a day (each morning)")),
        ],
        validators=[InputRequired(message=_l("Choose one."))],
    )
    submit = SubmitField(_l("Save"))


class EndSessionForm(FlaskForm):
    """End one of one's own sessions (its id, hidden)."""

    sid = HiddenField(validators=[DataRequired(), Length(max=64)])
    submit = SubmitField(_l("End this session"))


class OwnContactForm(FlaskForm):
    """A person's own new mobile number or e-mail address: a code goes to it."""

    value = StringField(_l("New value"), validators=[Length(max=254)])
    submit = SubmitField(_l("Send a code to it"))


class ContactCodeForm(FlaskForm):
    """The code sent to the new mobile number or e-mail address."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_l("Enter the code.")), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField(_l("Confirm"))


class DeskActionForm(FlaskForm):
    """One of the desk's actions on a person's page, with the reason recorded."""

    reason = TextAreaField(
        _l("Reason (recorded)"),
        validators=[
            DataRequired(message=_l("Give a reason.")),
            Length(max=500, message=_l("At most 500 characters.")),
        ],
    )
