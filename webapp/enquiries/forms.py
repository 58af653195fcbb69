"""Forms of the enquiry pages: fields only collect; directory.enquiries.rules checks."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from webapp.orders.forms import TOPIC_CHOICES


class EnquiryForm(FlaskForm):
    topic = RadioField(
        _l("Topic"), choices=[SelectChoice(v, t) for v, t in TOPIC_CHOICES], validate_choice=False
    )
    domain = StringField(_l("Domain, if it concerns one"), render_kw={"autocomplete": "off"})
    text = TextAreaField(_l("Your question"), render_kw={"rows": 8})
    submit = SubmitField(_l("Send to SERES brukerservice"))


class PublicEnquiryForm(FlaskForm):
    """An enquiry without sign-in: who asks and where the answer goes; no domain."""

    name = StringField(_l("Your name"), render_kw={"autocomplete": "name"})
    email = StringField(
        _l("Your e-mail address"), render_kw={"autocomplete": "email", "type": "email"}
    )
    topic = RadioField(
        _l("Topic"), choices=[SelectChoice(v, t) for v, t in TOPIC_CHOICES], validate_choice=False
    )
    text = TextAreaField(_l("Your question"), render_kw={"rows": 8})
    submit = SubmitField(_l("Send to SERES brukerservice"))


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer"), render_kw={"rows": 6})
    submit = SubmitField(_l("Send the answer"))


class WithdrawForm(FlaskForm):
    submit = SubmitField(_l("Withdraw the enquiry"))
