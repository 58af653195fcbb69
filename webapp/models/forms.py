"""The model forms: import, element and type edits, restrictions, codes, a version's state."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from models.browse import MAX_FILTER
from models.checks import parse_count
from models.conventions import COMPLEX_DATA_TYPE, OBJECT_TYPE
from models.edit import SIMPLE_BASES
from models.validation import MAX_XSD_BYTES


class ImportForm(FlaskForm):
    file = FileField(
        _l("SERES XSD file"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileSize(MAX_XSD_BYTES, message=_l("The file is larger than 2 MB.")),
        ],
    )
    submit = SubmitField(_l("Import"))


def _max_occurs(_form, field) -> None:
    value = (field.data or "").strip()
    count = parse_count(value)
    if value != "unbounded" and (count is None or count < 1):
        raise ValidationError(_l("Give a whole number of at least 1, or unbounded."))


class PropertyForm(FlaskForm):
    """An element of a sequence: name, type and occurrence (add and change)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=128)])
    type = SelectField(_l("Type"), choices=[], validate_choice=True)
    min_occurs = IntegerField(
        _l("Minimum occurrences"), default=1, validators=[InputRequired(), NumberRange(0, 9999)]
    )
    max_occurs = StringField(
        _l("Maximum occurrences"), default="1", validators=[DataRequired(), _max_occurs]
    )
    submit = SubmitField(_l("Save"))

    def occurrence(self) -> tuple[int, int | None]:
        high = self.max_occurs.data.strip()
        return self.min_occurs.data, None if high == "unbounded" else int(high)


class RemoveForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


class ComplexTypeForm(FlaskForm):
    """A new complex type: its name and SERES kind; its elements are added afterwards."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=128)])
    kind = RadioField(
        _l("Kind of type"),
        choices=[
            SelectChoice(
                OBJECT_TYPE, _l("Dataobjekttype (a thing of its own: a person, an enterprise)")
            ),
            SelectChoice(
                COMPLEX_DATA_TYPE,
                _l("Datakomplekstype (a value of several parts: a period, an address)"),
            ),
        ],
        default=OBJECT_TYPE,
    )
    submit = SubmitField(_l("Add the type"))


class SimpleTypeForm(FlaskForm):
    """A new simple type (Dataenkeltype): its name and the builtin type it restricts."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=128)])
    base = SelectField(
        _l("Base type"), choices=[SelectChoice(b) for b in SIMPLE_BASES], default=SIMPLE_BASES[0]
    )
    submit = SubmitField(_l("Add the type"))


class RemoveTypeForm(FlaskForm):
    confirm = BooleanField(
        _l("Remove the type from this working version"),
        validators=[DataRequired(_l("Confirm to remove the type."))],
    )
    submit = SubmitField(_l("Remove"))


def _count(label):
    return IntegerField(label, validators=[Optional(), NumberRange(0, 100000)])


def _bound(label):
    return StringField(label, validators=[Optional(), Length(max=64)])


class FacetsForm(FlaskForm):
    """A simple type's restrictions; empty means not restricted."""

    length = _count(_l("Length"))
    min_length = _count(_l("Minimum length"))
    max_length = _count(_l("Maximum length"))
    patterns = TextAreaField(_l("Patterns (one a line)"), validators=[Length(max=4000)])
    total_digits = _count(_l("Total digits"))
    fraction_digits = _count(_l("Fraction digits"))
    min_inclusive = _bound(_l("Minimum (inclusive)"))
    max_inclusive = _bound(_l("Maximum (inclusive)"))
    min_exclusive = _bound(_l("Minimum (exclusive)"))
    max_exclusive = _bound(_l("Maximum (exclusive)"))
    submit = SubmitField(_l("Save restrictions"))


class CodeForm(FlaskForm):
    value = StringField(_l("Code value"), validators=[DataRequired(), Length(max=256)])
    description = StringField(_l("Code description"), validators=[Length(max=1000)])
    submit = SubmitField(_l("Add code"))


class PublishForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand that a published version can never change"),
        validators=[DataRequired(_l("Confirm to publish."))],
    )
    submit = SubmitField(_l("Publish"))


class DiscardForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand that a discarded version can never be changed or published"),
        validators=[DataRequired(_l("Confirm to discard."))],
    )
    submit = SubmitField(_l("Discard"))


class NewVersionForm(FlaskForm):
    """Start a working version from a published one: nothing to fill in but the button."""

    submit = SubmitField(_l("Start a new version from this one"))


class TypeFilterForm(FlaskForm):
    """A version page's filter over its types and elements (GET: nothing to forge)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Find types and elements"),
        validators=[Optional(), Length(max=MAX_FILTER, message=_l("Type at most 100 characters."))],
        render_kw={"type": "search", "autocomplete": "off", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Filter"))
