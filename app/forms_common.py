"""Field helpers shared by the facilitator and participant forms, and the one hook that puts
WTForms' own messages ("This field is required.") in the reader's language.

WTForms ships its French in ``wtforms/locale``; its ``meta.locales`` picks the catalog. Core
forms subclass :class:`FlaskForm` here; an exercise's forms are plain ``wtforms.Form`` classes
(the plugin contract), so the core builds them through :func:`bind`, which passes the same
``locales``. Both read :func:`form_locales`.
"""
from __future__ import annotations

import flask_wtf
from flask_babel import gettext as _
from wtforms import TextAreaField
from wtforms.meta import DefaultMeta
from wtforms.validators import ValidationError


def form_locales():
    """``[language]`` of the current reader for WTForms' ``meta.locales``; False (English, no
    catalog) outside a request or app context, as in the pure reducer tests."""
    from app.i18n import current_language

    try:
        return [current_language()]
    except RuntimeError:
        return False


def bind(form_cls, **kwargs):
    """Instantiate an exercise's (or any plain WTForms) form with messages in the reader's language."""
    meta = dict(kwargs.pop("meta", None) or {}, locales=form_locales())
    return form_cls(meta=meta, **kwargs)


class FlaskForm(flask_wtf.FlaskForm):
    """The core's base form: Flask-WTF's CSRF, WTForms' messages through :func:`form_locales`."""

    class Meta(flask_wtf.FlaskForm.Meta):
        @property
        def locales(self):
            return form_locales()

        def get_translations(self, form):
            # Flask-WTF's own hook caches per request; WTForms' caches per language — one path.
            return DefaultMeta.get_translations(self, form)


def strip(value):
    """Filter: trim surrounding whitespace from text input (None stays None)."""
    return value.strip() if isinstance(value, str) else value


def lower(value):
    """Filter: lower-case text, for email addresses."""
    return value.lower() if isinstance(value, str) else value


class LinesField(TextAreaField):
    """A textarea edited as one item per line, stored as a list of strings.

    Blank lines and surrounding spaces are dropped and repeats (ignoring case) are kept once,
    so pasting a messy list from a spreadsheet just works.
    """

    def __init__(self, label=None, validators=None, max_items=30, max_length=120, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_items = max_items
        self.max_length = max_length

    def process_formdata(self, valuelist):
        self.data = split_lines(valuelist[0] if valuelist else "")

    def _value(self):
        return "\n".join(self.data or [])

    def pre_validate(self, form):
        if len(self.data or []) > self.max_items:
            raise ValidationError(_("Keep it to %(n)s lines or fewer.", n=self.max_items))
        too_long = [item for item in self.data or [] if len(item) > self.max_length]
        if too_long:
            raise ValidationError(_("Each line can be at most %(n)s characters; this one is longer: %(line)s…",
                                    n=self.max_length, line=too_long[0][:40]))


def split_lines(text: str) -> list[str]:
    """Trimmed, non-empty, case-insensitively unique lines of ``text``, in their first order."""
    seen, items = set(), []
    for line in (text or "").splitlines():
        item = " ".join(line.split())
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            items.append(item)
    return items
