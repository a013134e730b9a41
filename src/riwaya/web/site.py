"""What every route of the web app shares: the store, the templates, the upload limit, the
cache and the ingest of uploads, held on the app (``app.state.site``) and handed to a route by a
dependency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.limits import MAX_CHECK_CHARS, MAX_ROW_ID
from riwaya.store import Store
from riwaya.web.cache import VersionCache
from riwaya.web.rate import RateLimit
from riwaya.web.upload import Uploads


@dataclass
class Site:
    store: Store
    templates: Jinja2Templates
    cache: VersionCache
    limit: int  # the largest upload, in bytes
    max_upload_mb: float
    uploads: Uploads  # batch uploads into the corpus, one ingest at a time
    max_check_chars: int = MAX_CHECK_CHARS  # a report and its sources together, for check
    rate: RateLimit | None = None  # checks, extractions and uploads per client per minute
    # fetch a check's addresses in private and local networks too (riwaya serve --allow-private):
    # off, the app cannot be made to reach the network it runs in
    allow_private: bool = False

    def upload_too_large(self) -> str:
        """Why a request past the upload limit is refused."""
        return (_("the upload is larger than %(size)s MB (riwaya serve --max-upload-mb)")
                % {"size": f"{self.max_upload_mb:g}"})

    def refuse_large_texts(self, *texts: str) -> None:
        """413 for texts (a check's, an extraction's) past the upload limit in all."""
        if sum(len(t.encode()) for t in texts) > self.limit:
            raise HTTPException(413, _("the texts are larger than %(size)s MB")
                                % {"size": f"{self.max_upload_mb:g}"})

    def refuse_a_long_check(self, *texts: str) -> None:
        """413 for a check past max_check_chars: 4.6 MB of report took 142 s of a worker (issue 16);
        a long news report is 20,000 characters."""
        if sum(len(t) for t in texts) > self.max_check_chars:
            raise HTTPException(413, _("a check takes at most %(limit)s characters of report and sources "
                                       "together (riwaya serve --max-check-chars)")
                                % {"limit": f"{self.max_check_chars:,}"})

    def page(self, request: Request, name: str, **context: Any) -> HTMLResponse:
        """A page of the site: the template with the database counts the layout shows."""
        counts = self.cache.get("counts", self.store.counts)
        return self.templates.TemplateResponse(request, name, {"counts": counts, **context})

    def story(self, story_id: int) -> dict[str, Any]:
        """A story as `riwaya story` gives it, kept until the database changes (404 if none)."""
        from riwaya.corpus import story

        def make() -> dict[str, Any]:
            try:
                return story(self.store, story_id)
            except RiwayaError as exc:
                raise HTTPException(404, str(exc)) from exc

        return self.cache.get(("story", story_id), make)

    def error(self, request: Request, status: int, message: str) -> Response:
        """An error as a page for a browser, as JSON for the API and other clients."""
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
            return JSONResponse({"error": message}, status_code=status)
        return self.templates.TemplateResponse(
            request, "error.html", {"message": message, "status": status, "counts": None}, status_code=status
        )


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


SiteDep = Annotated[Site, Depends(site_of)]

# Ids and page sizes a request may give: an id SQLite can hold (past 2^63 - 1 it raised
# OverflowError, a bare 500), and a page size within its cap (limit=-1 gave 9,292 hits for a cap
# of 200). Outside them: 422, a page for a browser.
StoryId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
DocumentId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
RowIdForm = Annotated[int, Form(ge=1, le=MAX_ROW_ID)]
OtherDocument = Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)]
PageNumber = Annotated[int, Query(ge=1, le=1_000_000)]
MinSize = Annotated[int, Query(ge=1, le=1_000_000)]
