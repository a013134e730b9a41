"""The web app's pages: home, check (form, result, downloads), stories, a story, a document,
search, the upload of documents into the corpus, the API's documentation, and the Arabic web
font."""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read.base import file_name
from riwaya.render.labels import label
from riwaya.store import Store
from riwaya.web.forgery import refuse_forged_form
from riwaya.web.rate import limit_rate
from riwaya.web.site import DocumentId, MinSize, OtherDocument, PageNumber, RowIdForm, Site, SiteDep, StoryId
from riwaya.web.upload import receive

# The Arabic web font, from Debian's fonts-noto-core when it is installed: a fixed table, so no
# request reaches another file.
FONTS = {
    "naskh.ttf": "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "naskh-bold.ttf": "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf",
}

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, site: SiteDep) -> HTMLResponse:
    return site.page(request, "home.html", stories=site.store.stories(limit=10, min_size=2))


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request, site: SiteDep) -> HTMLResponse:
    return site.page(request, "check_form.html")


@router.post("/check", dependencies=[Depends(refuse_forged_form), Depends(limit_rate)])
async def check_submit(
    site: SiteDep,
    report: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    report_file: Annotated[UploadFile | None, File()] = None,
    source_file: Annotated[UploadFile | None, File()] = None,
    report_url: Annotated[str, Form()] = "",
    source_url: Annotated[str, Form()] = "",
) -> Response:
    from riwaya.check import check

    report_text = await _fetched(report_url, site) or await _text_of(report, report_file, site.limit)
    source_text = await _fetched(source_url, site) or await _text_of(source, source_file, site.limit)
    if not report_text.strip():
        raise RiwayaError(_("paste the report (or upload it) to check it"))
    site.refuse_a_long_check(report_text, source_text)
    # In a worker thread: a long report must not hold the event loop (and other users).
    result = await run_in_threadpool(
        check,
        report_text,
        [source_text] if source_text.strip() else None,
        # the names the page shows the pasted texts under, in the visitor's language
        report_name=_("the report"),
        source_names=[_("the source")] if source_text.strip() else None,
    )
    check_id = site.store.save_check(result, _title_of(report_text))
    return RedirectResponse(f"/check/{check_id}", status_code=303)


@router.get("/check/{check_id}.json")
def check_json(check_id: str, site: SiteDep) -> Response:
    from riwaya.render.json import dumps

    return Response(
        dumps(_saved(site.store, check_id)["result"]),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="riwaya-check-{check_id}.json"'},
    )


@router.get("/check/{check_id}.html")
def check_html(check_id: str, site: SiteDep) -> Response:
    from riwaya.render.html import render_check

    saved = _saved(site.store, check_id)
    return HTMLResponse(
        render_check(saved["result"], title=f"riwaya check — {saved['title'] or check_id}"),
        headers={"Content-Disposition": f'attachment; filename="riwaya-check-{check_id}.html"'},
    )


# After the .json and .html routes, which it would otherwise swallow.
@router.get("/check/{check_id}", response_class=HTMLResponse)
def check_page(request: Request, check_id: str, site: SiteDep) -> HTMLResponse:
    from riwaya.render.html import check_view

    saved = _saved(site.store, check_id)
    reviews: dict[str, list[dict[str, Any]]] = {}
    for r in site.store.check_reviews(check_id):
        reviews.setdefault(r["finding"], []).append(r)
    return site.page(
        request,
        "check_result.html",
        check_id=check_id,
        title=saved["title"],
        at=saved["at"],
        view=check_view(saved["result"]),
        reviews=reviews,
    )


@router.post("/check/{check_id}/reviews", dependencies=[Depends(refuse_forged_form)])
def review_a_finding(
    check_id: str,
    site: SiteDep,
    finding: Annotated[str, Form()],
    rating: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    reviewer: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """A checker's verdict on one finding of a saved check, stored with the fields `riwaya review`
    keeps and exported with them (`riwaya export --format claimreview`)."""
    from riwaya.corpus import review_finding

    _saved(site.store, check_id)  # 404 for a check that is not there
    review_finding(site.store, check_id, finding, rating, note=note.strip() or None,
                   reviewer=reviewer.strip() or None)
    return RedirectResponse(f"/check/{check_id}#{finding.replace('/', '-')}", status_code=303)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request,
    site: SiteDep,
    q: str = "",
    since: str = "",
    until: str = "",
    outlet: str = "",
    min_size: MinSize = 2,
) -> HTMLResponse:
    found = site.store.stories(
        limit=200,
        since=day(since),
        until=day(until),
        outlet=outlet or None,
        query=q or None,
        min_size=max(1, min_size),
    )
    return site.page(
        request,
        "stories.html",
        stories=found,
        q=q,
        since=since,
        until=until,
        outlet=outlet,
        outlets=site.store.outlets(100),
        min_size=min_size,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: StoryId, site: SiteDep) -> HTMLResponse:
    from riwaya.render.corpus import story_view

    found = site.story(story_id)
    # only this story's figures: every review with its document's text would be read otherwise
    reviews = site.store.reviews_of(v["claim"] for g in found["figures"] for v in g["values"] if v["claim"])
    return site.page(request, "story.html", view=story_view(found), reviews=reviews)


@router.post("/reviews", dependencies=[Depends(refuse_forged_form)])
def review_submit(
    site: SiteDep,
    claim: RowIdForm,
    story: RowIdForm,
    rating: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    reviewer: Annotated[str, Form()] = "",
) -> Response:
    """A checker's verdict on one figure as one document gives it, stored as `riwaya review`
    stores it (and exported by `riwaya export --format claimreview`)."""
    from riwaya.corpus import review

    if not site.store.has_claim(claim):
        # no server path in the message
        raise RiwayaError(_("no claim %(id)s: the figure is no longer in the database") % {"id": claim})
    review(site.store, claim, rating, note=note.strip() or None, reviewer=reviewer.strip() or None)
    return RedirectResponse(f"/stories/{story}#claim-{claim}", status_code=303)


@router.get("/documents/{doc_id}/page.warc.gz")
def document_capture(doc_id: DocumentId, site: SiteDep) -> Response:
    """A fetched document's page as it was served, its WARC record (replayable, e.g. in
    ReplayWeb.page): what the page said when riwaya read it."""
    capture = site.store.capture(doc_id)
    if capture is None:
        raise HTTPException(404, _("document %(id)s was not fetched from the web") % {"id": doc_id})
    return Response(capture["warc"], media_type="application/warc",
                    headers={"Content-Disposition": f'attachment; filename="riwaya-{doc_id}.warc.gz"'})


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: DocumentId, site: SiteDep,
                  against: OtherDocument = None) -> HTMLResponse:
    from riwaya.render.html import copy_sides, marked_pieces

    store = site.store
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, _("no document %(id)s") % {"id": doc_id})
    marks = [
        (m["start"], m["end"], f"m {m['kind']}", {"title": f"{label(m['kind'], 'mention')}: {_describe(m)}"})
        for m in store.mentions(doc_id)
    ]
    links = store.links("copies", [doc_id])
    copies_of = sorted((ln for ln in links if ln["source_id"] == doc_id),
                       key=lambda ln: -(ln["similarity"] or 0))
    copied_by = [ln for ln in links if ln["target_id"] == doc_id]
    linked = {x for ln in links for x in (ln["source_id"], ln["target_id"])}
    others = {d["id"]: d for d in store.documents(linked)}
    shown = next((ln for ln in links if against in (ln["source_id"], ln["target_id"])), None) or (
        copies_of[0] if copies_of else None
    )
    sides = None
    if shown is not None:
        copy, original = others[shown["source_id"]], others[shown["target_id"]]
        sides = {"copy_doc": copy, "original_doc": original, "link": shown,
                 **copy_sides(copy["text"], original["text"], shown["data"])}
    return site.page(
        request,
        "document.html",
        doc=doc,
        fetched=(doc.get("meta") or {}).get("fetched"),
        forwarded_from=_forwarded_from(doc),
        read_from=file_name(doc["name"]),
        appearances=[{**a, "read_from": file_name(a["name"]), "forwarded_from": _forwarded_from(a)}
                     for a in store.appearances([doc_id]).get(doc_id, [])],
        text=marked_pieces(doc["text"], marks),
        mentions=store.mentions(doc_id),
        copies_of=copies_of,
        copied_by=copied_by,
        others=others,
        sides=sides,
    )


SEARCH_PAGE_SIZE = 20


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, site: SiteDep, q: str = "", outlet: str = "", since: str = "",
                until: str = "", page: PageNumber = 1) -> HTMLResponse:
    """Hits with their count, a page at a time, the matched words marked, narrowed by outlet and
    by date."""
    for value, flag in ((since, "since"), (until, "until")):
        if value and not _is_day(value):
            raise RiwayaError(_("%(field)s: a date as YYYY-MM-DD, not %(value)r")
                              % {"field": flag, "value": value})
    page = max(1, page)
    narrow = {"outlet": outlet or None, "since": since or None, "until": until or None}
    total = site.store.search_count(q, **narrow) if q.strip() else 0
    hits = site.store.search(q, limit=SEARCH_PAGE_SIZE, offset=(page - 1) * SEARCH_PAGE_SIZE,
                             **narrow) if q.strip() else []
    for hit in hits:
        at = hit["snippet_match"]
        text = hit["snippet"]
        hit["pieces"] = [(text, False)] if at is None else [
            (text[:at[0]], False), (text[at[0]:at[1]], True), (text[at[1]:], False)]
    keep = {"q": q, "outlet": outlet, "since": since, "until": until}
    pages = max(1, -(-total // SEARCH_PAGE_SIZE))
    return site.page(request, "search.html", q=q, hits=hits, total=total, page=page, pages=pages,
                     first=(page - 1) * SEARCH_PAGE_SIZE + 1, outlets=site.store.outlets(), keep=keep,
                     previous=urlencode({**keep, "page": page - 1}) if page > 1 else None,
                     next=urlencode({**keep, "page": page + 1}) if page < pages else None)


def _is_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, site: SiteDep) -> HTMLResponse:
    return site.page(request, "upload.html", **_upload_page(site))


@router.post("/upload", response_class=HTMLResponse,
             dependencies=[Depends(refuse_forged_form), Depends(limit_rate)])
async def upload_submit(request: Request, site: SiteDep,
                        files: Annotated[list[UploadFile | str] | None, File()] = None) -> HTMLResponse:
    """The upload without the page's script: the files ingested, and the page again with what
    became of each (the script shows the same as it happens, through /api/upload). A form sent
    with no file chosen sends an empty string: answered as no file."""
    uploads = [f for f in files or [] if not isinstance(f, str)]
    received = await receive(uploads, site.limit, site.max_upload_mb)
    summary = await site.uploads.ingest(received)
    return site.page(request, "upload.html", summary=summary, **_upload_page(site))


def _upload_page(site: Site) -> dict[str, Any]:
    from riwaya.read.base import ALL_SUFFIXES

    # «.warc.gz»: a browser's file picker filters by the last suffix
    accept = ",".join(sorted({*ALL_SUFFIXES, ".gz"}))
    return {"limit": site.limit, "max_mb": f"{site.max_upload_mb:g}", "accept": accept}


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request, site: SiteDep) -> HTMLResponse:
    """The API's documentation as a page of our own: FastAPI's /docs loads Swagger UI from a CDN,
    blank offline."""
    spec = request.app.openapi()
    routes = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = [(p["name"], p["in"], p.get("required", False)) for p in op.get("parameters", [])]
            content = op.get("requestBody", {}).get("content", {})
            kind = "JSON" if "application/json" in content else "multipart form"  # /api/upload: files
            body = (content.get("application/json") or content.get("multipart/form-data") or {}).get("schema")
            fields = []
            if body and "$ref" in body:
                schema = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
                fields = [(name, prop.get("description", ""), name in schema.get("required", []))
                          for name, prop in schema.get("properties", {}).items()]
            routes.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                           "params": params, "fields": fields, "body": kind})
    return site.page(request, "api.html", routes=routes)


@router.get("/static/font/{name}")
def font(name: str) -> Response:
    path = FONTS.get(name)
    if path is None or not os.path.exists(path):
        raise HTTPException(404, _("no such font"))
    return FileResponse(path, media_type="font/ttf", headers={"Cache-Control": "max-age=86400"})


def day(value: str | None) -> str | None:
    """A date filter as the store takes it (YYYY-MM-DD), or a user error."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise RiwayaError(_("dates are YYYY-MM-DD, got %(value)r") % {"value": value}) from exc


def _saved(store: Store, check_id: str) -> dict[str, Any]:
    saved = store.load_check(check_id)
    if saved is None:
        raise HTTPException(404, _("no such check (the permalink is wrong or from another database)"))
    return saved


def _title_of(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:120]


def _forwarded_from(doc: dict[str, Any]) -> str | None:
    """The channel a Telegram message was forwarded from, as its export names it."""
    return ((doc.get("meta") or {}).get("telegram") or {}).get("forwarded_from")


def _describe(m: dict[str, Any]) -> str:
    if m["kind"] == "quantity":
        event = label(m["event"], "event") if m.get("event") else ""
        return f"{label(m.get('unit'), 'unit')} {event}".strip()
    if m["kind"] == "date":
        return str(m.get("gregorian") or m.get("text"))
    return str(m.get("name") or m.get("id") or m.get("text"))


async def _fetched(address: str, site: Site) -> str:
    """The text of the page at ``address`` (none given: ''), fetched as `riwaya check URL` does,
    within the upload limit; an address in a private network only with serve --allow-private."""
    address = address.strip()
    if not address:
        return ""
    from riwaya.read.base import is_url
    from riwaya.read.fetch import read_url

    if not is_url(address):
        raise RiwayaError(_("%(address)s: give an http or https address") % {"address": address})
    # a fetch waits on another server: in a worker thread, not on the event loop
    doc = await run_in_threadpool(read_url, address, allow_private=site.allow_private, max_bytes=site.limit)
    return doc.text


async def _text_of(pasted: str, upload: UploadFile | None, limit: int) -> str:
    """The pasted text, or the uploaded file read like `riwaya ingest` reads it (text in any
    encoding, HTML, PDF, an image by OCR)."""
    if upload is None or not upload.filename:
        return pasted
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, _("%(file)s: larger than %(size)s MB")
                            % {"file": upload.filename, "size": limit // (1024 * 1024)})
    from riwaya.read import read_one
    from riwaya.read.base import suffix_of, written_out

    # Only the suffix of the user's file name is used: the file is ours, a temporary one.
    suffix = suffix_of(upload.filename)
    with written_out(data, suffix if suffix.replace(".", "").isalnum() else ".txt") as path:
        try:  # OCR and pdftotext take seconds: in a worker thread, not on the event loop
            return (await run_in_threadpool(read_one, path)).text
        except RiwayaError as exc:
            raise RiwayaError(str(exc).replace(path, upload.filename)) from exc
