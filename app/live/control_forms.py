"""WTForms forms of the facilitator's live controls (the same validation path as actions)."""
from wtforms import BooleanField, Form, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.models.workshop import STEP_STATUSES


class StepForm(Form):
    step_id = IntegerField(validators=[InputRequired()])


class WorkshopStatusForm(Form):
    status = SelectField(choices={"lobby": "Lobby", "live": "Live", "ended": "Ended"})


class SettingForm(Form):
    setting = SelectField(choices={"anonymous": "Anonymous", "room_locked": "Room locked", "late_join": "Late join"})
    value = BooleanField()


class StepStatusForm(StepForm):
    status = SelectField(choices={s: s for s in STEP_STATUSES})


class StepHiddenForm(StepForm):
    hidden = BooleanField()


class TimerForm(StepForm):
    command = SelectField(choices={c: c for c in ("start", "pause", "resume", "add", "clear")})
    seconds = IntegerField(validators=[Optional(), NumberRange(1, 4 * 3600)])


class SpotlightForm(Form):
    step_id = IntegerField(validators=[Optional()])
    item = StringField(validators=[Optional(), Length(max=64)])


class ParticipantForm(Form):
    participant_id = IntegerField(validators=[InputRequired()])


class EmptyForm(Form):
    """A control that carries no data."""
