"""`riwaya serve`: a local web app over the same library and database.

Server-rendered pages (Jinja2, autoescaped: everything from documents is escaped), right to left,
with the Debian Noto Arabic fonts when installed; a JSON API with the CLI's contracts (OpenAPI at
/docs). Safety: uploads are read from memory or a temporary file of riwaya's own (no request
parameter names a path), an upload size limit, 127.0.0.1 by default, and an optional token
(``Authorization: Bearer …``, or ``?token=…`` once, which sets a cookie) for team deployments.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from riwaya.errors import RiwayaError
from riwaya.render.safe import show
from riwaya.render.timeline import number, timeline_svg
from riwaya.store import Store

TEMPLATES = Path(__file__).parent / "templates"
MAX_UPLOAD_MB = 10
# The Arabic web font, from Debian's fonts-noto-core when it is installed: a fixed table, so no
# request reaches another file.
FONTS = {
    "naskh.ttf": "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "naskh-bold.ttf": "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf",
}


class CheckRequest(BaseModel):
    report: str = Field(description="The report text; it may carry its source after it.")
    sources: list[str] = Field(
        default_factory=list, description="Source texts (empty: the source is looked for after the report)."
    )
    ref_date: dt.date | None = Field(default=None, description="Publication date of the report.")


class ExtractRequest(BaseModel):
    text: str
    ref_date: dt.date | None = None


def create_app(
    db: str = "riwaya.db", *, token: str | None = None, max_upload_mb: float = MAX_UPLOAD_MB
) -> FastAPI:
    app = FastAPI(
        lifespan=_warm_up,
        # FastAPI's /docs loads Swagger UI from a CDN, blank offline; ours is a page of its own.
        docs_url=None,
        redoc_url=None,
        title="riwaya", description="Check Arabic news against its sources. رواية", version=_version()
    )
    store = Store(db)
    templates = Jinja2Templates(directory=str(TEMPLATES))
    # Every value a template shows goes through this before autoescaping: bidi controls from
    # documents are shown, not obeyed (render.safe). Markup built by riwaya is already safe.
    templates.env.finalize = lambda value: show(value) if isinstance(value, str) and not hasattr(
        value, "__html__") else value
    templates.env.filters["num"] = number
    # The figure timeline is markup riwaya builds, every document word in it escaped (render.timeline).
    templates.env.globals["timeline_svg"] = lambda group: Markup(timeline_svg(group))
    # Compiled now rather than by the first request (and after finalize, which is compiled in).
    for template in TEMPLATES.glob("*.html"):
        templates.get_template(template.name)
    limit = int(max_upload_mb * 1024 * 1024)

    @app.middleware("http")
    async def guard(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit:
            return _error(
                request,
                templates,
                413,
                f"the upload is larger than {max_upload_mb:g} MB (riwaya serve --max-upload-mb)",
            )
        if token is not None and not request.url.path.startswith("/static/"):
            given = (
                request.headers.get("authorization", "").removeprefix("Bearer ").strip()
                or request.cookies.get("riwaya_token")
                or request.query_params.get("token")
                or ""
            )
            if not hmac.compare_digest(given.encode(), token.encode()):
                return _error(request, templates, 401, "a token is needed: open the link with ?token=…")
            response = await call_next(request)
            if request.query_params.get("token"):
                response.set_cookie("riwaya_token", token, httponly=True, samesite="strict")
            return response
        return await call_next(request)

    @app.exception_handler(RiwayaError)
    async def user_error(request: Request, exc: RiwayaError) -> Response:
        return _error(request, templates, 400, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, templates, exc.status_code, str(exc.detail))

    # Stories and counts are read far more often than the database changes: keep them until it
    # does (another process's ingest changes data_version, this one's own writes total_changes).
    cache: dict[Any, Any] = {}

    def cached(key: Any, make: Any) -> Any:
        version = store.version()
        if cache.get("version") != version:
            cache.clear()
            cache["version"] = version
        if key not in cache:
            if len(cache) > 512:
                cache.clear()
                cache["version"] = version
            cache[key] = make()
        return cache[key]

    def story_of(story_id: int) -> dict[str, Any]:
        from riwaya.corpus import story

        return cached(("story", story_id), lambda: _found(lambda: story(store, story_id)))

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name,
                                          {"counts": cached("counts", store.counts), **context})

    # Pages.
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return page(request, "home.html", stories=store.stories(limit=10, min_size=2))

    @app.get("/check", response_class=HTMLResponse, include_in_schema=False)
    def check_form(request: Request) -> HTMLResponse:
        return page(request, "check_form.html")

    @app.post("/check", include_in_schema=False)
    async def check_submit(
        request: Request,
        report: Annotated[str, Form()] = "",
        source: Annotated[str, Form()] = "",
        report_file: Annotated[UploadFile | None, File()] = None,
        source_file: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        from riwaya.check import check

        report_text = await _text_of(report, report_file, limit)
        source_text = await _text_of(source, source_file, limit)
        if not report_text.strip():
            raise RiwayaError("paste the report (or upload it) to check it")
        # In a worker thread: a long report must not hold the event loop (and other users).
        result = await run_in_threadpool(
            check,
            report_text,
            [source_text] if source_text.strip() else None,
            report_name="report",
            source_names=["source"] if source_text.strip() else None,
        )
        title = _title_of(report_text)
        check_id = store.save_check(result, title)
        return RedirectResponse(f"/check/{check_id}", status_code=303)

    @app.get("/check/{check_id}.json", include_in_schema=False)
    def check_json(check_id: str) -> Response:
        from riwaya.render.json import dumps

        return Response(
            dumps(_saved(store, check_id)["result"]),
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="riwaya-check-{check_id}.json"'},
        )

    @app.get("/check/{check_id}.html", include_in_schema=False)
    def check_html(check_id: str) -> Response:
        from riwaya.render.html import render_check

        saved = _saved(store, check_id)
        return HTMLResponse(
            render_check(saved["result"], title=f"riwaya check — {saved['title'] or check_id}"),
            headers={"Content-Disposition": f'attachment; filename="riwaya-check-{check_id}.html"'},
        )

    # After the .json and .html routes, which it would otherwise swallow.
    @app.get("/check/{check_id}", response_class=HTMLResponse, include_in_schema=False)
    def check_page(request: Request, check_id: str) -> HTMLResponse:
        from riwaya.render.html import check_parts

        saved = _saved(store, check_id)
        return page(
            request,
            "check_result.html",
            check_id=check_id,
            title=saved["title"],
            at=saved["at"],
            parts=check_parts(saved["result"]),
            header=saved["result"]["sources"][0]["header"],
        )

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        request: Request, q: str = "", since: str = "", until: str = "", outlet: str = "", min_size: int = 2
    ) -> HTMLResponse:
        found = store.stories(
            limit=200,
            since=_day(since),
            until=_day(until),
            outlet=outlet or None,
            query=q or None,
            min_size=max(1, min_size),
        )
        outlets = store.outlets(100)
        return page(
            request,
            "stories.html",
            stories=found,
            q=q,
            since=since,
            until=until,
            outlet=outlet,
            outlets=outlets,
            min_size=min_size,
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: int) -> HTMLResponse:
        found = story_of(story_id)
        copies: dict[int, list[dict[str, Any]]] = {}
        for d in found["documents"]:
            if d["copy_of"]:
                copies.setdefault(d["copy_of"], []).append(d)
        originals = [d for d in found["documents"] if not d["copy_of"]]
        outlets = {d["id"]: d["outlet"] or f"#{d['id']}" for d in found["documents"]}
        return page(request, "story.html", story=found, originals=originals, copies=copies, outlets=outlets)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: int, against: int | None = None) -> HTMLResponse:
        from riwaya.render.html import _marked_text, copy_sides

        doc = store.document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id}")
        marks = [
            (m["start"], m["end"], f"m {m['kind']}", {"title": f"{m['kind']}: {_describe(m)}"})
            for m in store.mentions(doc_id)
        ]
        links = store.links("copies", [doc_id])
        copies_of = sorted((ln for ln in links if ln["source_id"] == doc_id),
                           key=lambda ln: -(ln["similarity"] or 0))
        copied_by = [ln for ln in links if ln["target_id"] == doc_id]
        linked = {x for ln in links for x in (ln["source_id"], ln["target_id"])}
        others = {d["id"]: d for d in store.documents(linked)}
        shown = next((ln for ln in links if against in (ln["source_id"], ln["target_id"])), None) or \
            (copies_of[0] if copies_of else None)
        sides = None
        if shown is not None:
            copy, original = others[shown["source_id"]], others[shown["target_id"]]
            sides = {"copy_doc": copy, "original_doc": original, "link": shown,
                     **copy_sides(copy["text"], original["text"], shown["data"])}
        return page(
            request,
            "document.html",
            doc=doc,
            text=_marked_text(doc["text"], marks),
            mentions=store.mentions(doc_id),
            copies_of=copies_of,
            copied_by=copied_by,
            others=others,
            sides=sides,
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        return page(request, "search.html", q=q, hits=store.search(q, limit=50) if q.strip() else [])

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        spec = app.openapi()
        routes = []
        for path, methods in spec["paths"].items():
            for method, op in methods.items():
                params = [(p["name"], p["in"], p.get("required", False)) for p in op.get("parameters", [])]
                body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
                fields = []
                if body and "$ref" in body:
                    schema = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
                    fields = [(name, prop.get("description", ""), name in schema.get("required", []))
                              for name, prop in schema.get("properties", {}).items()]
                routes.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "params": params, "fields": fields})
        return page(request, "api.html", routes=routes)

    @app.get("/static/font/{name}", include_in_schema=False)
    def font(name: str) -> Response:
        path = FONTS.get(name)
        if path is None or not os.path.exists(path):
            raise HTTPException(404, "no such font")
        return FileResponse(path, media_type="font/ttf", headers={"Cache-Control": "max-age=86400"})

    # API.
    @app.post("/api/check", summary="Check a report against its sources (the `riwaya check` JSON)")
    def api_check(body: CheckRequest) -> JSONResponse:
        from riwaya.check import check

        if len(body.report.encode()) + sum(len(s.encode()) for s in body.sources) > limit:
            raise HTTPException(413, f"the texts are larger than {max_upload_mb:g} MB")
        result = check(body.report, body.sources or None, ref_date=body.ref_date)
        return JSONResponse(result)

    @app.post("/api/extract", summary="Sentences and mentions of a text (the `riwaya extract` JSON)")
    def api_extract(body: ExtractRequest) -> JSONResponse:
        from riwaya.extract import extract

        return JSONResponse(extract(body.text, body.ref_date))

    @app.get("/api/stories", summary="Stories, largest first")
    def api_stories(
        q: str | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        min_size: int = 1,
        limit: int = 50,
    ) -> JSONResponse:
        return JSONResponse(
            {
                "stories": store.stories(
                    limit=min(limit, 1000),
                    since=_day(since),
                    until=_day(until),
                    outlet=outlet,
                    query=q,
                    min_size=max(1, min_size),
                )
            }
        )

    @app.get("/api/stories/{story_id}", summary="A story: documents, copies, cites and figure table")
    def api_story(story_id: int) -> JSONResponse:
        return JSONResponse(story_of(story_id))

    @app.get("/api/search", summary="Full-text search over normalized Arabic")
    def api_search(q: str, limit: int = 20) -> JSONResponse:
        return JSONResponse({"query": q, "documents": store.search(q, limit=min(limit, 200))})

    @app.get("/api/documents/{doc_id}", summary="A document with its sentences and mentions")
    def api_document(doc_id: int) -> JSONResponse:
        doc = store.document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id}")
        sentences = [{"start": s, "end": e} for s, e in store.sentences(doc_id)]
        return JSONResponse({**doc, "sentences": sentences, "mentions": store.mentions(doc_id)})

    return app


@contextlib.asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Load the lexicons and matchers before the first request, not during it: cold,
    the first requests of a burst waited ~5 s for them (measured with 50 clients)."""
    from riwaya.check import check
    from riwaya.corpus import story  # noqa: F401

    check("قال الجيش في بيان إن 5 مقاتلين قتلوا.", ["الجيش\nبيان\nقتل 5 مقاتلين."])
    yield


def _version() -> str:
    from riwaya import __version__

    return __version__


def _error(request: Request, templates: Jinja2Templates, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"error": message}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"message": message, "status": status, "counts": None}, status_code=status
    )


def _saved(store: Store, check_id: str) -> dict[str, Any]:
    saved = store.load_check(check_id)
    if saved is None:
        raise HTTPException(404, "no such check (the permalink is wrong or from another database)")
    return saved


def _found(make: Any) -> Any:
    try:
        return make()
    except RiwayaError as exc:
        raise HTTPException(404, str(exc)) from exc


def _day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise RiwayaError(f"dates are YYYY-MM-DD, got {value!r}") from exc


def _title_of(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:120]


def _describe(m: dict[str, Any]) -> str:
    if m["kind"] == "quantity":
        return f"{m.get('unit') or '?'} {m.get('event') or ''}".strip()
    if m["kind"] == "date":
        return str(m.get("gregorian") or m.get("text"))
    return str(m.get("name") or m.get("id") or m.get("text"))


async def _text_of(pasted: str, upload: UploadFile | None, limit: int) -> str:
    """The pasted text, or the uploaded file read like `riwaya ingest` reads it (text in any
    encoding, HTML, PDF, an image by OCR)."""
    if upload is None or not upload.filename:
        return pasted
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"{upload.filename}: larger than {limit // (1024 * 1024)} MB")
    from riwaya.read import read_one
    from riwaya.read.base import suffix_of

    # Only the suffix of the user's file name is used: the file is ours, in a temporary folder.
    suffix = suffix_of(upload.filename)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "upload" + (suffix if suffix.replace(".", "").isalnum() else ".txt"))
        with open(path, "wb") as f:
            f.write(data)
        try:  # OCR and pdftotext take seconds: in a worker thread, not on the event loop
            return (await run_in_threadpool(read_one, path)).text
        except RiwayaError as exc:
            raise RiwayaError(str(exc).replace(path, upload.filename)) from exc
