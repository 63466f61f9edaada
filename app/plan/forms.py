"""WTForms forms of the plan: one per facilitator-written section, and the curation buttons.

Each section form turns into ``(title, text, data)`` with :meth:`ItemForm.values`; dates are
kept in ``data`` as ISO strings (``YYYY-MM-DD``).
"""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms_common import LinesField, strip

ACTION_STATUSES = {"open": "Not started", "in_progress": "In progress", "done": "Done", "blocked": "Blocked"}
TEXT = [Optional(), Length(max=4000)]
SHORT = [Optional(), Length(max=200)]


def _title(label, message="Write something first."):
    return StringField(label, filters=[strip], validators=[DataRequired(message=message), Length(max=500)])


class ItemForm(FlaskForm):
    """Base: a title and free text; subclasses name their extra ``data`` fields."""

    title = _title("Title")
    text = TextAreaField("Details", filters=[strip], validators=TEXT)
    #: names of fields kept in the item's ``data``; date fields are stored as ISO strings.
    data_fields: tuple = ()

    def values(self) -> tuple[str, str, dict]:
        data = {}
        for name in self.data_fields:
            value = self[name].data
            if isinstance(value, date):
                value = value.isoformat()
            data[name] = value if value is not None else ""
        return self.title.data, self.text.data or "", data

    def load(self, item) -> None:
        """Fill the fields from ``item`` (for the edit page)."""
        self.title.data, self.text.data = item.title, item.text
        for name in self.data_fields:
            value = (item.data or {}).get(name)
            if isinstance(self[name], DateField):
                value = _parse_date(value)
            self[name].data = value


def _parse_date(value):
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


class PurposeForm(ItemForm):
    title = _title("Our shared purpose, in one sentence")
    text = TextAreaField("Why it matters to us", filters=[strip], validators=TEXT)


class RoleForm(ItemForm):
    title = _title("Role or body (e.g. backbone organisation, steering group)")
    lead = StringField("Who leads it", filters=[strip], validators=SHORT)
    supporting = StringField("Who supports", filters=[strip], validators=SHORT)
    text = TextAreaField("Responsibilities", filters=[strip], validators=TEXT)
    data_fields = ("lead", "supporting")


class AgreementForm(ItemForm):
    partner = StringField("Partner", filters=[strip], validators=[DataRequired(message="Name the partner."),
                                                                   Length(max=200)])
    title = _title("What this partner commits to")
    text = TextAreaField("Details", filters=[strip], validators=TEXT)
    data_fields = ("partner",)


class IndicatorForm(ItemForm):
    title = _title("Outcome indicator")
    data_source = StringField("Data source", filters=[strip], validators=SHORT)
    collected_by = StringField("Who collects it", filters=[strip], validators=SHORT)
    frequency = StringField("How often", filters=[strip], validators=SHORT,
                            description="For example: every term, monthly, once a year.")
    text = TextAreaField("Notes", filters=[strip], validators=TEXT)
    data_fields = ("data_source", "collected_by", "frequency")


class DataSharingForm(ItemForm):
    title = _title("Data-sharing agreement needed")
    parties = StringField("Between which partners", filters=[strip], validators=SHORT)
    text = TextAreaField("What data, why, and the safeguards", filters=[strip], validators=TEXT)
    data_fields = ("parties",)


class CheckinForm(ItemForm):
    title = _title("Check-in (e.g. partnership steering group)")
    cadence = StringField("Cadence", filters=[strip], validators=SHORT, description="For example: every six weeks.")
    dates = LinesField("Dates (one per line, YYYY-MM-DD)", max_items=60, max_length=10)
    text = TextAreaField("Notes", filters=[strip], validators=TEXT)
    data_fields = ("cadence", "dates")

    def validate_dates(self, field):
        bad = [line for line in field.data or [] if _parse_date(line) is None]
        if bad:
            raise ValidationError(f"Write dates as YYYY-MM-DD; this one isn't: {bad[0]}")
        field.data = sorted(field.data or [])


class ActionForm(ItemForm):
    title = _title("Action")
    owner = StringField("Owner", filters=[strip], validators=SHORT)
    due = DateField("Due date", validators=[Optional()])
    status = SelectField("Status", choices=ACTION_STATUSES, default="open")
    text = TextAreaField("Notes", filters=[strip], validators=TEXT)
    data_fields = ("owner", "due", "status")


class RiskForm(ItemForm):
    title = _title("Risk or roadblock")
    mitigation = TextAreaField("What we'll do about it", filters=[strip], validators=TEXT)
    text = TextAreaField("Details", filters=[strip], validators=TEXT)
    data_fields = ("mitigation",)


class ExerciseItemForm(ItemForm):
    """Editing an item that came from an exercise: its wording; its data stays as the room made it."""

    text = TextAreaField("Details", filters=[strip], validators=TEXT)


#: The sections facilitators write themselves, with their forms.
FACILITATOR_SECTIONS = {
    "purpose": PurposeForm,
    "roles": RoleForm,
    "agreements": AgreementForm,
    "indicators": IndicatorForm,
    "data_sharing": DataSharingForm,
    "checkins": CheckinForm,
    "actions": ActionForm,
    "risks": RiskForm,
}


def form_for(item) -> ItemForm:
    """The edit form of ``item``: its section form when a facilitator wrote it."""
    if item.origin == "facilitator" and item.section in FACILITATOR_SECTIONS:
        return FACILITATOR_SECTIONS[item.section](prefix="edit")
    return ExerciseItemForm(prefix="edit")


class ButtonForm(FlaskForm):
    """A curation button: only the CSRF token."""


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[DataRequired()])

    def validate_direction(self, field):
        if field.data not in ("up", "down"):
            raise ValidationError("Move up or down.")
