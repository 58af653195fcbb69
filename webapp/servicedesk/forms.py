"""Forms of the service desk's pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


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
