"""WTForms forms of the partnership agreement exercise: its configuration and each action."""
from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField, SelectChoice, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from app.exercises.forms import ITEM_ID, N_

#: Longest heading and longest clause text (characters), and how many clauses a step holds.
HEADING_MAX = 120
TEXT_MAX = 3000
CLAUSES_MAX = 40

#: The answers on the gradient, strongest support first. Reasons are required for the ones in
#: :data:`NEEDS_REASON`.
ANSWERS = ("support", "reservations", "discuss", "object")
NEEDS_REASON = ("reservations", "object")
ANSWER_LABELS = {
    "support": _l("Fully support"),
    "reservations": _l("Support with reservations"),
    "discuss": _l("Need more discussion"),
    "object": _l("Cannot support"),
}
OUTCOMES = ("agreed", "agreed_reservations", "future")
OUTCOME_LABELS = {
    "agreed": _l("Agreed"),
    "agreed_reservations": _l("Agreed with noted reservations"),
    "future": _l("Left for future negotiation"),
}

#: The clauses a step starts with when the partnership gives nothing to draft from (English
#: here, in the adder's language through ``partnership_defaults``).
DEFAULT_CLAUSES = N_(
    "## Purpose\nThe partners work together towards a shared purpose they have agreed in this workshop.\n\n"
    "## Decision-making\nThe partners take decisions together, by consent, at regular partnership meetings.\n\n"
    "## Review and exit\nThe partners review this agreement after one year; any partner may leave "
    "with three months' notice."
)


def parse_clauses(text) -> list[tuple[str, str]]:
    """``[(heading, text)]`` from the facilitator's text: a line starting with "## " begins a
    clause (its heading); the lines after it are its text. Without any "## " line, each paragraph
    (separated by a blank line) is a clause without a heading. Clauses without text are skipped."""
    lines = str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    clauses: list[list] = []
    if any(line.startswith("## ") or line.strip() == "##" for line in lines):
        for line in lines:
            if line.startswith("##"):
                clauses.append([line[2:].strip(), []])
            elif clauses:
                clauses[-1][1].append(line)
            elif line.strip():
                clauses.append(["", [line]])
    else:
        current: list = []
        for line in [*lines, ""]:
            if line.strip():
                current.append(line)
            elif current:
                clauses.append(["", current])
                current = []
    return [(" ".join(heading.split()), tidy_text("\n".join(body))) for heading, body in clauses
            if tidy_text("\n".join(body))]


def tidy_text(text) -> str:
    """Spaces tidied within each line, blank lines kept single, ends trimmed (a clause keeps its
    paragraphs)."""
    out: list[str] = []
    for line in str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        clean = " ".join(line.split())
        if clean or (out and out[-1]):
            out.append(clean)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def check_clauses(form, field):
    clauses = parse_clauses(field.data)
    if len(clauses) > CLAUSES_MAX:
        raise ValidationError(_l("At most {n} clauses in one step.").format(n=CLAUSES_MAX))
    for heading, text in clauses:
        if len(heading) > HEADING_MAX:
            raise ValidationError(_l("Keep each heading under {n} characters.").format(n=HEADING_MAX))
        if len(text) > TEXT_MAX:
            raise ValidationError(_l("Keep each clause under {n} characters.").format(n=TEXT_MAX))


class AgreementConfigForm(Form):
    clauses = TextAreaField(
        _l("Draft clauses"),
        default=DEFAULT_CLAUSES,
        validators=[Length(max=CLAUSES_MAX * (TEXT_MAX + HEADING_MAX)), check_clauses],
        description=_l("Start each clause with a line “## Heading”, then its text on the lines below. "
                       "Without any “##” line, each paragraph (separated by a blank line) is one clause. "
                       "You can add and amend clauses live from the console."),
    )
    organisations = TextAreaField(
        _l("Organisations that give a position (one per line)"),
        default="",
        validators=[Length(max=4000)],
        description=_l("Each organisation’s position is recorded by the representative you name in the console; "
                       "an organisation with nobody named shows “no position recorded”."),
    )
    reason_max = IntegerField(_l("Longest reason (characters)"), default=600,
                              validators=[InputRequired(), NumberRange(100, 1000)])


class ClauseIdForm(Form):
    clause_id = StringField(validators=ITEM_ID)


class ClauseTextForm(Form):
    heading = StringField(_l("Heading"), validators=[Optional(), Length(max=HEADING_MAX)])
    text = TextAreaField(_l("Clause text"), validators=[DataRequired(message=_l("Write the clause first.")),
                                                        Length(max=TEXT_MAX)])


class AmendClauseForm(ClauseTextForm):
    clause_id = StringField(validators=ITEM_ID)


class CloseClauseForm(ClauseIdForm):
    outcome = SelectField(_l("Outcome"), choices=[SelectChoice(k, v) for k, v in OUTCOME_LABELS.items()],
                          validators=[InputRequired()])


class OpenClauseForm(ClauseIdForm):
    """Which clause to put to the room (any other open clause pauses)."""


class AnswerForm(ClauseIdForm):
    #: The version of the clause the participant read: an answer to an older one is refused.
    version = IntegerField(validators=[InputRequired(), NumberRange(1, 10 ** 4)])
    answer = SelectField(_l("Your answer"), choices=[SelectChoice(k, v) for k, v in ANSWER_LABELS.items()],
                         validators=[InputRequired()])
    reason = TextAreaField(_l("Your reason"), validators=[Optional(), Length(max=1000)])


PARTICIPANT_ID = [InputRequired(), Length(max=24), Regexp(r"^p:\d+$", message=_l("Pick a participant."))]


class RepresentativeForm(Form):
    actor_id = StringField(_l("Participant"), validators=PARTICIPANT_ID)
    organisation = StringField(_l("Organisation they represent"),
                               validators=[DataRequired(message=_l("Name the organisation.")), Length(max=120)])


class ActorIdForm(Form):
    actor_id = StringField(_l("Participant"), validators=PARTICIPANT_ID)
