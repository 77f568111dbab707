"""Commitments across the corpus: a red line, threat or promise stored from one article, checked
against the events of later articles.

What a commitment is about: the places named inside its sentence (not the holder's or the
addressee's own country, which name who speaks, not where), and its ``about`` text when that
is a short name. An event of a later document (dated, else published, after the commitment's
document) that happens at one of those places or targets one of them is linked: by the holder
it ``fulfilled`` the commitment; a material-conflict event by anyone else ``crossed`` it
(conditions are only fulfilled). The same rule as within one article, across articles. Links
are recomputed whole and replaced in one transaction.
"""

from __future__ import annotations

from typing import Optional

from redline.model import Document

KINDS_CROSSED = ("red_line", "threat", "ultimatum", "deadline", "promise")
SHORT_ABOUT_WORDS = 4


def commitment_targets(doc: Document, commitment_id: str) -> set[str]:
    """Lower-cased names of what a commitment of ``doc`` is about."""
    commitment = next(c for c in doc.commitments if c.id == commitment_id)
    own = {ref.code for ref in (commitment.holder, commitment.addressee) if ref is not None and ref.code}
    start, end = commitment.evidence.start, commitment.evidence.end
    targets = set()
    for place in doc.places:
        if place.precision == "country" and place.country in own:
            continue
        if any(start <= m.start and m.end <= end for m in place.mentions):
            targets.update(name.lower() for name in (place.name, place.text) if name)
    if commitment.about and len(commitment.about.split()) <= SHORT_ABOUT_WORDS:
        targets.add(commitment.about.lower())
    return targets


def link_commitments(store) -> list[dict]:
    """Compute and store the links of every stored commitment to events of later documents."""
    from sqlalchemy import and_, delete, exists, func, insert, or_, select

    from redline.store.schema import commitment_links, commitments, documents, event_actors, events

    links: list[dict] = []
    with store.writing() as conn:
        stored = conn.execute(
            select(commitments.c.document_id, commitments.c.commitment_id, commitments.c.kind,
                   commitments.c.holder_code, documents.c.published, documents.c.json)
            .join(documents, documents.c.id == commitments.c.document_id)
            .order_by(commitments.c.document_id, commitments.c.commitment_id)).all()
        parsed: dict[str, Document] = {}
        day = func.coalesce(events.c.date_start, documents.c.published)
        for doc_id, commitment_id, kind, holder, published, body in stored:
            if published is None:
                continue  # "later" has no meaning without a date
            doc = parsed.setdefault(doc_id, Document.model_validate_json(body))
            targets = sorted(commitment_targets(doc, commitment_id))
            if not targets:
                continue
            names = func.lower(func.coalesce(event_actors.c.name, event_actors.c.text))
            candidates = conn.execute(
                select(events.c.document_id, events.c.event_id, events.c.source_code, events.c.quad)
                .join(documents, documents.c.id == events.c.document_id)
                .where(events.c.document_id != doc_id, day > published, events.c.negated.is_(False),
                       events.c.hypothetical.is_(False),
                       or_(func.lower(events.c.place_name).in_(targets),
                           exists().where(and_(event_actors.c.document_id == events.c.document_id,
                                               event_actors.c.event_id == events.c.event_id,
                                               event_actors.c.role == "target", names.in_(targets)))))
                .order_by(events.c.document_id, events.c.event_id)).all()
            for event_doc, event_id, source, quad in candidates:
                relation = _relation(kind, holder, source, quad)
                if relation:
                    links.append({"document_id": doc_id, "commitment_id": commitment_id,
                                  "event_document_id": event_doc, "event_id": event_id, "relation": relation})
        conn.execute(delete(commitment_links))
        if links:
            conn.execute(insert(commitment_links), links)
    return links


def _relation(kind: str, holder: Optional[str], source: Optional[str], quad: str) -> Optional[str]:
    if holder and source == holder:
        return "fulfilled"
    if quad == "material_conflict" and kind in KINDS_CROSSED:
        return "crossed"
    return None


def commitments_command(db: str, *, out, output_format: str = "table") -> list[dict]:
    """The body of ``redline commitments``: link, store and print the cross-article links."""
    import json

    from redline.store import open_store

    with open_store(db, create=False) as store:
        links = link_commitments(store)
    if output_format == "jsonl":
        for link in links:
            out.write(json.dumps(link, sort_keys=True) + "\n")
        return links
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(links)} links from commitments to events of later articles")
    for column in ("published", "commitment", "holder", "relation", "event date", "event", "place", "document"):
        table.add_column(column)
    for link, (commitment, event) in zip(links, _details(db, links)):
        table.add_row(commitment["published"] or "", commitment["kind"], commitment["holder_code"] or "",
                      link["relation"], event["date_value"] or "",
                      f"{event['type']} {event['source_code'] or '?'}→{event['target_code'] or '?'}",
                      event["place_name"] or "", link["event_document_id"])
    Console(file=out, highlight=False, width=160).print(table)
    return links


def _details(db: str, links: list[dict]) -> list[tuple[dict, dict]]:
    """For each link: its commitment (with the document's date) and its event, as rows."""
    from sqlalchemy import select

    from redline.store import open_store
    from redline.store.schema import commitments, documents, events

    found = []
    with open_store(db, create=False) as store, store.engine.connect() as conn:
        for link in links:
            commitment = conn.execute(
                select(commitments.c.kind, commitments.c.holder_code, documents.c.published)
                .join(documents, documents.c.id == commitments.c.document_id)
                .where(commitments.c.document_id == link["document_id"],
                       commitments.c.commitment_id == link["commitment_id"])).mappings().one()
            event = conn.execute(select(events).where(events.c.document_id == link["event_document_id"],
                                                      events.c.event_id == link["event_id"])).mappings().one()
            found.append((dict(commitment), dict(event)))
    return found
