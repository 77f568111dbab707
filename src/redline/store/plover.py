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

from sqlalchemy import bindparam

from redline.model import TimePoint

QUAD_CODES = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3, "material_conflict": 4}
CODEBOOK = "plover-0.8 (16 categories)"
_CACHED_DOCUMENTS = 256


def _compact(mapping: dict) -> dict:
    return {key: value for key, value in mapping.items() if value not in (None, [], {}, "")}


def _actor(ref: dict) -> dict:
    return _compact({
        "actor_text": ref["text"], "code": ref.get("code"), "sector": ref.get("sector"),
        "identifier_id": ref.get("kb_id"), "identifier_text": ref.get("name"), "office": ref.get("role"),
        "start": ref["evidence"]["start"], "end": ref["evidence"]["end"],
    })


def _location(doc: dict, event: dict, iso2_of) -> Optional[dict]:
    location = event.get("location")
    if not location or (location.get("name") is None and location.get("lat") is None):
        return None
    place_id = location.get("place_id")
    place = next((p for p in doc.get("places", ()) if p["id"] == place_id), None) if place_id else None
    country = location.get("country")
    return _compact({
        "name": location.get("name"),
        "latitude": location.get("lat"), "longitude": location.get("lon"),
        "geonameid": place.get("geonameid") if place else None,
        "feature": place.get("feature") if place else None,
        "country code": iso2_of(country) if country else None,
        "cc3": country,
        "geo_precision": location.get("geo_precision"),
        "estimated": True if place and place.get("estimated") else None,
    })


def plover_record(doc: dict, event: dict, iso2_of=lambda iso3: None) -> dict:
    """The PLOVER JSON record of ``event`` of ``doc``, both in their JSON form
    (``Document.model_dump(mode="json")``, as the store keeps them).

    ``date`` is the first day the event can be; a week, a month or a year also gets ``enddate``.
    Without a date in the text, the publication date stands in and ``date_basis`` says so."""
    from redline import __version__
    from redline.store.rows import date_range

    info = doc["document"]
    when = TimePoint.model_validate(event["date"]) if event.get("date") else None
    date, enddate = date_range(when)
    precision, basis = (when.precision, when.basis) if when else (None, None)
    if date is None and info.get("published"):
        date, basis = info["published"], "publication"
    trigger, evidence = event["trigger"], event["evidence"]
    coder = f"redline {__version__}"
    return _compact({
        "id": f"{info['id']}-{event['id']}",
        "has_event": True,
        "date": date,
        "enddate": enddate if enddate and enddate != date else None,
        "date_precision": precision,
        "date_basis": basis,
        "source": [_actor(ref) for ref in event.get("source", ())],
        "recipient": [_actor(ref) for ref in event.get("target", ())],
        "event": [event["type"]],
        "event_text": [trigger["text"]],
        "quad_code": QUAD_CODES.get(event["quad"]),
        "event_scale": event["score"],
        "mode": list(event.get("modes", ())),
        "context": list(event.get("contexts", ())),
        "event_loc": _location(doc, event, iso2_of),
        "confidence": event["confidence"],
        "negated": event.get("negated") or None,
        "hypothetical": event.get("hypothetical") or None,
        "future": event.get("future") or None,
        "asserted": event.get("asserted"),
        "attributed_to": _actor(event["attributed_to"]) if event.get("attributed_to") else None,
        # which rule, lexicon row and model decided the event (redline.model.Provenance)
        "provenance": event.get("provenance"),
        "text": evidence["text"],
        "text_info": {
            "sequence": evidence["sentence"], "start": evidence["start"], "end": evidence["end"],
            "event_start": trigger["start"], "event_end": trigger["end"],
        },
        "cite_info": _compact({
            "corpus": info.get("source"), "citation": info["id"], "url": info.get("url"), "title": info.get("title"),
            "language": info.get("language"), "publication": info.get("source"), "published": info.get("published"),
            "coder": coder, "codebook": CODEBOOK,
        }),
        "coder": coder,
    })


class _Documents:
    """Stored documents' JSON by id, parsed once while in use (rows come in date order, so one
    document's events are scattered through the export). Plain JSON, not the model: an export
    reads many documents and validating each would cost ten times the parse."""

    def __init__(self, store):
        from sqlalchemy import select

        from redline.store.schema import documents

        self._connection = store.engine.connect()
        self._statement = select(documents.c.json).where(documents.c.id == bindparam("document_id"))
        self._cache: OrderedDict[str, dict] = OrderedDict()

    def close(self) -> None:
        self._connection.close()

    def get(self, document_id: str) -> Optional[dict]:
        doc = self._cache.get(document_id)
        if doc is not None:
            self._cache.move_to_end(document_id)
            return doc
        found = self._connection.execute(self._statement, {"document_id": document_id}).scalar()
        if found is None:
            return None
        doc = json.loads(found)
        doc["_events"] = {event["id"]: event for event in doc.get("events", ())}
        self._cache[document_id] = doc
        if len(self._cache) > _CACHED_DOCUMENTS:
            self._cache.popitem(last=False)
        return doc


def plover_records(store, rows: Iterable[dict]) -> Iterator[dict]:
    """The PLOVER record of each queried event row (rows of :func:`redline.store.query.query_events`)."""
    from redline.geo.gazetteer import load_gazetteer

    iso2_of = load_gazetteer().iso2_of
    documents = _Documents(store)
    try:
        for row in rows:
            doc = documents.get(row["document_id"])
            event = doc["_events"].get(row["event_id"]) if doc else None
            if event is not None:
                yield plover_record(doc, event, iso2_of)
    finally:
        documents.close()


def write_plover(records: Iterable[dict], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
