"""In front of every route: the upload size limit, the optional token (``Authorization: Bearer …``,
or ``?token=…`` once, which sets a cookie), and errors answered as a page or as JSON."""

from __future__ import annotations

import asyncio
import hmac
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from riwaya.errors import RiwayaError, damaged_database, database_server_error
from riwaya.i18n import _
from riwaya.web.forgery import hand_out_form_token, keep_form_token
from riwaya.web.site import Site, site_of

TOKEN_COOKIE = "riwaya_token"
Handler = Callable[[Request], Awaitable[Response]]


# What a browser may do with our pages: run only our own scripts (the two inlined in the pages,
# known by their hashes: no other inline script, no javascript: link, no handler attribute),
# load nothing from elsewhere, never sit inside another site's frame, never guess a type, and
# hand no address (and no ?token=) to the sites a document links to: same-origin, not no-referrer,
# under which Chromium sends «Origin: null» with the site's own forms (forgery.py refuses it).
# Styles stay inline.
def security_headers(script_hashes: list[str]) -> dict[str, str]:
    scripts = " ".join(f"'sha256-{h}'" for h in script_hashes)
    return {
        "Content-Security-Policy": f"default-src 'self'; script-src 'self' {scripts}; "
                                   "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
                                   "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                                   "form-action 'self'; object-src 'none'",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


def guard(app: FastAPI, token: str | None, allowed_hosts: list[str] | None = None,
          script_hashes: list[str] | None = None) -> None:
    """Refuse uploads over the limit and, with ``token``, every request that does not carry it;
    with ``allowed_hosts``, every request for another host name (a DNS-rebinding page sends
    «Host: attacker.example» to a server on 127.0.0.1). Every answer carries the security
    headers, its scripts those of ``script_hashes`` (base64 SHA-256 of each inline script)."""
    headers = security_headers(script_hashes or [])

    @app.middleware("http")
    async def check_request(request: Request, call_next: Handler) -> Response:
        new_form_token = hand_out_form_token(request)
        response = await _checked(request, call_next)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if new_form_token:
            keep_form_token(request, response)
        return response

    async def _checked(request: Request, call_next: Handler) -> Response:
        site = site_of(request)
        host = _host_name(request.headers.get("host") or "")
        if allowed_hosts is not None and host not in allowed_hosts:
            return site.error(request, 400, _("this server answers only to %(hosts)s")
                              % {"hosts": ", ".join(allowed_hosts)})
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > site.limit:
            return site.error(request, 413, site.upload_too_large())
        if token is not None and not request.url.path.startswith("/static/"):
            return await _with_token(request, call_next, site, token)
        return await call_next(request)


def _host_name(header: str) -> str:
    """The name of a Host header without its port: «127.0.0.1:8000», «[::1]:8000», «[::1]»."""
    if header.startswith("["):
        return header[1:header.find("]")].lower() if "]" in header else header.lower()
    return header.rsplit(":", 1)[0].lower() if header.count(":") == 1 else header.lower()


async def _with_token(request: Request, call_next: Handler, site: Site, token: str) -> Response:
    given = (
        request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        or request.cookies.get(TOKEN_COOKIE)
        or request.query_params.get("token")
        or ""
    )
    if not hmac.compare_digest(given.encode(), token.encode()):
        return site.error(request, 401, _("a token is needed: open the link with ?token=…"))
    if request.query_params.get("token") and request.method in ("GET", "HEAD"):
        # the token leaves the address at once (history, screenshots, shared links): a cookie holds it
        kept = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
        response: Response = RedirectResponse(request.url.path + (f"?{kept}" if kept else ""),
                                              status_code=303)
    else:
        response = await call_next(request)
    if request.query_params.get("token"):
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
    return response


def answer_errors(app: FastAPI) -> None:
    """A user's mistake (RiwayaError) is a 400; every HTTP error keeps its status."""

    @app.exception_handler(RiwayaError)
    async def user_error(request: Request, exc: RiwayaError) -> Response:
        return site_of(request).error(request, 400, str(exc))

    @app.exception_handler(sqlite3.DatabaseError)
    async def damaged(request: Request, exc: sqlite3.DatabaseError) -> Response:
        # a page (or JSON) that says what is wrong, where a bare 500 said nothing
        return site_of(request).error(request, 500, damaged_database(exc))

    # the app over PostgreSQL (psycopg imported by its store, never here for a SQLite file): a
    # server gone or failing is said as SQLite's damage is
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        @app.exception_handler(psycopg.Error)
        async def server_failed(request: Request, exc: Exception) -> Response:
            return site_of(request).error(request, 500, database_server_error(exc))

    # Starlette's own class: an unknown address raises it, not FastAPI's subclass
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        unknown = exc.status_code == 404 and exc.detail == "Not Found"
        message = _("no such page") if unknown else str(exc.detail)
        site = site_of(request)
        if exc.status_code == 413 and exc.detail == "Content Too Large":  # Starlette's body limit
            message = site.upload_too_large()
        answer = site.error(request, exc.status_code, message)
        answer.headers.update(exc.headers or {})  # a 429's Retry-After
        return answer

    @app.exception_handler(RequestValidationError)
    async def bad_address(request: Request, exc: RequestValidationError) -> Response:
        # «/stories/abc»: a page for a browser like any other error; the API keeps FastAPI's answer
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
            return await request_validation_exception_handler(request, exc)
        where = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()) or "request"
        return site_of(request).error(request, 422, _("not a valid %(what)s") % {"what": where})


# How long a request may leave its body waiting between two parts: a body trickled at a byte a
# second held its connection open without end (issue 16). uvicorn times out idle connections,
# not a request that keeps sending slowly.
BODY_PART_TIMEOUT_S = 30.0


class BodyTimeout:
    """Each part of a request body must arrive within ``seconds`` of asking for it; a body that
    stalls or trickles ends in a 408."""

    def __init__(self, app: Any, seconds: float = BODY_PART_TIMEOUT_S) -> None:
        self.app, self.seconds = app, seconds

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        body_done = False

        async def timed() -> Any:
            nonlocal body_done
            if body_done:  # waiting for a disconnect while a long answer streams: no deadline
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.seconds)
            except TimeoutError as exc:
                raise HTTPException(408, _("the request's body stopped arriving")) from exc
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        await self.app(scope, timed, send)
