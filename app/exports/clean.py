"""User text that no export format can hold, made safe once, for every format.

XML 1.0 (DOCX, XLSX, the HTML/PDF) forbids the C0 control characters other than tab, line
feed and carriage return, and U+FFFE/U+FFFF; UTF-8 (every format) cannot encode a lone
surrogate. A participant can still type or import them, so the plan document is cleaned
before any format reads it: control characters are dropped (they carry nothing a reader
sees), a lone surrogate becomes U+FFFD (so a reader sees something was there).
"""
from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SURROGATE = re.compile("[\ud800-\udfff]")


def text(value: str) -> str:
    """``value`` without what a format cannot hold."""
    return SURROGATE.sub("\ufffd", CONTROL.sub("", value))


def document(value):
    """A copy of a JSON-like document (dicts, lists, scalars) with every string cleaned, keys too."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {document(k): document(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [document(v) for v in value]
    return value
