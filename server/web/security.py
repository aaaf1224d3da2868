"""Browser-facing hardening: security headers, CSP, cookie flags, body size."""
from __future__ import annotations

from flask import Flask

# The pages load only our own scripts, styles and images (the QR code is ours
# too); no inline script, no inline style, nothing from another origin, and no
# framing (a join page inside someone else's frame is a clickjacking kit).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    # a quiz pack upload is the largest body we accept
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is no limit at all
        app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    secure = app.config.get("QUIZROOM_SECURE_COOKIES", "auto")
    if secure == "auto":
        secure = app.config["QUIZROOM_PUBLIC_URL"].startswith("https://")
    app.config["SESSION_COOKIE_SECURE"] = bool(secure) and secure != "0"

    @app.after_request
    def harden(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response
