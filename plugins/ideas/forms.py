"""WTForms forms of the Ideas & dot voting exercise: its configuration and each action."""
from wtforms import BooleanField, Form, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

NOTE_ID = [InputRequired(), Length(max=24)]


class IdeasConfigForm(Form):
    prompt = StringField(
        "Question for the room",
        default="What could this partnership do in its first year?",
        validators=[DataRequired(), Length(max=200)],
    )
    categories = TextAreaField(
        "Categories (one per line, optional)",
        default="",
        validators=[Length(max=1000)],
        description="Participants tag each note with one of these, if you give any.",
    )
    dots = IntegerField("Dots per participant", default=3, validators=[InputRequired(), NumberRange(0, 20)])
    allow_stacking = BooleanField("Allow several dots on one note", default=True)
    notes_per_participant = IntegerField(
        "Notes per participant", default=10, validators=[InputRequired(), NumberRange(1, 50)]
    )
    max_length = IntegerField(
        "Longest note (characters)", default=280, validators=[InputRequired(), NumberRange(20, 1000)]
    )


class AddNoteForm(Form):
    text = TextAreaField("Your idea", validators=[DataRequired(message="Write something first."), Length(max=1000)])
    category = StringField("Category", validators=[Optional(), Length(max=60)])


class EditNoteForm(AddNoteForm):
    note_id = StringField(validators=NOTE_ID)


class NoteForm(Form):
    note_id = StringField(validators=NOTE_ID)


class ClusterForm(Form):
    name = StringField("Cluster name", validators=[DataRequired(message="Give the cluster a name."), Length(max=80)])


class RenameClusterForm(ClusterForm):
    cluster_id = StringField(validators=NOTE_ID)


class ClusterIdForm(Form):
    cluster_id = StringField(validators=NOTE_ID)


class MoveNoteForm(Form):
    note_id = StringField(validators=NOTE_ID)
    cluster_id = StringField(validators=[Optional(), Length(max=24)])  # empty = unclustered


class MergeNotesForm(Form):
    note_id = StringField("Keep", validators=NOTE_ID)
    duplicate_id = StringField("Merge in", validators=NOTE_ID)
