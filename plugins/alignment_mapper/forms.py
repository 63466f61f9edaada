"""WTForms forms of the Alignment mapper: its configuration and each action.

Payloads arrive as a browser form post would send them (strings; ticked boxes as "y"), so the
same forms serve the socket and plain HTTP.
"""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, IntegerField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.exercises.forms import ITEM_ID, N_

ID = ITEM_ID
#: Longest goal the config may allow; the step's own limit is checked by the reducer.
LONGEST_GOAL = 500


DEFAULT_PURPOSE = N_("Children and families in our community get the support they need, where and when they need "
                     "it.")

RESPONSES = [SelectChoice("shared", _l("We share this")), SelectChoice("partly", _l("Partly")),
             SelectChoice("none", _l("Not for us"))]
RATINGS = [SelectChoice("essential", _l("Essential")), SelectChoice("nice", _l("Nice to have")),
           SelectChoice("none", _l("Undecided"))]


class AlignmentConfigForm(Form):
    purpose = TextAreaField(
        _l("Shared purpose the goals are held against"),
        # In the language of whoever adds the step (when the partnership has no purpose of its own).
        default=lambda: gettext(DEFAULT_PURPOSE),
        validators=[DataRequired(message=_l("Write the purpose the partners hold in common.")), Length(max=500)],
        description=_l("Filled in from the partnership when the step is added; change it if this workshop needs "
                       "a narrower focus."),
    )
    use_shared = BooleanField(_l("Phase 2: partners mark which goals they share"), default=True)
    use_themes = BooleanField(_l("Phase 3: group goals into themes"), default=True)
    use_essential = BooleanField(_l("Phase 4: mark each theme essential or nice to have"), default=True)
    hide_goals = BooleanField(
        _l("Keep goals private while people write them"),
        default=True,
        description=_l("Each person thinks on their own first; the goals show once you reveal them or move on."),
    )
    participants_group = BooleanField(_l("Participants may group and merge goals too"), default=False)
    cards_per_participant = IntegerField(
        _l("Goals per participant"), default=5, validators=[InputRequired(), NumberRange(1, 20)]
    )
    max_length = IntegerField(
        _l("Longest goal (characters)"), default=140, validators=[InputRequired(), NumberRange(20, LONGEST_GOAL)]
    )

    def validate_use_essential(self, field):
        if field.data and not self.use_themes.data:
            raise ValidationError(_l("Rating needs themes: switch on phase 3 as well, or switch this off."))


class AddGoalForm(Form):
    text = TextAreaField(
        _l("A goal or priority of your organisation"),
        validators=[DataRequired(message=_l("Write your goal first.")), Length(max=LONGEST_GOAL)],
    )


class EditGoalForm(AddGoalForm):
    card_id = StringField(validators=ID)


class GoalForm(Form):
    card_id = StringField(validators=ID)


class RespondForm(Form):
    card_id = StringField(validators=ID)
    response = RadioField(_l("Does your organisation share this goal?"), choices=RESPONSES,
                          validators=[InputRequired(message=_l("Choose an answer."))])


class ThemeForm(Form):
    name = StringField(_l("Theme name"),
                       validators=[DataRequired(message=_l("Give the theme a name.")), Length(max=80)])


class RenameThemeForm(ThemeForm):
    theme_id = StringField(validators=ID)


class ThemeIdForm(Form):
    theme_id = StringField(validators=ID)


class MoveGoalForm(Form):
    card_id = StringField(validators=ID)
    theme_id = StringField(_l("Theme"), validators=[Optional(), Length(max=24)])  # empty = not yet grouped


class MergeGoalsForm(Form):
    card_id = StringField(_l("Keep"), validators=ID)
    duplicate_id = StringField(_l("Fold in"), validators=ID)


class RateThemeForm(Form):
    theme_id = StringField(validators=ID)
    rating = RadioField(_l("For this partnership, this theme is…"), choices=RATINGS,
                        validators=[InputRequired(message=_l("Choose an answer."))])


