"""The JSON API: the command line's contracts over HTTP (OpenAPI at /openapi.json, shown at /docs).

The OpenAPI description stays English, like the JSON; its summaries are marked for the catalogs
(N_) so that /docs, a page for people, shows them in the visitor's language."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from riwaya.i18n import N_, _
from riwaya.web.forgery import refuse_cross_site
from riwaya.web.pages import day
from riwaya.web.rate import limit_rate
from riwaya.web.site import DocumentId, MinSize, SiteDep, StoryId
from riwaya.web.upload import receive

NDJSON = "application/x-ndjson"

router = APIRouter()


class CheckRequest(BaseModel):
    report: str = Field(description=N_("The report text; it may carry its source after it."))
    sources: list[str] = Field(
        default_factory=list,
        description=N_("Source texts (empty: the source is looked for after the report)."),
    )
    ref_date: dt.date | None = Field(default=None, description=N_("Publication date of the report."))


class ExtractRequest(BaseModel):
    text: str
    ref_date: dt.date | None = None


@router.post("/api/check", summary=N_("Check a report against its sources (the `riwaya check` JSON)"),
             dependencies=[Depends(refuse_cross_site), Depends(limit_rate)])
def api_check(body: CheckRequest, site: SiteDep) -> JSONResponse:
    from riwaya.check import check

    site.refuse_a_long_check(body.report, *body.sources)
    site.refuse_large_texts(body.report, *body.sources)
    result = check(body.report, body.sources or None, ref_date=body.ref_date)
    return JSONResponse(result)


@router.post("/api/extract", summary=N_("Sentences and mentions of a text (the `riwaya extract` JSON)"),
             dependencies=[Depends(refuse_cross_site), Depends(limit_rate)])
def api_extract(body: ExtractRequest, site: SiteDep) -> JSONResponse:
    from riwaya.extract import extract

    site.refuse_large_texts(body.text)
    return JSONResponse(extract(body.text, body.ref_date))


@router.get("/api/stories", summary=N_("Stories, largest first"))
def api_stories(
    site: SiteDep,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    min_size: MinSize = 1,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> JSONResponse:
    return JSONResponse(
        {
            "stories": site.store.stories(
                limit=min(limit, 1000),
                since=day(since),
                until=day(until),
                outlet=outlet,
                query=q,
                min_size=max(1, min_size),
            )
        }
    )


@router.get("/api/stories/{story_id}", summary=N_("A story: documents, copies, cites and figure table"))
def api_story(story_id: StoryId, site: SiteDep) -> JSONResponse:
    return JSONResponse(site.story(story_id))


@router.get("/api/search", summary=N_("Full-text search over normalized Arabic"))
def api_search(q: str, site: SiteDep,
               limit: Annotated[int, Query(ge=1, le=200)] = 20) -> JSONResponse:
    return JSONResponse({"query": q, "documents": site.store.search(q, limit=limit)})


@router.get("/api/documents/{doc_id}", summary=N_("A document with its sentences and mentions"))
def api_document(doc_id: DocumentId, site: SiteDep) -> JSONResponse:
    doc = site.store.document(doc_id)
    if doc is None:
        raise HTTPException(404, _("no document %(id)s") % {"id": doc_id})
    sentences = [{"start": s, "end": e} for s, e in site.store.sentences(doc_id)]
    return JSONResponse({**doc, "sentences": sentences, "mentions": site.store.mentions(doc_id)})


@router.post("/api/upload", summary=N_("Add files to the database as `riwaya ingest` adds them (the "
                                        "`ingest` JSON, counted also per file); with `Accept: "
                                        "application/x-ndjson`, a line per document as it is stored, "
                                        "then the counts"),
             dependencies=[Depends(refuse_cross_site), Depends(limit_rate)])
async def api_upload(
    request: Request,
    site: SiteDep,
    files: Annotated[list[UploadFile], File(description=N_(
        "Text, HTML, PDF, images, JSON, JSONL, WARC or ZIP files, together at most --max-upload-mb."))],
) -> Response:
    received = await receive(files, site.limit, site.max_upload_mb)
    if NDJSON in request.headers.get("accept", ""):
        lines = (json.dumps(e, ensure_ascii=False) + "\n" async for e in site.uploads.events(received))
        # a proxy (nginx) that buffers answers would hold the progress back until the end
        return StreamingResponse(lines, media_type=NDJSON, headers={"X-Accel-Buffering": "no"})
    return JSONResponse(await site.uploads.ingest(received))
