"""The QR code the room screen shows next to the join code."""
import io

import segno
from flask_babel import gettext as _


def qr_svg(url: str, title: str | None = None) -> bytes:
    """An SVG QR code for ``url``: dark modules on a transparent background, scalable by CSS."""
    buffer = io.BytesIO()
    # Error level "m" survives a projector's glare and keystone better than "l".
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=10, border=2, dark="#111111", light=None, xmldecl=False,
        title=title or _("Scan to join the workshop"),
    )
    return buffer.getvalue()
