"""Forms for facilitator accounts."""
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

from app.forms_common import lower, strip

MIN_PASSWORD = 10
# An upper bound keeps a huge pasted "password" from making the hash function a DoS vector.
MAX_PASSWORD = 200


def _new_password(label):
    return PasswordField(
        label,
        [InputRequired("Choose a password."), Length(MIN_PASSWORD, MAX_PASSWORD,
                                                      f"Use at least {MIN_PASSWORD} characters.")],
        description=f"At least {MIN_PASSWORD} characters. A short sentence is easy to remember and hard to guess.",
    )


class RegisterForm(FlaskForm):
    email = EmailField("Email", [DataRequired("We need your email address."), Email("That doesn't look like an "
                                "email address."), Length(max=254)], filters=[strip, lower])
    name = StringField("Your name", [Optional(), Length(max=120)], filters=[strip],
                       description="Shown to co-facilitators. You can leave it blank.")
    password = _new_password("Password")
    confirm = PasswordField("Type the password again", [EqualTo("password", "The two passwords don't match.")])


class LoginForm(FlaskForm):
    email = EmailField("Email", [DataRequired("Enter your email address."), Length(max=254)],
                       filters=[strip, lower])
    password = PasswordField("Password", [InputRequired("Enter your password."), Length(max=MAX_PASSWORD)])


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", [InputRequired("Enter your current password."),
                                                 Length(max=MAX_PASSWORD)])
    password = _new_password("New password")
    confirm = PasswordField("Type the new password again", [EqualTo("password", "The two passwords don't match.")])
