"""Forms of the course pages: fields only collect; directory.courses.rules checks."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from webapp.orders.forms import TextDateField


class CourseForm(FlaskForm):
    name = StringField(
        _l("Short name"), render_kw={"autocomplete": "off", "autocapitalize": "none"}
    )
    title = StringField(_l("Title"), render_kw={"autocomplete": "off"})
    kind = RadioField(
        _l("Kind of course"),
        choices=[
            SelectChoice("basic", _l("Basic course in service development")),
            SelectChoice("custom", _l("Custom course by arrangement")),
        ],
        validate_choice=False,
    )
    start = TextDateField(_l("First day"))
    end = TextDateField(_l("Last day"))
    online = BooleanField(_l("Online"))
    place = StringField(_l("Place (when not online)"))
    seats = StringField(_l("Seats"), render_kw={"inputmode": "numeric"})
    language = RadioField(
        _l("Language"),
        choices=[SelectChoice("nb", _l("Norwegian")), SelectChoice("en", _l("English"))],
        validate_choice=False,
    )
    domains = StringField(_l("Domains in the course environment (separated by commas)"))
    publish = BooleanField(_l("Publish now"))
    submit = SubmitField(_l("Add the course"))


class SignUpForm(FlaskForm):
    submit = SubmitField(_l("Sign me up"))


class PersonForm(FlaskForm):
    username = StringField(
        _l("Username"), render_kw={"autocomplete": "off", "autocapitalize": "none"}
    )
    submit = SubmitField(_l("Sign the person up"))


class CompletedForm(FlaskForm):
    username = HiddenField(validators=[Length(max=64)])
    done = HiddenField(validators=[Length(max=1)])
    submit = SubmitField(_l("Completed"))


class PublishForm(FlaskForm):
    submit = SubmitField(_l("Publish the course"))


class WaiveForm(FlaskForm):
    reason = TextAreaField(_l("Why the training condition is waived"), render_kw={"rows": 3})
    submit = SubmitField(_l("Waive the training condition"))
