"""The domain description form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length


class DescriptionForm(FlaskForm):
    description = TextAreaField(_l("Description"), validators=[Length(max=1000)])
    submit = SubmitField(_l("Save"))
