"""WTForms forms of the Alignment mapper: its configuration and each action.

Payloads arrive as a browser form post would send them (strings; ticked boxes as "y"), so the
same forms serve the socket and plain HTTP.
"""
from wtforms import BooleanField, Form, IntegerField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

ID = [InputRequired(), Length(max=24)]
#: Longest goal the config may allow; the step's own limit is checked by the reducer.
LONGEST_GOAL = 500

RESPONSES = [SelectChoice("shared", "We share this"), SelectChoice("partly", "Partly"),
             SelectChoice("none", "Not for us")]
RATINGS = [SelectChoice("essential", "Essential"), SelectChoice("nice", "Nice to have"),
           SelectChoice("none", "Undecided")]
PHASES = [SelectChoice("goals", "Goals"), SelectChoice("shared", "Shared?"), SelectChoice("themes", "Themes"),
          SelectChoice("essential", "Essential or nice to have")]


class AlignmentConfigForm(Form):
    purpose = TextAreaField(
        "Shared purpose the goals are held against",
        default="Children and families in our community get the support they need, where and when they need it.",
        validators=[DataRequired(message="Write the purpose the partners hold in common."), Length(max=500)],
        description="Filled in from the partnership when the step is added; change it if this workshop needs "
        "a narrower focus.",
    )
    use_shared = BooleanField("Phase 2: partners mark which goals they share", default=True)
    use_themes = BooleanField("Phase 3: group goals into themes", default=True)
    use_essential = BooleanField("Phase 4: mark each theme essential or nice to have", default=True)
    hide_goals = BooleanField(
        "Keep goals private while people write them",
        default=True,
        description="Each person thinks on their own first; the goals show once you reveal them or move on.",
    )
    participants_group = BooleanField("Participants may group and merge goals too", default=False)
    cards_per_participant = IntegerField(
        "Goals per participant", default=5, validators=[InputRequired(), NumberRange(1, 20)]
    )
    max_length = IntegerField(
        "Longest goal (characters)", default=140, validators=[InputRequired(), NumberRange(20, LONGEST_GOAL)]
    )

    def validate_use_essential(self, field):
        if field.data and not self.use_themes.data:
            raise ValidationError("Rating needs themes: switch on phase 3 as well, or switch this off.")


class AddGoalForm(Form):
    text = TextAreaField(
        "A goal or priority of your organisation",
        validators=[DataRequired(message="Write your goal first."), Length(max=LONGEST_GOAL)],
    )


class EditGoalForm(AddGoalForm):
    card_id = StringField(validators=ID)


class GoalForm(Form):
    card_id = StringField(validators=ID)


class RespondForm(Form):
    card_id = StringField(validators=ID)
    response = RadioField("Does your organisation share this goal?", choices=RESPONSES,
                          validators=[InputRequired(message="Choose an answer.")])


class ThemeForm(Form):
    name = StringField("Theme name", validators=[DataRequired(message="Give the theme a name."), Length(max=80)])


class RenameThemeForm(ThemeForm):
    theme_id = StringField(validators=ID)


class ThemeIdForm(Form):
    theme_id = StringField(validators=ID)


class MoveGoalForm(Form):
    card_id = StringField(validators=ID)
    theme_id = StringField("Theme", validators=[Optional(), Length(max=24)])  # empty = not yet grouped


class MergeGoalsForm(Form):
    card_id = StringField("Keep", validators=ID)
    duplicate_id = StringField("Fold in", validators=ID)


class RateThemeForm(Form):
    theme_id = StringField(validators=ID)
    rating = RadioField("For this partnership, this theme is…", choices=RATINGS,
                        validators=[InputRequired(message="Choose an answer.")])


class PhaseForm(Form):
    phase = RadioField(
        "Phase",
        choices=PHASES,
        validators=[InputRequired(message="Choose a phase.")],
    )


class EmptyForm(Form):
    """An action without fields."""
