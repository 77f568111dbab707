"""The JSON API under ``/api/``: what the workbench's pages read and write, and nothing else.

The common filters (``since``, ``until``, ``country``, ``actor``, ``type``, ``q``) mean what they mean for
``redline events`` and are applied by one function (:func:`redline.store.query.event_conditions`), so
every view of the corpus counts the same events. Lists are paginated with ``limit`` and ``offset``
in a stable order.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from redline.errors import EXIT_USAGE, Errors, RedlineError
from redline.model import Document
from redline.store.query import LARGEST_SQL_INTEGER, EventQuery, make_query
from redline.web import queries
from redline.web.extract import WebError, form_flag, form_text
from redline.web.schemas import (
    COMMON_ERRORS, WRITE_ERRORS, CommitmentsPage, DocumentsPage, EventDetail, EventsPage, Extraction, Facets, Health,
    Links, MapPoints, Network, Timeline, errors, ok,
)

router = APIRouter(prefix="/api", responses=COMMON_ERRORS)

LIMIT_MAX = 1000
EXPORT_CHUNK = 1 << 16
EXPORT_SPOOL = 8 * 1024 * 1024
# media type and file name ending per export format; a format not listed is sent as bytes
EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "acled": ("text/csv; charset=utf-8", "acled.csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "plover": ("application/x-ndjson; charset=utf-8", "plover.jsonl"),
    "geojson": ("application/geo+json; charset=utf-8", "geojson"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
}
# a filter's day; empty means no filter (E110 for a day that is not in the calendar)
DAY_OR_EMPTY = {"pattern": r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"}
# formats of the command line that are not files
NOT_EXPORTED = ("table",)
# text formats are declared as strings, the others (Parquet) as bytes
EXPORT_RESPONSES = {200: {"description": "The events as a file of the format asked for.", "content": {
    media.split(";")[0]: {"schema": {"type": "string"} if "charset" in media else {"type": "string", "format": "binary"}}
    for media, _ending in EXPORT_TYPES.values()}}}


def event_filters(
    since: Optional[str] = Query(None, description="Events on or after this day (YYYY-MM-DD).",
                                 json_schema_extra=DAY_OR_EMPTY),
    until: Optional[str] = Query(None, description="Events on or before this day (YYYY-MM-DD).",
                                 json_schema_extra=DAY_OR_EMPTY),
    country: Optional[str] = Query(None, description="ISO 3166 alpha-3 codes of the event's place, comma-separated."),
    actor: Optional[str] = Query(None, description="Source or target actors: codes (TUR) or names, comma-separated."),
    type: Optional[str] = Query(None, description="PLOVER event types (ASSAULT, ...), comma-separated."),
    q: Optional[str] = Query(None, description="Words of the trigger, an actor, the place or the document's title "
                                               "(case-insensitive)."),
) -> EventQuery:
    # an empty field (a form's) means no filter, as an absent one does
    return make_query(countries=[country] if country else [], actors=[actor] if actor else [],
                      types=[type] if type else [], since=(since or "").strip() or None,
                      until=(until or "").strip() or None, text=q)


def _store(request: Request):
    return request.app.state.store


def _page(limit: int = Query(100, ge=1, le=LIMIT_MAX, description="Items per page (at most 1000)."),
          offset: int = Query(0, ge=0, le=LARGEST_SQL_INTEGER,
                              description="Items skipped before the page.")) -> tuple[int, int]:
    return limit, offset


@router.get("/health", summary="Whether the server and its store answer, and what the store holds",
            response_model=None, responses={**ok(Health), **errors(503)})
def health(request: Request) -> dict:
    import redline

    store = _store(request)
    return {"status": "ok", "version": redline.__version__, "documents": store.count_documents(),
            "events": store.count_events(), "writable": request.app.state.writable}


@router.get("/events", summary="The events that match the filters, a page at a time", response_model=None,
            responses=ok(EventsPage))
def list_events(request: Request, query: EventQuery = Depends(event_filters), page=Depends(_page)) -> dict:
    """Rows with the columns of ``redline events --format csv``, ordered by date, document and position."""
    from redline.store.query import query_events

    limit, offset = page
    store = _store(request)
    with store.engine.connect() as conn:
        total = queries.count_events(conn, query)
    items = list(query_events(store, replace(query, limit=limit, offset=offset)))
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _stored_document(request: Request, document_id: str):
    doc = _store(request).document(document_id)
    if doc is None:
        raise WebError("E364", Errors.E364.format(document_id=document_id), 404)
    return doc


@router.get("/events/{document_id}/{event_id}", summary="One event as extracted, with its document and sentence",
            response_model=None, responses={**ok(EventDetail), **errors(404)})
def event_detail(request: Request, document_id: str, event_id: str) -> dict:
    doc = _stored_document(request, document_id)
    event = next((e for e in doc.events if e.id == event_id), None)
    if event is None:
        raise WebError("E365", Errors.E365.format(document_id=document_id, event_id=event_id), 404)
    info = doc.document
    return {
        "event": event.model_dump(mode="json"),
        "document": {"id": info.id, "title": info.title, "published": info.published, "source": info.source,
                     "url": info.url},
        "sentence_text": info.text[event.evidence.start:event.evidence.end],
    }


@router.get("/documents", summary="Stored documents, newest first", response_model=None, responses=ok(DocumentsPage))
def list_documents(request: Request, q: Optional[str] = Query(None, description="Words of the title or the source."),
                   page=Depends(_page)) -> dict:
    limit, offset = page
    with _store(request).engine.connect() as conn:
        return queries.documents_page(conn, q, limit=limit, offset=offset)


@router.get("/documents/{document_id}", summary="A stored document: the redline output JSON, text included",
            response_class=Response, responses={**ok(Document, "The document as `redline extract` writes it."),
                                                **errors(404)})
def get_document(request: Request, document_id: str) -> Response:
    from sqlalchemy import select

    from redline.store.schema import documents

    with _store(request).engine.connect() as conn:
        body = conn.execute(select(documents.c.json).where(documents.c.id == document_id)).scalar()
    if body is None:
        raise WebError("E364", Errors.E364.format(document_id=document_id), 404)
    return Response(body, media_type="application/json")


EXTRACT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {
                "type": "object", "required": ["text"],
                "properties": {
                    "text": {"type": "string", "description": "The article: plain text or HTML."},
                    # null, like an absent or empty field, means not given
                    "title": {"type": ["string", "null"]},
                    "published": {"type": ["string", "null"], "format": "date"},
                    "source": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]},
                    "country": {"type": ["string", "null"], "description": "The country the text is about, as an "
                                "ISO 3166 alpha-3 code or a name, for events whose text names no place."},
                    "store": {"type": "boolean", "default": False, "description": "Also keep it in the store."},
                }}},
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary",
                             "description": "A text or HTML file (read in memory, never saved under its name)."},
                    "title": {"type": "string"}, "published": {"type": "string", "format": "date"},
                    "source": {"type": "string"}, "url": {"type": "string"}, "country": {"type": "string"},
                    "store": {"type": "boolean", "default": False},
                }}},
        },
    }
}


async def _extract_fields(request: Request) -> dict:
    """The fields of a JSON or multipart request; an upload's bytes as ``data`` and its name as ``filename``."""
    from starlette.datastructures import UploadFile

    from redline.web.forms import read_multipart

    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type == "application/json":
        try:
            fields = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise RedlineError(Errors.E368, EXIT_USAGE, reason=f"the body is not valid JSON ({exc})") from exc
        except RecursionError as exc:
            raise RedlineError(Errors.E368, EXIT_USAGE, reason="the body's JSON is nested too deeply") from exc
        except ValueError as exc:  # an integer longer than Python converts
            raise RedlineError(Errors.E368, EXIT_USAGE, reason=f"the body is not valid JSON ({exc})") from exc
        if not isinstance(fields, dict):
            raise RedlineError(Errors.E368, EXIT_USAGE, reason="the body must be a JSON object")
        if not isinstance(fields.get("text"), str):
            raise RedlineError(Errors.E368, EXIT_USAGE, reason="\"text\" must be a string")
        if not isinstance(fields.get("store", False), bool):
            raise RedlineError(Errors.E368, EXIT_USAGE, reason="\"store\" must be true or false")
        return fields
    if content_type == "multipart/form-data":
        form = await read_multipart(request)
        fields = {key: value for key, value in form.items() if not isinstance(value, UploadFile)}
        upload = form.get("file")
        if isinstance(upload, UploadFile):
            fields["data"] = await upload.read()
            fields["filename"] = upload.filename
        elif isinstance(fields.get("text"), str):
            pass
        else:
            raise RedlineError(Errors.E368, EXIT_USAGE, reason="the form has no \"file\" (or \"text\") field")
        return fields
    raise RedlineError(Errors.E368, EXIT_USAGE,
                       reason="send application/json with a \"text\" field, or multipart/form-data with a \"file\"")


@router.post("/extract", summary="Extract the events of a pasted text or an uploaded file", openapi_extra=EXTRACT_BODY,
             response_model=None, responses={**ok(Extraction), **WRITE_ERRORS, **errors(503)})
async def extract(request: Request) -> dict:
    """Runs the redline pipeline on one article; with ``store`` true, keeps it in the store as well.
    ``stored`` tells whether the document is in the store now; ``already_stored``, whether it was before."""
    from starlette.concurrency import run_in_threadpool

    fields = await _extract_fields(request)
    extractor = request.app.state.extractor
    options = {name: form_text(fields.get(name), name) for name in ("published", "title", "source", "url", "country")}
    if "data" in fields:
        doc, origin = await run_in_threadpool(extractor.from_upload, fields["data"], fields.get("filename"), **options)
    else:
        doc, origin = await run_in_threadpool(extractor.from_text, fields["text"], **options)
    stored = already = False
    if form_flag(fields.get("store")):
        added = await run_in_threadpool(_store(request).save_document, doc, origin)
        stored, already = True, not added
    return {"document": doc.model_dump(mode="json"), "stored": stored, "already_stored": already}


@router.get("/timeline", summary="Event counts per period and type", response_model=None, responses=ok(Timeline))
def timeline(request: Request, query: EventQuery = Depends(event_filters),
             bucket: Optional[str] = Query(None, pattern="^(day|week|month)$",
                                           description="day, week (ISO, 2020-W23) or month; default: from the span.")
             ) -> dict:
    with _store(request).engine.connect() as conn:
        return queries.timeline(conn, query, bucket)


@router.get("/map", summary="Located events, grouped in cells for the map", response_model=None,
            responses=ok(MapPoints))
def map_points(request: Request, query: EventQuery = Depends(event_filters),
               cell: float = Query(0.5, ge=0, le=90, description="Cell size in degrees; 0: one point per event."),
               limit: int = Query(queries.EXACT_POINTS_MAX, ge=1, le=50000,
                                  description="With cell=0, at most this many events.")) -> dict:
    with _store(request).engine.connect() as conn:
        return queries.map_points(conn, query, cell, limit)


@router.get("/network", summary="Actors and the cooperation and conflict between them", response_model=None,
            responses=ok(Network))
def network(request: Request, query: EventQuery = Depends(event_filters),
            min_weight: int = Query(1, ge=1, description="Leave out edges of fewer events.")) -> dict:
    with _store(request).engine.connect() as conn:
        return queries.network(conn, query, min_weight)


@router.get("/facets", summary="Counts of types, countries and the top 50 actors of the filtered events",
            response_model=None, responses=ok(Facets))
def facets(request: Request, query: EventQuery = Depends(event_filters)) -> dict:
    with _store(request).engine.connect() as conn:
        return queries.facets(conn, query)


@router.get("/commitments", summary="Red lines, threats and promises, and whether later events crossed them",
            response_model=None, responses=ok(CommitmentsPage))
def commitments(request: Request, query: EventQuery = Depends(event_filters), page=Depends(_page),
                status: Optional[str] = Query(None, pattern="^(crossed|fulfilled|open)$",
                                              description="Only commitments of this status.")) -> dict:
    """Filters: since/until on the commitment's document's publication, actor and country on its holder or
    addressee, q on what it is about or its document's title; type does not apply."""
    limit, offset = page
    with _store(request).engine.connect() as conn:
        return queries.commitments_page(conn, query, status, limit=limit, offset=offset)


@router.post("/commitments/link", summary="Link every commitment again to the events of later articles",
             response_model=None, responses={**ok(Links), **errors(401)})
def link_commitments(request: Request) -> dict:
    """As ``redline commitments``: recompute the links after new articles were stored."""
    from redline.store.commitments import link_commitments as link

    links = link(_store(request))
    return {"links": len(links)}


@router.get("/export", summary="The filtered events as a file (CSV, JSONL, GeoJSON, ACLED ...)",
            response_class=StreamingResponse, responses=EXPORT_RESPONSES)
def export(request: Request, query: EventQuery = Depends(event_filters),
           format: str = Query("csv", description="A format of `redline events` that is a file.")):
    import io
    import tempfile

    from redline.store.query import FORMATS, events_command

    formats = [name for name in FORMATS if name not in NOT_EXPORTED]
    if format not in formats:
        raise RedlineError(Errors.E302, EXIT_USAGE, value=format, choices=", ".join(formats))
    spool = tempfile.SpooledTemporaryFile(max_size=EXPORT_SPOOL)
    out = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    try:
        events_command(request.app.state.db, out=out, output_format=format, countries=query.countries,
                       actors=query.actors, types=query.types, since=query.since, until=query.until, text=query.text)
        out.flush()
    except BaseException:
        spool.close()
        raise
    out.detach()
    size = spool.tell()
    spool.seek(0)

    def chunks():
        with spool:
            while chunk := spool.read(EXPORT_CHUNK):
                yield chunk

    media_type, ending = EXPORT_TYPES.get(format, ("application/octet-stream", format))
    return StreamingResponse(chunks(), media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="redline-events.{ending}"', "Content-Length": str(size)})


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    from redline.web.docs import docs_page

    return HTMLResponse(docs_page(request.app.openapi()))
