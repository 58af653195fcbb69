"""Forms of the agency pages: fields only collect; directory.agencies.input checks."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from webapp.orders.forms import TextDateField


class AgencyForm(FlaskForm):
    org_number = StringField(
        _l("Organisation number"), render_kw={"inputmode": "numeric", "autocomplete": "off"}
    )
    name = StringField(_l("Name of the agency"), render_kw={"autocomplete": "organization"})
    submit = SubmitField(_l("Record the agency"))


class AgreementForm(FlaskForm):
    kind = RadioField(
        _l("Kind of agreement"),
        choices=[
            SelectChoice("altinn", _l("Service development in Altinn")),
            SelectChoice("outside", _l("SERES outside Altinn")),
        ],
        validate_choice=False,
    )
    reference = StringField(_l("Reference"), render_kw={"autocomplete": "off"})
    start = TextDateField(_l("First day"))
    end = TextDateField(_l("Last day (empty: until further notice)"))
    contact = StringField(_l("Contact at the agency (name and e-mail)"))
    submit = SubmitField(_l("Record the agreement"))


class AgreementEndForm(FlaskForm):
    # The choices are the agency's agreements (set by the view).
    # Named apart from AgreementForm's fields: both forms are on one page (ids).
    agreement = SelectField(_l("Agreement"), choices=[])
    new_end = TextDateField(_l("New last day (empty: until further notice)"))
    submit = SubmitField(_l("Change the last day"))


class MemberForm(FlaskForm):
    username = StringField(
        _l("Username"), render_kw={"autocomplete": "off", "autocapitalize": "none"}
    )
    submit = SubmitField(_l("Add the person"))


class RemoveMemberForm(FlaskForm):
    username = HiddenField(validators=[Length(max=64)])
    submit = SubmitField(_l("Remove"))
