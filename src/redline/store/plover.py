"""Events as PLOVER JSON records (the field names of the PLOVER manual's "JSON Data Fields").

One record per line (JSONL), as the manual suggests. Standard names are used wherever PLOVER
has one (``id``, ``date``, ``enddate``, ``source``, ``recipient``, ``event``, ``event_text``,
``quad_code``, ``event_scale``, ``mode``, ``context``, ``event_loc``, ``text``, ``text_info``,
``cite_info``, ``coder``); what redline adds beyond them keeps its own names (``confidence``,
``date_precision``, ``negated``, ...), as the manual allows. Actor objects use ``actor_text``,
``code``, ``sector``, ``identifier_id``, ``identifier_text`` and ``office``; the location
object uses GeoNames' names (``geonameid``, ``name``, ``latitude``, ``longitude``,
``country code``) plus ``cc3``, and redline's ``feature`` (city, admin, country ...).

No coding date is written: the same store gives byte-identical records on every export.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Iterable, Iterator, Optional, TextIO

from redline.model import ActorRef, Document, Event

QUAD_CODES = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3, "material_conflict": 4}
CODEBOOK = "plover-0.8 (16 categories)"
_CACHED_DOCUMENTS = 256


def _compact(mapping: dict) -> dict:
    return {key: value for key, value in mapping.items() if value not in (None, [], {}, "")}


def _actor(ref: ActorRef) -> dict:
    return _compact({
        "actor_text": ref.text, "code": ref.code, "sector": ref.sector,
        "identifier_id": ref.kb_id, "identifier_text": ref.name, "office": ref.role,
        "start": ref.evidence.start, "end": ref.evidence.end,
    })


def _location(doc: Document, event: Event, iso2_of) -> Optional[dict]:
    location = event.location
    if location is None or (location.name is None and location.lat is None):
        return None
    place = next((p for p in doc.places if p.id == location.place_id), None) if location.place_id else None
    return _compact({
        "name": location.name,
        "latitude": location.lat, "longitude": location.lon,
        "geonameid": place.geonameid if place else None,
        "feature": place.feature if place else None,
        "country code": iso2_of(location.country) if location.country else None,
        "cc3": location.country,
        "geo_precision": location.geo_precision,
        "estimated": True if place is not None and place.estimated else None,
    })


def plover_record(doc: Document, event: Event, iso2_of=lambda iso3: None) -> dict:
    """The PLOVER JSON record of ``event`` of ``doc``.

    ``date`` is the first day the event can be; a week, a month or a year also gets ``enddate``.
    Without a date in the text, the publication date stands in and ``date_basis`` says so."""
    from redline import __version__

    from redline.store.rows import date_range

    info = doc.document
    date, enddate = date_range(event.date)
    precision, basis = (event.date.precision, event.date.basis) if event.date else (None, None)
    if date is None and info.published:
        date, basis = info.published, "publication"
    return _compact({
        "id": f"{info.id}-{event.id}",
        "has_event": True,
        "date": date,
        "enddate": enddate if enddate and enddate != date else None,
        "date_precision": precision,
        "date_basis": basis,
        "source": [_actor(ref) for ref in event.source],
        "recipient": [_actor(ref) for ref in event.target],
        "event": [event.type],
        "event_text": [event.trigger.text],
        "quad_code": QUAD_CODES.get(event.quad),
        "event_scale": event.score,
        "mode": list(event.modes),
        "context": list(event.contexts),
        "event_loc": _location(doc, event, iso2_of),
        "confidence": event.confidence,
        "negated": event.negated or None,
        "hypothetical": event.hypothetical or None,
        "future": event.future or None,
        "asserted": event.asserted,
        "attributed_to": _actor(event.attributed_to) if event.attributed_to else None,
        "text": event.evidence.text,
        "text_info": {
            "sequence": event.evidence.sentence, "start": event.evidence.start, "end": event.evidence.end,
            "event_start": event.trigger.start, "event_end": event.trigger.end,
        },
        "cite_info": _compact({
            "corpus": info.source, "citation": info.id, "url": info.url, "title": info.title,
            "language": info.language, "publication": info.source, "published": info.published,
            "coder": f"redline {__version__}", "codebook": CODEBOOK,
        }),
        "coder": f"redline {__version__}",
    })


class _Documents:
    """Stored documents by id, parsed once while they are in use (rows come in date order, so
    one document's events are scattered through the export)."""

    def __init__(self, store):
        self.store = store
        self._cache: OrderedDict[str, Document] = OrderedDict()

    def get(self, document_id: str) -> Optional[Document]:
        doc = self._cache.get(document_id)
        if doc is not None:
            self._cache.move_to_end(document_id)
            return doc
        doc = self.store.document(document_id)
        if doc is not None:
            self._cache[document_id] = doc
            if len(self._cache) > _CACHED_DOCUMENTS:
                self._cache.popitem(last=False)
        return doc


def plover_records(store, rows: Iterable[dict]) -> Iterator[dict]:
    """The PLOVER record of each queried event row (rows of :func:`redline.store.query.query_events`)."""
    from redline.geo.gazetteer import load_gazetteer

    iso2_of = load_gazetteer().iso2_of
    documents = _Documents(store)
    for row in rows:
        doc = documents.get(row["document_id"])
        event = next((e for e in doc.events if e.id == row["event_id"]), None) if doc else None
        if event is not None:
            yield plover_record(doc, event, iso2_of)


def write_plover(records: Iterable[dict], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
