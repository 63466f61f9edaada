"""One validation path: socket payloads and HTTP posts go through the same WTForms forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from app.forms_common import bind

MAX_FIELDS = 200
#: The database's integers are signed 64-bit: a larger number would fail the write, unanswered.
INT_RANGE = range(-(2**63), 2**63)


class PayloadError(ValueError):
    """The payload is not a flat object of strings, numbers, booleans or lists of them;
    ``field`` names the field at fault, when one is."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = str(field) if field is not None else "_"


def to_formdata(payload) -> MultiDict:
    """Turn a JSON payload into the MultiDict a browser form post would give."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise PayloadError("The data sent must be an object of named fields.")
    items = []
    for name, value in payload.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, bool):
                if item:  # an unticked checkbox is simply absent from a form post
                    items.append((str(name), "y"))
            elif item is None:
                continue
            elif isinstance(item, (str, int, float)):
                _check_storable(name, item)
                items.append((str(name), str(item)))
            else:
                raise PayloadError(f"Field {name!r} must be text, a number or a list of them.")
        if len(items) > MAX_FIELDS:
            raise PayloadError("Too many fields in one message.")
    return MultiDict(items)


def _check_storable(name, item) -> None:
    """Refuse what JSON can carry but the database and the exports cannot hold."""
    if isinstance(item, str) and not _is_utf8(item):
        # A lone surrogate ("\\ud800" in the JSON): valid JSON, but no UTF-8 encoder accepts it.
        raise PayloadError(_l("This text contains a character that cannot be stored: retype it."), field=name)
    if isinstance(item, int) and item not in INT_RANGE:
        raise PayloadError(_l("This number is too large."), field=name)


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def validate(form_cls, payload):
    """Validate ``payload`` with ``form_cls``. Returns ``(data, errors)``; one of them is None.

    ``errors`` maps field names to a list of messages; "_" holds messages for the whole form.
    """
    try:
        formdata = to_formdata(payload)
    except PayloadError as exc:
        return None, {exc.field: [str(exc)]}
    form = bind(form_cls, formdata=formdata)
    if not form.validate():
        return None, {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
    return dict(form.data), None


def first_error(errors: dict) -> str:
    """One readable sentence out of a WTForms error dict."""
    for messages in errors.values():
        if messages:
            return str(messages[0] if isinstance(messages, list) else messages)
    return "The data sent is not valid."
