"""Security headers: nosniff on every response; HTML pages get a CSP without inline script or
style, no referrer and no framing."""

from __future__ import annotations

from flask import Flask, Response

HTML_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    )
)
"""The pages use only their own stylesheet and no script; templates carry no style attributes."""

NON_HTML_POLICY = "default-src 'none'; frame-ancestors 'none'"
"""JSON, CSS and feeds load nothing and are never framed (OWASP's advice for APIs)."""


NON_HTML_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", NON_HTML_POLICY),
)
"""What every JSON answer carries (the stored-lookup fast path sends these too)."""


def init_app(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        if response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = HTML_POLICY
            response.headers["Referrer-Policy"] = "no-referrer"
            response.headers["X-Frame-Options"] = "DENY"
        else:
            response.headers.setdefault("Content-Security-Policy", NON_HTML_POLICY)
        return response
