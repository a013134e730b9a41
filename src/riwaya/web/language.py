"""The language of each request: ``?lang=en|ar`` (remembered in a cookie), else the cookie, else
the language the server was started in (`riwaya serve --lang`, RIWAYA_LANG; Arabic by default).
The JSON API answers in English, its contract's language, unless asked with ``?lang=``.

A plain ASGI middleware rather than Starlette's BaseHTTPMiddleware: the language is a context
variable (riwaya.i18n), set here around the whole request, so the routes, the templates and the
error pages all see it, in the threadpool too."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from riwaya import i18n

LANGUAGE_COOKIE = "riwaya_lang"
Scope = dict[str, Any]
Message = dict[str, Any]


class Language:
    def __init__(self, app: Any, default: str) -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        asked = i18n.language_of((query.get("lang") or [""])[0])
        language = asked or i18n.language_of(_cookie(scope)) or self.default
        if scope.get("path", "").startswith(("/api/", "/openapi.json")):
            language = asked or "en"  # the API's messages are the contract's, English, unless asked

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-language", language.encode()))
                headers.append((b"vary", b"Cookie"))
                if asked:
                    headers.append((b"set-cookie", f"{LANGUAGE_COOKIE}={asked}; Path=/; Max-Age=31536000; "
                                                   "SameSite=Lax".encode()))
                message = {**message, "headers": headers}
            await send(message)

        with i18n.speaking(language):
            await self.app(scope, receive, answer)


def _cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            jar.load(value.decode("latin-1"))
            if LANGUAGE_COOKIE in jar:
                return jar[LANGUAGE_COOKIE].value
    return None
