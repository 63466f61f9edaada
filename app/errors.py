"""Error pages written for people: what happened and what to do next, never a stack trace."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

#: status -> (heading, explanation)
MESSAGES = {
    400: (_l("Something in that request didn't look right"),
          _l("The page received something it couldn't understand. Go back, reload the page and try again.")),
    403: (_l("You can't do that here"),
          _l("Your account doesn't have permission for this. If you think it should, ask the person who "
             "owns the partnership.")),
    404: (_l("We couldn't find that page"),
          _l("The link may be old, mistyped, or the page may belong to someone else's partnership.")),
    405: (_l("That didn't work"), _l("This page can't be used that way. Go back and use the buttons on the page.")),
    413: (_l("That was too big"), _l("What you sent is larger than we accept. Try something smaller.")),
    429: (_l("Too many attempts, wait a minute"),
          _l("We've seen a lot of attempts from your connection. Wait a minute, then try again.")),
    500: (_l("Sorry, something went wrong on our side"),
          _l("The problem has been logged. Try again in a moment; if it keeps happening, tell whoever runs "
             "this server.")),
}


def render_error(status: int, heading: str | None = None, message: str | None = None):
    """The error page for ``status``; ``heading``/``message`` override the defaults."""
    default_heading, default_message = MESSAGES.get(status) or MESSAGES[400 if status < 500 else 500]
    response = render_template(
        "errors/error.html", status=status, heading=str(heading or default_heading),
        message=str(message or default_message),
    )
    headers = {"Retry-After": "60" if status == 429 else "5"} if status in (429, 503) else {}
    return response, status, headers


def configure_errors(app: Flask) -> None:
    """Register the friendly pages for every HTTP error and for expired CSRF tokens."""

    @app.errorhandler(CSRFError)
    def _csrf_error(_error):
        return render_error(
            400,
            _("This form has expired"),
            _("For your safety, forms only work from the page they came from. Reload the page and send it again."),
        )

    @app.errorhandler(OperationalError)
    def _storage_error(error: OperationalError):
        from app.db_setup import storage_problem
        from app.extensions import db

        db.session.rollback()
        problem = storage_problem(error)
        if problem is None:
            raise error
        app.logger.warning("request not served: database %s (%s)", problem, error.orig)
        if problem == "locked":
            return render_error(503, _("The server is busy"),
                                _("Another task is saving to the database right now. Wait a few seconds, then try "
                                  "again; nothing you had saved is lost."))
        return render_error(503, _("The server's storage is full"),
                            _("Nothing new can be saved until whoever runs this server frees some space. What was "
                              "saved before is safe."))

    # Unhandled exceptions reach this handler as a 500 (Flask logs them first); in tests and
    # debug mode Flask re-raises them instead, so the real traceback stays visible.
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

