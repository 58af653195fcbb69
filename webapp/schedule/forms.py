"""The service desk's form to move or cancel one scheduled refresh date.

The checks of the new time reuse ``directory.sync.schedule``'s parser, so the
form and `seres sync move` accept the same input; the messages are the form's.
"""

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from directory.errors import InvalidValue
from directory.sync import schedule


class DateTimeText(StringField):
    """A date and time typed as YYYY-MM-DDTHH:MM (Oslo time), shown as a datetime input."""

    def __call__(self, **kwargs):
        kwargs.setdefault("type", "datetime-local")
        return super().__call__(**kwargs)


class ChangeDateForm(FlaskForm):
    action = RadioField(
        _l("Change"),
        choices=[
            SelectChoice("move", _l("Move the refresh to another time")),
            SelectChoice("cancel", _l("Cancel the refresh")),
        ],
        validators=[InputRequired(_l("Choose whether to move or cancel the refresh."))],
    )
    moved_to = DateTimeText(_l("New time (Norwegian time)"))
    reason = TextAreaField(
        _l("Reason (published)"),
        validators=[
            DataRequired(_l("Give the reason; it is published.")),
            Length(
                max=schedule.MAX_REASON,
                message=_l("The reason can be at most %(max)d characters."),
            ),
        ],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Save the change"))

    def validate_moved_to(self, field) -> None:
        """Needed to move: a date and time that has not passed."""
        if self.action.data != "move":
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Give the new date and time."))
        try:
            moment = schedule.parse_local(field.data)
        except schedule.NonexistentTime:
            raise ValidationError(
                _l(
                    "That time does not exist in Norway: the clocks are put forward an hour"
                    " then. Choose another time."
                )
            ) from None
        except InvalidValue:
            raise ValidationError(
                _l("Write the new time as a date and time, for example 2026-03-17T18:00.")
            ) from None
        if moment < datetime.now(UTC):
            raise ValidationError(_l("The new time has passed."))
        field.moment = moment
