"""Forms for facilitator accounts."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

from app.forms_common import FlaskForm, lower, strip

MIN_PASSWORD = 10
# An upper bound keeps a huge pasted "password" from making the hash function a DoS vector.
MAX_PASSWORD = 200


def _new_password(label):
    return PasswordField(
        label,
        [InputRequired(_l("Choose a password.")),
         Length(MIN_PASSWORD, MAX_PASSWORD, _l("Use at least %(n)s characters.", n=MIN_PASSWORD))],
        description=_l("At least %(n)s characters. A short sentence is easy to remember and hard to guess.",
                       n=MIN_PASSWORD),
    )


class RegisterForm(FlaskForm):
    email = EmailField(_l("Email"), [DataRequired(_l("We need your email address.")),
                                     Email(_l("That doesn't look like an email address.")), Length(max=254)],
                       filters=[strip, lower])
    name = StringField(_l("Your name"), [Optional(), Length(max=120)], filters=[strip],
                       description=_l("Shown to co-facilitators. You can leave it blank."))
    password = _new_password(_l("Password"))
    confirm = PasswordField(_l("Type the password again"),
                            [EqualTo("password", _l("The two passwords don't match."))])


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), [DataRequired(_l("Enter your email address.")), Length(max=254)],
                       filters=[strip, lower])
    password = PasswordField(_l("Password"), [InputRequired(_l("Enter your password.")), Length(max=MAX_PASSWORD)])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), [InputRequired(_l("Enter your current password.")),
                                                     Length(max=MAX_PASSWORD)])
    password = _new_password(_l("New password"))
    confirm = PasswordField(_l("Type the new password again"),
                            [EqualTo("password", _l("The two passwords don't match."))])
