"""Requests another site's page makes a visitor's browser send: refused (issue 16).

Three locks, each for what the others miss:
- ``Sec-Fetch-Site: cross-site``, which browsers send with every request since 2023;
- an ``Origin`` of another host, which browsers send with every POST from a page of another origin;
- a form token on every form that changes data, as Django's CSRF middleware does it: a random
  value kept in a SameSite=Strict cookie and repeated in the form, which a page elsewhere can
  neither read nor set. The API's routes, for scripts that hold no cookie, have the first two.
"""

from __future__ import annotations

import hmac
import secrets
from contextvars import ContextVar
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import Response

from riwaya.i18n import _

FORM_COOKIE = "riwaya_form"
FORM_FIELD = "form_token"
_token: ContextVar[str] = ContextVar("riwaya_form_token", default="")


def form_token() -> str:
    """The token the forms of the page being made carry (the templates' ``form_token()``); empty
    outside a request: a standalone page has no form that posts."""
    return _token.get()


def hand_out_form_token(request: Request) -> bool:
    """The visitor's form token, made now when it has none (or a malformed one); True when the
    answer must set its cookie."""
    kept = request.cookies.get(FORM_COOKIE, "")
    fresh = not (20 <= len(kept) <= 64 and kept.replace("-", "").replace("_", "").isalnum())
    _token.set(secrets.token_urlsafe(24) if fresh else kept)
    return fresh


def keep_form_token(request: Request, response: Response) -> None:
    response.set_cookie(FORM_COOKIE, _token.get(), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def refuse_cross_site(request: Request) -> None:
    """A request a page of another site made: refused by what the browser says of it. A script
    such as curl says nothing and is let in."""
    origin = request.headers.get("origin")
    host = request.headers.get("host", "").lower()
    # «null»: a sandboxed frame, or a page opened from a file
    elsewhere = bool(origin) and (origin == "null" or urlsplit(origin).netloc.lower() != host)
    if elsewhere or request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, _("a form sent by another site's page is refused"))


async def refuse_forged_form(request: Request) -> None:
    """A form that changes data: from this site (refuse_cross_site) and carrying the token of the
    visitor's cookie."""
    refuse_cross_site(request)
    sent = (await request.form()).get(FORM_FIELD)
    kept = request.cookies.get(FORM_COOKIE, "")
    if not (isinstance(sent, str) and kept and hmac.compare_digest(sent.encode(), kept.encode())):
        raise HTTPException(403, _("the form has expired or comes from elsewhere: reload the page and send "
                                   "it again (scripts use the API: /api/check, /api/upload)"))
