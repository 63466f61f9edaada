"""WTForms forms of the plan: one per facilitator-written section, and the curation buttons.

Each section form turns into ``(title, text, data)`` with :meth:`ItemForm.values`; dates are
kept in ``data`` as ISO strings (``YYYY-MM-DD``).
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms_common import FlaskForm, LinesField, strip
from app.plan.items import worded

ACTION_STATUSES = {"open": _l("Not started"), "in_progress": _l("In progress"), "done": _l("Done"),
                   "blocked": _l("Blocked")}
TEXT = [Optional(), Length(max=4000)]
SHORT = [Optional(), Length(max=200)]


def _title(label, message=_l("Write something first.")):
    return StringField(label, filters=[strip], validators=[DataRequired(message=message), Length(max=500)])


class ItemForm(FlaskForm):
    """Base: a title and free text; subclasses name their extra ``data`` fields."""

    title = _title(_l("Title"))
    text = TextAreaField(_l("Details"), filters=[strip], validators=TEXT)
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
        words = worded(item)
        self.title.data, self.text.data = words["title"], words["text"]
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
    title = _title(_l("Our shared purpose, in one sentence"))
    text = TextAreaField(_l("Why it matters to us"), filters=[strip], validators=TEXT)


class RoleForm(ItemForm):
    title = _title(_l("Role or body (e.g. backbone organisation, steering group)"))
    lead = StringField(_l("Who leads it"), filters=[strip], validators=SHORT)
    supporting = StringField(_l("Who supports"), filters=[strip], validators=SHORT)
    text = TextAreaField(_l("Responsibilities"), filters=[strip], validators=TEXT)
    data_fields = ("lead", "supporting")


class AgreementForm(ItemForm):
    partner = StringField(_l("Partner"), filters=[strip], validators=[DataRequired(message=_l("Name the partner.")),
                                                                   Length(max=200)])
    title = _title(_l("What this partner commits to"))
    text = TextAreaField(_l("Details"), filters=[strip], validators=TEXT)
    data_fields = ("partner",)


class IndicatorForm(ItemForm):
    title = _title(_l("Outcome indicator"))
    data_source = StringField(_l("Data source"), filters=[strip], validators=SHORT)
    collected_by = StringField(_l("Who collects it"), filters=[strip], validators=SHORT)
    frequency = StringField(_l("How often"), filters=[strip], validators=SHORT,
                            description=_l("For example: every term, monthly, once a year."))
    text = TextAreaField(_l("Notes"), filters=[strip], validators=TEXT)
    data_fields = ("data_source", "collected_by", "frequency")


class DataSharingForm(ItemForm):
    title = _title(_l("Data-sharing agreement needed"))
    parties = StringField(_l("Between which partners"), filters=[strip], validators=SHORT)
    text = TextAreaField(_l("What data, why, and the safeguards"), filters=[strip], validators=TEXT)
    data_fields = ("parties",)


class CheckinForm(ItemForm):
    title = _title(_l("Check-in (e.g. partnership steering group)"))
    cadence = StringField(_l("Cadence"), filters=[strip], validators=SHORT,
                          description=_l("For example: every six weeks."))
    dates = LinesField(_l("Dates (one per line, YYYY-MM-DD)"), max_items=60, max_length=10)
    text = TextAreaField(_l("Notes"), filters=[strip], validators=TEXT)
    data_fields = ("cadence", "dates")

    def validate_dates(self, field):
        bad = [line for line in field.data or [] if _parse_date(line) is None]
        if bad:
            raise ValidationError(_("Write dates as YYYY-MM-DD; this one isn't: %(date)s", date=bad[0]))
        field.data = sorted(field.data or [])


class ActionForm(ItemForm):
    title = _title(_l("Action"))
    owner = StringField(_l("Owner"), filters=[strip], validators=SHORT)
    due = DateField(_l("Due date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=[SelectChoice(key, label) for key, label in ACTION_STATUSES.items()],
                         default="open")
    text = TextAreaField(_l("Notes"), filters=[strip], validators=TEXT)
    data_fields = ("owner", "due", "status")


class RiskForm(ItemForm):
    title = _title(_l("Risk or roadblock"))
    mitigation = TextAreaField(_l("What we'll do about it"), filters=[strip], validators=TEXT)
    text = TextAreaField(_l("Details"), filters=[strip], validators=TEXT)
    data_fields = ("mitigation",)


class ExerciseItemForm(ItemForm):
    """Editing an item that came from an exercise: its wording; its data stays as the room made it."""

    text = TextAreaField(_l("Details"), filters=[strip], validators=TEXT)


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


def data_labels() -> dict:
    """``{data key: label}`` of the facilitator-written sections' extra fields, for showing an item's data."""
    labels = {}
    for form_cls in FACILITATOR_SECTIONS.values():
        for name in form_cls.data_fields:
            labels.setdefault(name, getattr(form_cls, name).args[0])
    labels["dates"] = _l("Dates")
    return labels


def form_for(item) -> ItemForm:
    """The edit form of ``item``: its section form when a facilitator wrote it."""
    if item.origin == "facilitator" and item.section in FACILITATOR_SECTIONS:
        return FACILITATOR_SECTIONS[item.section](prefix="edit")
    return ExerciseItemForm(prefix="edit")


class ButtonForm(FlaskForm):
    """A curation button: only the CSRF token."""


class BulkForm(FlaskForm):
    """Promote, drop or restore several items at once: the ticked ones, or — with ``section`` and
    no ticks — every proposed item of that section."""

    change = HiddenField(validators=[DataRequired()])
    section = HiddenField()
    item_ids = SelectMultipleField(coerce=int, validate_choice=False)

    def validate_change(self, field):
        if field.data not in CHANGES:
            raise ValidationError(_("Promote, drop or restore."))


#: A curation change and the status it leads to.
CHANGES = {"promote": "promoted", "drop": "dropped", "restore": "proposed"}


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[DataRequired()])

    def validate_direction(self, field):
        if field.data not in ("up", "down"):
            raise ValidationError(_("Move up or down."))
