"""Form helpers every exercise's ``forms.py`` needs, once: an item id field's validators, a form
for actions without data, the gettext no-op marker and a config text area read as lines."""
from wtforms import Form
from wtforms.validators import InputRequired, Length

#: Validators of a field holding an item id from the state ("n12", "r3").
ITEM_ID = [InputRequired(), Length(max=24)]


class EmptyForm(Form):
    """An action that needs no data (reveal, hide, next)."""


def N_(message: str) -> str:
    """The gettext "no-op" marker: the message is extracted for translation, translated later
    (a config default kept in English in the form, translated when a step is added)."""
    return message


def lines(text) -> list[str]:
    """Non-blank lines of ``text``, spaces tidied, without repeats (case-insensitive), in order."""
    seen, result = set(), []
    for line in (text or "").splitlines():
        clean = " ".join(line.split())
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            result.append(clean)
    return result
