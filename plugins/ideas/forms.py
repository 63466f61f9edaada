"""WTForms forms of the Ideas & dot voting exercise: its configuration and each action."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.exercises.answers import FeelingField
from app.exercises.forms import ITEM_ID, N_

NOTE_ID = ITEM_ID
#: At most this many starting notes (lines of ``starting_notes``) make it onto the wall.
MAX_STARTING_NOTES = 40


#: The question a new step starts with. The form's default is the English; a step gets it in
#: the language of whoever adds it through ``IdeasExercise.partnership_defaults`` (a plain,
#: non-callable default keeps a changed question in saved agenda templates).
DEFAULT_PROMPT = N_("What could this partnership do in its first year?")


class IdeasConfigForm(Form):
    prompt = StringField(
        _l("Question for the room"),
        default=DEFAULT_PROMPT,
        validators=[DataRequired(), Length(max=200)],
    )
    categories = TextAreaField(
        _l("Categories (one per line, optional)"),
        default="",
        validators=[Length(max=1000)],
        description=_l("Participants tag each note with one of these, if you give any."),
    )
    dots = IntegerField(_l("Dots per participant"), default=3, validators=[InputRequired(), NumberRange(0, 20)])
    allow_stacking = BooleanField(_l("Allow several dots on one note"), default=True)
    notes_per_participant = IntegerField(
        _l("Notes per participant"), default=10, validators=[InputRequired(), NumberRange(1, 50)]
    )
    max_length = IntegerField(
        _l("Longest note (characters)"), default=280, validators=[InputRequired(), NumberRange(20, 1000)]
    )
    starting_notes = TextAreaField(
        _l("Notes the wall starts with (one per line, optional)"),
        default="",
        validators=[Length(max=MAX_STARTING_NOTES * 300)],
        description=_l("Shown on the wall from the start, without an author, for the room to discuss and "
                       "vote on. A check-in puts here what is still open from the last workshop."),
    )


class AddNoteForm(Form):
    text = TextAreaField(_l("Your idea"), validators=[DataRequired(message=_l("Write something first.")),
                                                      Length(max=1000)])
    category = StringField(_l("Category"), validators=[Optional(), Length(max=60)])
    #: Offered in community sessions (issue 23): how the writer feels about their idea.
    feeling = FeelingField(_l("How do you feel about it? (optional)"))


class EditNoteForm(AddNoteForm):
    note_id = StringField(validators=NOTE_ID)
    feeling = None  # an edit changes the words; the feeling stays as chosen


class NoteForm(Form):
    note_id = StringField(validators=NOTE_ID)


class ClusterForm(Form):
    name = StringField(_l("Cluster name"), validators=[DataRequired(message=_l("Give the cluster a name.")),
                                                       Length(max=80)])


class RenameClusterForm(ClusterForm):
    cluster_id = StringField(validators=NOTE_ID)


class ClusterIdForm(Form):
    cluster_id = StringField(validators=NOTE_ID)


class MoveNoteForm(Form):
    note_id = StringField(validators=NOTE_ID)
    cluster_id = StringField(validators=[Optional(), Length(max=24)])  # empty = unclustered


class MergeNotesForm(Form):
    note_id = StringField(_l("Keep"), validators=NOTE_ID)
    duplicate_id = StringField(_l("Merge in"), validators=NOTE_ID)


class UnmergeNoteForm(Form):
    note_id = StringField(_l("Merged into"), validators=NOTE_ID)
    merged_id = StringField(_l("Take out"), validators=NOTE_ID)
