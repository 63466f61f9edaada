"""An action's validated data as the log stores it, and back.

The reducer receives exactly what the log row holds: the engine encodes the validated form
data for the row and hands ``apply`` the decoded row, so a replay of the row gives the reducer
the very same data. JSON has no dates: date fields are kept as ISO text and turned back into
dates from the action's form, the only non-JSON values the exercises' forms produce.
"""
from __future__ import annotations

import datetime as dt
from functools import cache

from wtforms.fields import DateField, DateTimeField
from wtforms.fields.core import UnboundField


def encode(data: dict) -> dict:
    """The JSON form of validated form data."""
    return {str(name): _encoded(value) for name, value in data.items()}


def _encoded(value):
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_encoded(item) for item in value]
    if isinstance(value, dict):
        return encode(value)
    return str(value)  # anything else a form might give, as text (the reducer gets the same)


def decode(payload: dict, form_cls) -> dict:
    """The data a reducer receives for a stored ``payload`` of an action of ``form_cls``."""
    data = dict(payload)
    for name, kind in _time_fields(form_cls).items():
        if isinstance(data.get(name), str):
            data[name] = kind.fromisoformat(data[name])
    return data


@cache
def _time_fields(form_cls) -> dict:
    """Field name -> ``date`` or ``datetime``, for the form's date and date-time fields."""
    found = {}
    for name in dir(form_cls):
        unbound = getattr(form_cls, name, None)
        if isinstance(unbound, UnboundField) and issubclass(unbound.field_class, DateTimeField):
            found[name] = dt.date if issubclass(unbound.field_class, DateField) else dt.datetime
    return found
