"""`riwaya serve`: a local web app over the same library and database.

Server-rendered pages (Jinja2, autoescaped: everything from documents is escaped), right to left,
with the Debian Noto Arabic fonts when installed; a JSON API with the CLI's contracts (OpenAPI at
/docs). Safety: uploads are read from memory or a temporary file of riwaya's own (no request
parameter names a path), an upload size limit, 127.0.0.1 by default, and an optional token
(``Authorization: Bearer …``, or ``?token=…`` once, which sets a cookie) for team deployments.

The app is assembled here from its parts: pages (web.pages), the JSON API (web.api), the guard
in front of them (web.guard: upload limit, token, errors), the cache of stories (web.cache) and
the batch upload into the corpus (web.upload).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from starlette.middleware.body_limit import RequestBodyLimitMiddleware

from riwaya import i18n
from riwaya.limits import MAX_CHECK_CHARS
from riwaya.render import page
from riwaya.store import open_store
from riwaya.web import api, pages
from riwaya.web.cache import VersionCache
from riwaya.web.forgery import form_token
from riwaya.web.guard import BodyTimeout, answer_errors, guard
from riwaya.web.language import Language
from riwaya.web.rate import RATE_LIMIT_PER_MINUTE, RateLimit
from riwaya.web.site import Site
from riwaya.web.upload import Uploads

TEMPLATES = Path(__file__).parent / "templates"
WARM_UP = Path(__file__).parent / "warm_up.yaml"
MAX_UPLOAD_MB = 10
# How long one search may run before it is stopped with a message (Datasette's sql_time_limit_ms).
SEARCH_TIME_LIMIT_MS = 5000


def create_app(
    db: str = "riwaya.db", *, create: bool = True, token: str | None = None,
    max_upload_mb: float = MAX_UPLOAD_MB,
    language: str | None = None, allowed_hosts: list[str] | None = None,
    max_check_chars: int = MAX_CHECK_CHARS,
    search_time_limit_ms: int = SEARCH_TIME_LIMIT_MS, rate_limit: int | None = RATE_LIMIT_PER_MINUTE,
    allow_private: bool = False,
) -> FastAPI:
    """The app over the database ``db``; its pages in ``language`` unless a visitor switches
    (the current language, RIWAYA_LANG or Arabic, when not given); with ``allowed_hosts``, only
    requests for those host names are answered (`riwaya serve` gives its own)."""
    app = FastAPI(
        lifespan=_warm_up,
        # FastAPI's /docs loads Swagger UI from a CDN, blank offline; ours is a page of its own.
        docs_url=None,
        redoc_url=None,
        title="riwaya", description="Check Arabic news against its sources. رواية", version=_version()
    )
    store = open_store(db, create=create)
    store.check_damage()
    store.search_time_limit = search_time_limit_ms / 1000
    app.state.site = Site(store, _templates(), VersionCache(store.version),
                          int(max_upload_mb * 1024 * 1024), max_upload_mb, Uploads(store), max_check_chars,
                          RateLimit(rate_limit) if rate_limit else None, allow_private)
    # every body counted as it arrives, chunked ones too (the Content-Length check in guard alone
    # let a chunked body run to 1.45 GB before a 413; issue 16); inside guard, which answers a
    # declared length past the limit itself, as a page or JSON
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=app.state.site.limit)
    app.add_middleware(BodyTimeout)
    guard(app, token, allowed_hosts, script_hashes=_inline_script_hashes(app.state.site.templates))
    answer_errors(app)
    app.include_router(pages.router)
    app.include_router(api.router)
    # outermost: the error pages that guard and answer_errors write speak the visitor's language
    app.add_middleware(Language, default=i18n.language_of(language) or i18n.current())
    return app


# The scripts the pages inline, each as `<script>\n{% include NAME %}\n</script>` (check_parts.html,
# upload.html): what the Content-Security-Policy lets run, by hash. tests/test_web.py checks every
# inline script of every page against it.
INLINE_SCRIPTS = ("check.js", "upload.js")


def _inline_script_hashes(templates: Jinja2Templates) -> list[str]:
    import base64
    import hashlib

    return [base64.b64encode(hashlib.sha256(f"\n{templates.get_template(name).render()}\n".encode()).digest())
            .decode() for name in INLINE_SCRIPTS]


def _templates() -> Jinja2Templates:
    """The web app's pages (web/templates) over the templates it shares with the standalone
    pages (render/templates), set up as render.page sets up its own: escaped, bidi shown."""
    loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), FileSystemLoader(str(page.TEMPLATES))])
    templates = Jinja2Templates(env=page.configure(Environment(loader=loader, autoescape=True)))
    templates.env.globals["form_token"] = form_token
    # Compiled now rather than by the first request.
    for template in TEMPLATES.glob("*.html"):
        templates.get_template(template.name)
    return templates


@contextlib.asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Load the lexicons and matchers before the first request, not during it: cold,
    the first requests of a burst waited ~5 s for them (measured with 50 clients). At the end,
    the folders of uploads still waiting to be ingested are removed."""
    from riwaya.check import check
    from riwaya.corpus import story  # noqa: F401

    sample = warm_up_sample()
    check(sample["report"], [sample["source"]])
    yield
    app.state.site.uploads.close()


def warm_up_sample() -> dict[str, str]:
    """The report and source checked at start-up (web/warm_up.yaml)."""
    import yaml

    return yaml.safe_load(WARM_UP.read_text(encoding="utf-8"))


def _version() -> str:
    from riwaya import __version__

    return __version__
