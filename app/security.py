"""Security headers on every response."""
from flask import Flask

#: A year, the usual figure; no includeSubDomains, since other hosts under the operator's
#: domain may not serve HTTPS.
HSTS = "max-age=31536000"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config["SESSION_COOKIE_SECURE"]:  # SECURE_COOKIES=1 says the site is served over HTTPS
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
