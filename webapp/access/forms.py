"""The lifecycle's forms: taking access back, with a reason."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length


class RemoveForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(message=_l("Give the reason.")), Length(max=500)],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Remove the access"))


class RemoveReadForm(RemoveForm):
    """The desk takes a person's read access to an environment (and its write access there)."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(message=_l("Give the username.")), Length(max=32)],
    )
    env = SelectField(
        _l("Environment"),
        choices=[
            SelectChoice("prod", _l("Production")),
            SelectChoice("course", _l("Course environment")),
        ],
    )


class DisableForm(RemoveForm):
    """The desk disables a leaver: no bind, no access, no roles."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(message=_l("Give the username.")), Length(max=32)],
    )
    submit = SubmitField(_l("Disable the person"))


class ReviewForm(FlaskForm):
    """A domain's review: keep or remove each writer (radio buttons named decision-<env>-<user>)."""

    submit = SubmitField(_l("Save the decisions"))
