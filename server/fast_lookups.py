"""The extension's hot path, answered before Flask: `GET /api/v1/policies?url=` for a policy
whose Report bytes are in the lookup cache is one Redis round trip and the stored bytes.

Flask's request context, hooks, webargs parsing and response wrapping cost as much as the
lookup itself (issue 14). This WSGI middleware answers only a plain cache hit: a GET with no
body, `url` (and optionally `since`) given once each and no other parameter, a URL the API
accepts, and a Report in the cache. Everything else, and any surprise, goes to Flask, which
stays the one definition of the endpoint (validation, errors, cache misses, rebuilding); a
test holds both answers byte for byte and header for header."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.http import parse_etags, quote_etag

from server.cors import cors_headers
from server.headers import NON_HTML_HEADERS
from server.lookups import REVALIDATE_HEADERS, policy_of, report_field
from server.schemas import MAX_URL_LENGTH
from server.services import Services
from worker.errors import PolicywatchError
from worker.store.report_cache import Entry

log = logging.getLogger(__name__)

PATH = "/api/v1/policies"
PARAMETERS = frozenset({"url", "since"})

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class StoredLookups:
    """WSGI middleware: cached stored-policy lookups answered directly, the rest by `app`."""

    def __init__(
        self, app: WSGIApp, services: Services, allowed_origin: Callable[[str | None], bool]
    ) -> None:
        self.app = app
        self.services = services
        self.allowed_origin = allowed_origin

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == PATH and environ.get("REQUEST_METHOD") == "GET":
            try:
                answer = self.answer(environ)
            except Exception:  # the Flask path is the definition: let it answer
                log.warning("stored-lookup fast path failed; Flask answers", exc_info=True)
                answer = None
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return self.app(environ, start_response)

    def answer(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """The status, headers and body of a cache hit, or None to let Flask answer."""
        if environ.get("CONTENT_LENGTH") or environ.get("CONTENT_TYPE"):
            return None  # a body: the request guard has something to say
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return None
        raw_query = environ.get("QUERY_STRING", "")
        if not raw_query.isascii():  # raw non-ASCII bytes: Werkzeug's decoding decides
            return None
        query = parse_qsl(raw_query, keep_blank_values=True)
        params = dict(query)
        if len(params) != len(query) or "url" not in params or not params.keys() <= PARAMETERS:
            return None
        url = params["url"]
        if len(url) > MAX_URL_LENGTH:
            return None
        try:
            _, pid = policy_of(url)
        except PolicywatchError:
            return None
        entry = self.cached_entry(pid, params.get("since"))
        if entry is None:
            return None
        return self.response(environ, entry)

    def cached_entry(self, pid: str, since: str | None) -> Entry | None:
        """The cached Report (with its diff since `since`), touching the policy's lookup time
        on its first lookup in LOOKUP_TOUCH_INTERVAL; None on a miss or with Redis down (then
        Flask looks again and touches)."""
        name = report_field(since)
        looked = self.services.report_cache.look(pid, name, "checked", touch=True)
        if looked is None:
            return None
        if looked.first_look:
            self.services.store.touch_lookup(pid)
        if looked.fields["checked"] is None:
            return None
        return looked.entry(name)

    def response(
        self, environ: dict[str, Any], entry: Entry
    ) -> tuple[str, list[tuple[str, str]], bytes]:
        """What Flask's path sends for this entry: 200 with the bytes, or 304 when the client
        named the ETag (lookups.send, then the security and CORS hooks)."""
        if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(entry.etag):
            status, body, entity = "304 NOT MODIFIED", b"", []  # Werkzeug drops entity headers
        else:
            status, body = "200 OK", entry.body
            entity = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        headers = [
            *entity,
            ("ETag", quote_etag(entry.etag)),
            *REVALIDATE_HEADERS.items(),
            ("Vary", "Origin"),
            *cors_headers(environ.get("HTTP_ORIGIN"), self.allowed_origin),
            *NON_HTML_HEADERS,
        ]
        return status, headers, body
