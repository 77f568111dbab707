"""One Document to the rows of the store's tables (plain dicts, in :data:`DOCUMENT_TABLES` order)."""

from __future__ import annotations

from typing import Optional

from redline.model import ActorRef, Document, Event, TimePoint
from redline.store.schema import coordinate_bin


def _day(value: Optional[str]) -> Optional[str]:
    """YYYY-MM-DD when ``value`` starts with a full date, else None (weeks, months are given as start/end)."""
    if value and len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
        return value[:10]
    return None


def date_range(date: Optional[TimePoint]) -> tuple[Optional[str], Optional[str]]:
    """The first and last day a date can be: its start/end when given, else the day of its value."""
    if date is None:
        return None, None
    start = _day(date.start) or _day(date.value)
    end = _day(date.end) or start
    return start, end


def _first(refs: list[ActorRef]) -> Optional[ActorRef]:
    """The first coded actor of an argument, else the first actor: the one a dyad query means."""
    for ref in refs:
        if ref.code:
            return ref
    return refs[0] if refs else None


def own_count(counts, kind: str = "killed") -> Optional[int]:
    """How many people of ``kind`` an event itself counts: its numbered counts summed (the low end of a
    range, as ACLED codes the lowest reported figure), cumulative totals and vague counts left out; None
    when the text gives no number. ``counts``: CasualtyCount objects, their dicts or stored rows."""
    values = []
    for count in counts:
        if hasattr(count, "model_dump"):
            count = count.model_dump()
        if count["kind"] == kind and not count["total"] and count["value"] is not None:
            values.append(count["value"])
    return sum(values) if values else None


def casualty_rows(document_id: str, event_id: str, counts) -> list[dict]:
    """Rows of ``event_casualties`` for one event (``counts``: CasualtyCount objects or their dicts)."""
    rows = []
    for position, count in enumerate(c if isinstance(c, dict) else c.model_dump() for c in counts):
        victims = count.get("victims") or {}
        rows.append({
            "document_id": document_id, "event_id": event_id, "position": position, "kind": count["kind"],
            "value": count["value"], "high": count.get("high"), "qualifier": count.get("qualifier"),
            "vague": count.get("vague", False), "total": count.get("total", False), "quantity": count.get("quantity"),
            "victims_name": victims.get("name") or victims.get("text"), "victims_code": victims.get("code"),
            "victims_sector": victims.get("sector"), "evidence_text": count["evidence"]["text"],
            "evidence_start": count["evidence"]["start"], "evidence_end": count["evidence"]["end"],
        })
    return rows


def event_row(document_id: str, event: Event, admin1_of: Optional[dict] = None) -> dict:
    """``admin1_of``: place id -> its first-level division, from the document's places."""
    start, end = date_range(event.date)
    location = event.location
    source, target = _first(event.source), _first(event.target)
    return {
        "document_id": document_id,
        "event_id": event.id,
        "type": event.type,
        "quad": event.quad,
        "score": event.score,
        "confidence": event.confidence,
        "date_value": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "date_start": start,
        "date_end": end,
        "place_name": location.name if location else None,
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "lat_bin": coordinate_bin(location.lat) if location else None,
        "lon_bin": coordinate_bin(location.lon) if location else None,
        "country": location.country if location else None,
        "admin1": (admin1_of or {}).get(location.place_id) if location and location.place_id else None,
        "geo_precision": location.geo_precision if location else None,
        "source_code": source.code if source else None,
        "source_sector": source.sector if source else None,
        "source_name": (source.name or source.text) if source else None,
        "target_code": target.code if target else None,
        "target_sector": target.sector if target else None,
        "target_name": (target.name or target.text) if target else None,
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "future": event.future,
        "asserted": event.asserted,
        "sentence": event.evidence.sentence,
        "trigger_text": event.trigger.text,
        "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "evidence_text": event.evidence.text,
        "date_basis": event.date.basis if event.date else None,
        "rule": event.provenance.rule if event.provenance else None,
        "fatalities": own_count(event.casualties),
    }


def document_rows(doc: Document, origin: Optional[str] = None) -> dict[str, list[dict]]:
    """Rows per table name for one document."""
    info = doc.document
    doc_id = info.id
    rows: dict[str, list[dict]] = {
        "documents": [{
            "id": doc_id, "title": info.title, "published": info.published, "source": info.source,
            "url": info.url, "language": info.language, "origin": origin, "n_events": len(doc.events),
            "json": doc.model_dump_json(),
        }],
        "events": [event_row(doc_id, e, {p.id: p.admin1 for p in doc.places}) for e in doc.events],
        "event_modes": [
            {"document_id": doc_id, "event_id": e.id, "mode": mode} for e in doc.events for mode in dict.fromkeys(e.modes)
        ],
        "event_actors": [
            {
                "document_id": doc_id, "event_id": e.id, "role": role, "position": i, "text": ref.text,
                "name": ref.name, "code": ref.code, "sector": ref.sector, "actor_id": ref.actor_id,
                "evidence_start": ref.evidence.start, "evidence_end": ref.evidence.end,
            }
            for e in doc.events for role, refs in (("source", e.source), ("target", e.target))
            for i, ref in enumerate(refs)
        ],
        "event_casualties": [row for e in doc.events for row in casualty_rows(doc_id, e.id, e.casualties)],
        "actors": [
            {"document_id": doc_id, "actor_id": a.id, "name": a.name, "kind": a.kind, "code": a.code,
             "sector": a.sector, "kb_id": a.kb_id, "mentions": len(a.mentions)}
            for a in doc.actors
        ],
        "places": [
            {"document_id": doc_id, "place_id": p.id, "text": p.text, "name": p.name, "lat": p.lat, "lon": p.lon,
             "country": p.country, "admin1": p.admin1, "geonameid": p.geonameid, "feature": p.feature,
             "precision": p.precision, "mentions": len(p.mentions)}
            for p in doc.places
        ],
        "quotes": [
            {"document_id": doc_id, "quote_id": q.id, "text": q.text,
             "speaker_text": q.speaker.text if q.speaker else None,
             "speaker_code": q.speaker.code if q.speaker else None, "direct": q.direct,
             "evidence_start": q.evidence.start, "evidence_end": q.evidence.end}
            for q in doc.quotes
        ],
        "commitments": [
            {"document_id": doc_id, "commitment_id": c.id, "kind": c.kind,
             "holder_code": c.holder.code if c.holder else None,
             "addressee_code": c.addressee.code if c.addressee else None, "about": c.about,
             "due_value": c.due.value if c.due else None,
             "evidence_start": c.evidence.start, "evidence_end": c.evidence.end}
            for c in doc.commitments
        ],
    }
    return rows
