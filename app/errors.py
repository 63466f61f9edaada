"""Error pages written for people: what happened and what to do next, never a stack trace."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

#: status -> (heading, explanation)
MESSAGES = {
    400: ("Something in that request didn't look right",
          "The page received something it couldn't understand. Go back, reload the page and try again."),
    403: ("You can't do that here",
          "Your account doesn't have permission for this. If you think it should, ask the person who "
          "owns the partnership."),
    404: ("We couldn't find that page",
          "The link may be old, mistyped, or the page may belong to someone else's partnership."),
    405: ("That didn't work", "This page can't be used that way. Go back and use the buttons on the page."),
    413: ("That was too big", "What you sent is larger than we accept. Try something smaller."),
    429: ("Too many attempts, wait a minute",
          "We've seen a lot of attempts from your connection. Wait a minute, then try again."),
    500: ("Sorry, something went wrong on our side",
          "The problem has been logged. Try again in a moment; if it keeps happening, tell whoever runs "
          "this server."),
}


def render_error(status: int, heading: str | None = None, message: str | None = None):
    """The error page for ``status``; ``heading``/``message`` override the defaults."""
    default_heading, default_message = MESSAGES.get(status) or MESSAGES[400 if status < 500 else 500]
    response = render_template(
        "errors/error.html", status=status, heading=heading or default_heading, message=message or default_message
    )
    headers = {"Retry-After": "60"} if status == 429 else {}
    return response, status, headers


def configure_errors(app: Flask) -> None:
    """Register the friendly pages for every HTTP error and for expired CSRF tokens."""

    @app.errorhandler(CSRFError)
    def _csrf_error(_error):
        return render_error(
            400,
            "This form has expired",
            "For your safety, forms only work from the page they came from. Reload the page and send it again.",
        )

    # Unhandled exceptions reach this handler as a 500 (Flask logs them first); in tests and
    # debug mode Flask re-raises them instead, so the real traceback stays visible.
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

