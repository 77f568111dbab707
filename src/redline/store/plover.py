"""Events as PLOVER JSON records, with the field names of the current PLOVER manual.

The manual followed is openeventdata/PLOVER, ``PLOVER_MANUAL.tex`` at commit 5e0c24f
(2024-02-04, "DRAFT Version: 2.0"), chapter "Data Fields"; ``redline/data/export/plover_schema.json``
is a JSON Schema written from its tables, and the tests check every exported record against it.
One record per line (JSONL), as the manual suggests.

Record fields the manual names: ``id``, ``has_event``, ``date``, ``time`` (only an event dated to
the hour), ``enddate``, ``actor``, ``recipient``, ``event``, ``event_text``, ``quad_code``,
``event_scale``, ``mode``, ``context``, ``event_loc``, ``text``, ``text_info``, ``cite_info``,
``coder``, and ``dead`` / ``injured`` / ``arrested`` from its size table. Since manual 0.8 the
manual renamed ``source`` to ``actor`` and the entity's ``actor_text`` to ``entity_text``, and
replaced the GeoNames-dump location object (``name``, ``latitude``, ``longitude``, two-letter
``country code``, ``cc3``) with ``extracted_place``, ``resolved_place``, ``geonameid``, ``lat``,
``lon``, ``city``, ``district``, ``province``, ``country`` (a name), three-letter
``country_code``, ``feature_class``, ``feature_code`` and ``resolution`` (5 sub-city ... 1 country).

What redline adds keeps names the manual does not use: ``date_precision`` and ``date_basis``,
``confidence``, ``negated``, ``hypothetical``, ``future``, ``asserted``, ``attributed_to``,
``provenance`` and ``casualties`` (every count as the text states it: ranges, hedges, vague
counts, totals, victims, evidence); on an entity ``role``, ``name`` (the label of an actor the
knowledge base does not identify), ``implicit``, ``start`` and ``end``; on the location
``feature``, ``geo_precision`` (ACLED's 1-3, not the manual's ``resolution``) and ``estimated``.

Dates are ISO days: ``date`` is the first day the event can be, and a week, month or year also
gets ``enddate``, its last day, so a period is never written as if it were one day. An event the
store has no date for takes the reporting window of the time stage (the week ending on the
publication day), and ``date_basis`` says so. The manual requires ``id``, ``date``, ``actor`` and
``event``: an event without a date or an actor even then is left out rather than written short.

No coding date is written: the same store gives byte-identical records on every export.
"""

from __future__ import annotations

import functools
import json
import re
from collections import OrderedDict
from typing import Iterable, Iterator, NamedTuple, Optional, TextIO

from sqlalchemy import bindparam

from redline.model import TimePoint
from redline.store.rows import own_count

QUAD_CODES = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3, "material_conflict": 4}
CODEBOOK = "plover-0.8 (16 categories)"
_CACHED_DOCUMENTS = 256

# The manual's size table names these three counts; redline's other kinds (casualties, kidnapped,
# displaced) have no manual name and stay in the ``casualties`` list only.
SIZE_FIELDS = {"dead": "killed", "injured": "injured", "arrested": "arrested"}

_COUNTRY_FEATURE_CODES = {"PCLI", "PCLS", "PCLD", "PCLF", "PCLIX", "PCL", "TERR"}
# Below a province and above a town, the manual's scale has only "district".
_DISTRICT_FEATURE_CODES = {"ADM2", "ADM3", "ADM4", "ADM5"}
_CLOCK_TIME = re.compile(r"T(\d{2}(?::\d{2}){0,2})$")
_LANGUAGE_CODE = re.compile(r"([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*")


def _compact(mapping: dict) -> dict:
    return {key: value for key, value in mapping.items() if value not in (None, [], {}, "")}


@functools.lru_cache(maxsize=1)
def official_titles() -> frozenset:
    """Roles that are an office or official position (minister, general ...), as the sector terms
    mark them: the manual's ``office`` is for these, not for 'protester' or 'gunman'."""
    from redline.datafiles import data_path, read_json

    return frozenset(term["role"] for term in read_json(data_path("actors", "sectors.json"))
                     if term.get("title") and term.get("role"))


def _entity(ref: dict, person_ids: frozenset) -> dict:
    """The manual's entity object for an actor reference (``ActorRef`` as JSON)."""
    identified = ref.get("kb_id")
    role = ref.get("role")
    holds_office = bool(role) and (role in official_titles() or ref.get("actor_id") in person_ids)
    return _compact({
        "entity_text": ref["text"], "code": ref.get("code"), "sector": ref.get("sector"),
        # an identifier names one entity; redline's label of an unidentified actor
        # ("Tunisia (protester)") is no identifier name, so it keeps its own field
        "identifier_id": identified,
        "identifier_text": ref.get("name") if identified else None,
        "name": None if identified else ref.get("name"),
        "office": role if holds_office else None,
        "role": role,
        "implicit": ref.get("implicit") or None,
        "start": ref["evidence"]["start"], "end": ref["evidence"]["end"],
    })


def _resolution(feature_class: Optional[str], feature_code: Optional[str], feature: Optional[str]) -> Optional[int]:
    """The manual's ``resolution`` (5 sub-city, 4 city, 3 district, 2 province, 1 country) of a
    GeoNames feature, or of redline's feature when the gazetteer no longer has the place; None for
    what the scale does not describe (seas, regions, continents, an estimated point)."""
    if feature_code in _COUNTRY_FEATURE_CODES:
        return 1
    if feature_code == "ADM1":
        return 2
    if feature_code in _DISTRICT_FEATURE_CODES:
        return 3
    if feature_class == "P":
        return 5 if feature_code == "PPLX" else 4
    if feature_class is None:
        return {"country": 1, "city": 4}.get(feature or "")
    return None


def _location(doc: dict, event: dict, gazetteer) -> Optional[dict]:
    from redline.store.acled import country_names

    location = event.get("location")
    if not location or (location.get("name") is None and location.get("lat") is None):
        return None
    place_id = location.get("place_id")
    place = next((p for p in doc.get("places", ()) if p["id"] == place_id), None) if place_id else None
    geonameid = place.get("geonameid") if place else None
    entry = gazetteer.get(geonameid) if geonameid else None
    feature_class, feature_code = (entry.feature_class, entry.feature_code) if entry else (None, None)
    feature = place.get("feature") if place else None
    resolution = _resolution(feature_class, feature_code, feature)
    name, country = location.get("name"), location.get("country")
    evidence = location.get("evidence")
    return _compact({
        "extracted_place": evidence["text"] if evidence else (place.get("text") if place else None),
        "resolved_place": name,
        "geonameid": geonameid,
        "lat": location.get("lat"), "lon": location.get("lon"),
        "city": name if resolution == 4 else None,
        "district": name if feature_code == "ADM2" else None,
        "province": place.get("admin1") if place and resolution in (2, 3, 4, 5) else None,
        "country": country_names().get(country) if country else None,
        "country_code": country,
        "feature_class": feature_class, "feature_code": feature_code,
        "resolution": resolution,
        "feature": feature,
        "geo_precision": location.get("geo_precision"),
        "estimated": True if place and place.get("estimated") else None,
    })


class _EventDates(NamedTuple):
    date: str  # the first ISO day the event can be
    enddate: Optional[str]  # the last, when that is another day
    time: Optional[str]  # the clock time of an event dated to the hour
    precision: str
    basis: str


def _dates(event: dict, published: Optional[str]) -> Optional[_EventDates]:
    """The ISO days of an event and how they were found; None without any date, even from publication."""
    from redline.store.rows import date_range
    from redline.time import publication_window
    from redline.time.values import window

    when = TimePoint.model_validate(event["date"]) if event.get("date") else None
    first, last = date_range(when)
    if when is not None and first is None:
        # a period given only by its value ("2022-02", "2021-W03"): its first and last day
        span = window(when.value)
        if span is not None:
            first, last = span[1].isoformat(), span[2].isoformat()
    if first is None:
        when = publication_window(published)
        first, last = date_range(when)
    if first is None:
        return None
    clock = _CLOCK_TIME.search(when.value) if when.precision == "hour" else None
    return _EventDates(first, last if last and last != first else None, clock.group(1) if clock else None,
                       when.precision, when.basis)


def _casualty(count: dict, person_ids: frozenset) -> dict:
    return _compact({
        "kind": count["kind"], "value": count.get("value"), "high": count.get("high"),
        "qualifier": count.get("qualifier"), "vague": bool(count.get("vague")), "quantity": count.get("quantity"),
        "total": bool(count.get("total")),
        "victims": _entity(count["victims"], person_ids) if count.get("victims") else None,
        "evidence": count["evidence"],
    })


def _language_code(language: Optional[str]) -> Optional[str]:
    """The ISO 639-1 code the manual asks for ('en' of 'en' or 'en-GB'); None for anything else."""
    match = _LANGUAGE_CODE.fullmatch(language or "")
    return match.group(1).lower() if match else None


def plover_record(doc: dict, event: dict, gazetteer=None) -> Optional[dict]:
    """The PLOVER JSON record of ``event`` of ``doc``, both in their JSON form
    (``Document.model_dump(mode="json")``, as the store keeps them); None when the event lacks a
    field the manual requires (a date, even from publication, or an actor).

    ``gazetteer`` (:func:`redline.geo.gazetteer.load_gazetteer` by default) gives the GeoNames
    feature class and code of the event's place."""
    from redline import __version__

    if gazetteer is None:
        from redline.geo.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    info = doc["document"]
    dates = _dates(event, info.get("published"))
    if dates is None or not event.get("source"):
        return None
    person_ids = frozenset(actor["id"] for actor in doc.get("actors", ()) if actor.get("kind") == "person")
    counts = event.get("casualties") or []
    trigger, evidence = event["trigger"], event["evidence"]
    coder = f"redline {__version__}"
    record = {
        "id": f"{info['id']}-{event['id']}",
        "has_event": True,
        "date": dates.date,
        "time": dates.time,
        "enddate": dates.enddate,
        "date_precision": dates.precision,
        "date_basis": dates.basis,
        "actor": [_entity(ref, person_ids) for ref in event["source"]],
        "recipient": [_entity(ref, person_ids) for ref in event.get("target", ())],
        "event": [event["type"]],
        "event_text": [trigger["text"]],
        "quad_code": QUAD_CODES.get(event["quad"]),
        "event_scale": event["score"],
        "mode": list(event.get("modes", ())),
        "context": list(event.get("contexts", ())),
        "event_loc": _location(doc, event, gazetteer),
        **{field: own_count(counts, kind) for field, kind in SIZE_FIELDS.items()},
        "casualties": [_casualty(count, person_ids) for count in counts],
        "confidence": event["confidence"],
        "negated": event.get("negated") or None,
        "hypothetical": event.get("hypothetical") or None,
        "future": event.get("future") or None,
        "asserted": event.get("asserted"),
        "attributed_to": _entity(event["attributed_to"], person_ids) if event.get("attributed_to") else None,
        # which rule, lexicon row and model decided the event (redline.model.Provenance)
        "provenance": event.get("provenance"),
        "text": evidence["text"],
        "text_info": {
            "sequence": evidence["sentence"], "start": evidence["start"], "end": evidence["end"],
            "event_start": trigger["start"], "event_end": trigger["end"],
        },
        "cite_info": _compact({
            "citation": info["id"], "url": info.get("url"), "title": info.get("title"),
            "language": _language_code(info.get("language")), "publication": info.get("source"),
            "published": info.get("published"), "coder": coder, "codebook": CODEBOOK,
        }),
        "coder": coder,
    }
    return _compact(record)


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
    """The PLOVER record of each queried event row (rows of :func:`redline.store.query.query_events`);
    an event without the manual's required date or actor is skipped (see :func:`plover_record`)."""
    from redline.geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    documents = _Documents(store)
    try:
        for row in rows:
            doc = documents.get(row["document_id"])
            event = doc["_events"].get(row["event_id"]) if doc else None
            record = plover_record(doc, event, gazetteer) if event is not None else None
            if record is not None:
                yield record
    finally:
        documents.close()


def write_plover(records: Iterable[dict], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
