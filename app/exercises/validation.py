"""One validation path: socket payloads and HTTP posts go through the same WTForms forms."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from app.forms_common import bind

MAX_FIELDS = 200


class PayloadError(ValueError):
    """The payload is not a flat object of strings, numbers, booleans or lists of them."""


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
                items.append((str(name), str(item)))
            else:
                raise PayloadError(f"Field {name!r} must be text, a number or a list of them.")
        if len(items) > MAX_FIELDS:
            raise PayloadError("Too many fields in one message.")
    return MultiDict(items)


def validate(form_cls, payload):
    """Validate ``payload`` with ``form_cls``. Returns ``(data, errors)``; one of them is None.

    ``errors`` maps field names to a list of messages; "_" holds messages for the whole form.
    """
    try:
        formdata = to_formdata(payload)
    except PayloadError as exc:
        return None, {"_": [str(exc)]}
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
