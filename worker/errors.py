"""Errors the pipeline raises; each carries the API error code it maps to."""

from __future__ import annotations


class PolicywatchError(Exception):
    """A failure a person can act on, with a stable snake_case code and an HTTP status."""

    code = "policywatch_error"
    status = 500
    transient = False

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class InvalidURL(PolicywatchError):
    """The URL is malformed, not http(s), or carries credentials."""

    code = "invalid_url"
    status = 400


class BlockedURL(PolicywatchError):
    """The URL points at a non-public address or a port we do not fetch."""

    code = "blocked_url"
    status = 422


class FetchFailed(PolicywatchError):
    """The server could not be reached or answered with an error."""

    code = "fetch_failed"
    status = 502
    transient = True


class FetchTimeout(PolicywatchError):
    """The page did not arrive within the deadline."""

    code = "fetch_timeout"
    status = 504
    transient = True


class TooLarge(PolicywatchError):
    """The (decoded) body exceeds the size cap."""

    code = "too_large"
    status = 413


class UnsupportedContent(PolicywatchError):
    """The response is not HTML, XHTML, plain text, Markdown or PDF."""

    code = "unsupported_content"
    status = 415


class NotAPolicy(PolicywatchError):
    """The text does not look like a privacy policy."""

    code = "not_a_policy"
    status = 422


class QuotaExceeded(PolicywatchError):
    """The API key already holds as many webhooks or watched policies as its quota allows."""

    code = "quota_exceeded"
    status = 403


class NotFound(PolicywatchError):
    """The thing asked for is not known."""

    code = "not_found"
    status = 404
