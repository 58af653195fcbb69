"""Forms of sign-in, password, authenticator app and links."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from webapp.auth import passwords

CODE_RULE = Regexp(r"^\s*[0-9]{6}\s*$", message=_l("The code has six digits."))


class UsernameForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(message=_l("Enter your username.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Continue"))


class CodeForm(FlaskForm):
    username = HiddenField(
        validators=[
            DataRequired(message=_l("The username is missing. Start again with your username.")),
            Length(max=64),
        ]
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        _l("One-time code"),
        validators=[DataRequired(message=_l("Enter the code.")), CODE_RULE],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 6},
    )
    submit = SubmitField(_l("Sign in"))


class ResendForm(FlaskForm):
    username = HiddenField(validators=[DataRequired(), Length(max=64)])
    submit = SubmitField(_l("Send a new code"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Sign out"))


class NewPasswordForm(FlaskForm):
    """A new password twice; ``username`` is set by the view for the rules."""

    username = ""
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=_l("Enter a new password."))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(message=_l("Repeat the new password.")),
            EqualTo("password", message=_l("The two passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Save the password"))

    def validate_password(self, field):
        found = passwords.problems(field.data or "", self.username)
        if found:
            raise ValidationError(" ".join(str(p) for p in found))


class LinkPasswordForm(NewPasswordForm):
    """Activation and recovery: a new password, and a code by SMS or from the app."""

    code = StringField(
        _l("One-time code"),
        validators=[DataRequired(message=_l("Enter the code.")), CODE_RULE],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 6},
    )
    submit = SubmitField(_l("Save the password and sign in"))


class ForgotForm(UsernameForm):
    submit = SubmitField(_l("Send me a link"))


class AppConfirmForm(FlaskForm):
    code = StringField(
        _l("Code shown in the app"),
        validators=[DataRequired(message=_l("Enter the code.")), CODE_RULE],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 6},
    )
    submit = SubmitField(_l("Use the app"))


class UseSmsForm(FlaskForm):
    submit = SubmitField(_l("Use codes by SMS again"))
