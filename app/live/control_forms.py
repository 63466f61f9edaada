"""WTForms forms of the facilitator's live controls (the same validation path as actions)."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.models.workshop import STEP_STATUSES


class StepForm(Form):
    step_id = IntegerField(validators=[InputRequired()])


class WorkshopStatusForm(Form):
    status = SelectField(choices=[SelectChoice("lobby", _l("Lobby")), SelectChoice("live", _l("Live")),
                                  SelectChoice("ended", _l("Ended"))])


class SettingForm(Form):
    setting = SelectField(choices=[SelectChoice("anonymous", _l("Anonymous")),
                                   SelectChoice("room_locked", _l("Room locked")),
                                   SelectChoice("late_join", _l("Late join")),
                                   SelectChoice("moderated", _l("Hold contributions for approval"))])
    value = BooleanField()


class StepStatusForm(StepForm):
    status = SelectField(choices={s: s for s in STEP_STATUSES})


class StepHiddenForm(StepForm):
    hidden = BooleanField()


class StepPhaseForm(StepForm):
    phase = StringField(validators=[InputRequired(message=_l("Choose a phase.")), Length(max=32)])


class TimerForm(StepForm):
    command = SelectField(choices={c: c for c in ("start", "pause", "resume", "add", "clear")})
    seconds = IntegerField(validators=[Optional(), NumberRange(1, 4 * 3600)])


class SpotlightForm(Form):
    step_id = IntegerField(validators=[Optional()])
    item = StringField(validators=[Optional(), Length(max=64)])
    # The item's text as the console shows it, for the screen's spotlight banner.
    text = StringField(validators=[Optional(), Length(max=1000)])


class ScreenForm(Form):
    command = SelectField(choices={c: c for c in ("next", "previous", "pause", "resume", "plan_qr_on",
                                                  "plan_qr_off")})


class ParticipantForm(Form):
    participant_id = IntegerField(validators=[InputRequired()])


class EmptyForm(Form):
    """A control that carries no data."""
