"""The corpus views of the workbench as SQL aggregates over the filtered events.

Every function takes the same :class:`redline.store.query.EventQuery` (its ``near``, ``limit`` and
``offset`` are not used) and filters with :func:`redline.store.query.event_conditions`, so the list,
the timeline, the map, the network and the facets always count the same events. The grouping is
done by the database (a store of 100,000 events answers without reading them into Python); Python
only folds the grouped rows into the JSON the views draw.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Optional

from redline.store.acled import country_names
from redline.store.query import EventQuery, contains_text, event_conditions
from redline.store.schema import BINS_PER_DEGREE

BUCKETS = ("day", "week", "month")
FACET_ACTORS = 50
EXACT_POINTS_MAX = 5000
COOPERATION = ("verbal_cooperation", "material_cooperation")
# A span of at most this many days is drawn by day, then by week; longer by month.
DAYS_BY_DAY = 62
DAYS_BY_WEEK = 730


def _filtered(*columns, query: EventQuery):
    from sqlalchemy import select

    from redline.store.schema import events

    return select(*columns).select_from(events).where(*event_conditions(query))


def count_events(conn, query: EventQuery, *extra) -> int:
    from sqlalchemy import func

    return conn.execute(_filtered(func.count(), query=query).where(*extra)).scalar_one()


# ---------------------------------------------------------------- timeline


def _iso_week(day: str) -> str:
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def choose_bucket(first: Optional[str], last: Optional[str]) -> str:
    """The bucket that draws the span from ``first`` to ``last`` (YYYY-MM-DD) in tens of bars, not thousands."""
    if not first or not last:
        return "month"
    days = (date.fromisoformat(last) - date.fromisoformat(first)).days
    return "day" if days <= DAYS_BY_DAY else "week" if days <= DAYS_BY_WEEK else "month"


def timeline(conn, query: EventQuery, bucket: Optional[str] = None) -> dict:
    """Event counts per period and type, by the first day each event can be; undated events are counted apart."""
    from sqlalchemy import func

    from redline.store.schema import events

    dated = events.c.date_start.isnot(None)
    undated = count_events(conn, query, events.c.date_start.is_(None))
    if bucket is None:
        first, last = conn.execute(_filtered(func.min(events.c.date_start), func.max(events.c.date_start),
                                             query=query).where(dated)).one()
        bucket = choose_bucket(first, last)
    # days are folded into weeks and months in Python: grouped by day and type, the rows come in the
    # order of an index without sorting, and SQLite and PostgreSQL name ISO weeks differently
    period = {"day": lambda day: day, "week": _iso_week, "month": lambda day: day[:7]}[bucket]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    rows = conn.execute(_filtered(events.c.date_start, events.c.type, func.count(), query=query).where(dated)
                        .group_by(events.c.date_start, events.c.type))
    for day, event_type, n in rows:
        counts[(period(day), event_type)] += n
    return {
        "bucket": bucket,
        "series": [{"period": p, "type": t, "count": n} for (p, t), n in sorted(counts.items())],
        "undated": undated,
    }


# ---------------------------------------------------------------- map


def map_points(conn, query: EventQuery, cell: float = 0.5, limit: int = EXACT_POINTS_MAX) -> dict:
    """Located events grouped in cells of ``cell`` degrees, each drawn at the mean of its events with the
    place most of them name; ``cell=0``: the located events themselves, at most ``limit``."""
    from sqlalchemy import func

    from redline.store.schema import events

    located = (events.c.lat.isnot(None), events.c.lon.isnot(None))
    if cell <= 0:
        total = count_events(conn, query, *located)
        return _exact_points(conn, query, located, total, count_events(conn, query) - total, limit)
    bins = round(cell * BINS_PER_DEGREE)
    if bins >= 1 and abs(bins - cell * BINS_PER_DEGREE) < 1e-9:
        # a whole number of the stored bins: grouped in the order of their covering index, no sort
        group = (events.c.lat_bin, events.c.lon_bin, events.c.type, events.c.country, events.c.place_name)
        rows = ((lat_bin // bins, lon_bin // bins, place, country, event_type, n, lat_sum, lon_sum)
                for lat_bin, lon_bin, event_type, country, place, n, lat_sum, lon_sum in conn.execute(
                    _filtered(*group, func.count(), func.sum(events.c.lat), func.sum(events.c.lon), query=query)
                    .where(*located, events.c.lat_bin.isnot(None)).group_by(*group)))
    else:
        row_cell = func.round(events.c.lat / cell), func.round(events.c.lon / cell)
        rows = conn.execute(
            _filtered(*row_cell, events.c.place_name, events.c.country, events.c.type, func.count(),
                      func.sum(events.c.lat), func.sum(events.c.lon), query=query)
            .where(*located).group_by(*row_cell, events.c.place_name, events.c.country, events.c.type))
    cells: dict[tuple, dict] = {}
    for cell_lat, cell_lon, place, country, event_type, n, lat_sum, lon_sum in rows:
        found = cells.setdefault((cell_lat, cell_lon), {"count": 0, "lat": 0.0, "lon": 0.0, "types": defaultdict(int),
                                                        "places": defaultdict(int)})
        found["count"] += n
        found["lat"] += lat_sum
        found["lon"] += lon_sum
        found["types"][event_type] += n
        found["places"][(place or "", country or "")] += n
    points = []
    for key in sorted(cells):
        found = cells[key]
        (place, country), _n = min(found["places"].items(), key=lambda item: (-item[1], item[0]))
        points.append({
            "lat": round(found["lat"] / found["count"], 4), "lon": round(found["lon"] / found["count"], 4),
            "count": found["count"], "place": place or None, "country": country or None,
            "types": dict(sorted(found["types"].items())),
        })
    total = sum(point["count"] for point in points)  # every located event is in one cell
    return {"cell": cell, "total": total, "unlocated": count_events(conn, query) - total, "points": points}


def _exact_points(conn, query: EventQuery, located, total: int, unlocated: int, limit: int) -> dict:
    from redline.store.schema import events

    rows = conn.execute(
        _filtered(events.c.document_id, events.c.event_id, events.c.lat, events.c.lon, events.c.place_name,
                  events.c.country, events.c.type, query=query)
        .where(*located).order_by(events.c.document_id, events.c.event_id).limit(limit))
    points = [{"lat": lat, "lon": lon, "count": 1, "place": place, "country": country, "types": {event_type: 1},
               "document_id": doc_id, "event_id": event_id}
              for doc_id, event_id, lat, lon, place, country, event_type in rows]
    return {"cell": 0, "total": total, "unlocated": unlocated, "points": points, "truncated": total > len(points)}


# ---------------------------------------------------------------- network


def actor_labels(conn, codes) -> dict[str, str]:
    """A name for each actor code: the country's name, else the name the stored events give it most."""
    from sqlalchemy import func, select

    from redline.store.schema import event_actors

    countries = country_names()
    labels = {code: countries[code] for code in codes if code in countries}
    others = sorted(set(codes) - set(labels))
    for i in range(0, len(others), 500):
        name = func.coalesce(event_actors.c.name, event_actors.c.text)
        rows = conn.execute(select(event_actors.c.code, name, func.count())
                            .where(event_actors.c.code.in_(others[i:i + 500])).group_by(event_actors.c.code, name))
        best: dict[str, tuple[int, str]] = {}
        for code, label, n in rows:
            if code not in best or (-n, label) < (-best[code][0], best[code][1]):
                best[code] = (n, label)
        labels.update({code: label for code, (_n, label) in best.items()})
    return {code: labels.get(code, code) for code in codes}


def network(conn, query: EventQuery, min_weight: int = 1) -> dict:
    """Actors (codes) and the events between them: one edge per source and target with its cooperation and
    conflict counts, the event count and the mean score; edges of fewer than ``min_weight`` events are left out."""
    from sqlalchemy import func

    from redline.store.schema import events

    rows = conn.execute(
        _filtered(events.c.source_code, events.c.target_code, events.c.quad, func.count(), func.sum(events.c.score),
                  query=query)
        .where(events.c.source_code.isnot(None), events.c.target_code.isnot(None))
        .group_by(events.c.source_code, events.c.target_code, events.c.quad))
    edges: dict[tuple[str, str], dict] = {}
    for source, target, quad, n, score_sum in rows:
        edge = edges.setdefault((source, target), {"cooperation": 0, "conflict": 0, "count": 0, "score_sum": 0.0})
        edge["cooperation" if quad in COOPERATION else "conflict"] += n
        edge["count"] += n
        edge["score_sum"] += score_sum
    kept = {key: edge for key, edge in edges.items() if edge["count"] >= min_weight}
    degree: dict[str, int] = defaultdict(int)
    for (source, target), edge in kept.items():
        degree[source] += edge["count"]
        if target != source:
            degree[target] += edge["count"]
    labels = actor_labels(conn, sorted(degree))
    return {
        "nodes": [{"id": code, "label": labels[code], "events": degree[code]} for code in sorted(degree)],
        "edges": [{"source": s, "target": t, "cooperation": e["cooperation"], "conflict": e["conflict"],
                   "count": e["count"], "score": round(e["score_sum"] / e["count"], 3)}
                  for (s, t), e in sorted(kept.items())],
    }


# ---------------------------------------------------------------- facets


def facets(conn, query: EventQuery) -> dict:
    """Counts of event types, countries and (top 50) actors. Each facet is counted with every filter but its
    own, so a list of choices stays whole while one of them is chosen."""
    from dataclasses import replace

    from sqlalchemy import func, select, union_all

    from redline.store.schema import events

    def counted(column, facet_query):
        rows = conn.execute(_filtered(column, func.count(), query=facet_query).where(column.isnot(None))
                            .group_by(column))
        return sorted(rows, key=lambda row: (-row[1], row[0]))

    types = counted(events.c.type, replace(query, types=()))
    countries = counted(events.c.country, replace(query, countries=()))
    actor_query = replace(query, actors=())
    sides = union_all(
        _filtered(events.c.source_code.label("code"), query=actor_query).where(events.c.source_code.isnot(None)),
        _filtered(events.c.target_code.label("code"), query=actor_query).where(
            events.c.target_code.isnot(None),
            (events.c.source_code.is_(None)) | (events.c.source_code != events.c.target_code)),
    ).subquery()
    actors = sorted(conn.execute(select(sides.c.code, func.count()).group_by(sides.c.code)),
                    key=lambda row: (-row[1], row[0]))[:FACET_ACTORS]
    names = country_names()
    labels = actor_labels(conn, [value for value, _n in actors])
    return {
        "types": [{"value": value, "count": n} for value, n in types],
        "countries": [{"value": value, "count": n, "label": names.get(value, value)} for value, n in countries],
        "actors": [{"value": value, "count": n, "label": labels[value]} for value, n in actors],
    }


# ---------------------------------------------------------------- commitments


STATUSES = ("crossed", "fulfilled", "open")


def _commitment_conditions(query: EventQuery, status: Optional[str]) -> list:
    """The common filters as they apply to a commitment: its document's publication date, its holder or
    addressee (codes: an actor's or a country's), and words of what it is about or of its document's title."""
    from sqlalchemy import exists, or_

    from redline.store.schema import commitment_links, commitments, documents

    conditions = []
    if query.since:
        conditions.append(documents.c.published >= query.since)
    if query.until:
        conditions.append(documents.c.published <= query.until)
    codes = sorted({code.upper() for code in query.actors + query.countries})
    if codes:
        conditions.append(or_(commitments.c.holder_code.in_(codes), commitments.c.addressee_code.in_(codes)))
    if query.text:
        conditions.append(or_(contains_text(commitments.c.about, query.text),
                              contains_text(documents.c.title, query.text)))
    linked = commitment_links.c.document_id == commitments.c.document_id, \
        commitment_links.c.commitment_id == commitments.c.commitment_id
    if status == "open":
        conditions.append(~exists().where(*linked))
    elif status == "crossed":
        conditions.append(exists().where(*linked, commitment_links.c.relation == "crossed"))
    elif status == "fulfilled":
        conditions.append(exists().where(*linked, commitment_links.c.relation == "fulfilled"))
        conditions.append(~exists().where(*linked, commitment_links.c.relation == "crossed"))
    return conditions


def commitments_page(conn, query: EventQuery, status: Optional[str] = None, limit: int = 100,
                     offset: int = 0) -> dict:
    """Stored commitments, newest document first, each with the events of later documents linked to it by
    ``redline commitments`` (or POST /api/commitments/link) and its status: crossed when any linked event
    crossed it, else fulfilled when one fulfilled it, else open."""
    from sqlalchemy import func, select, tuple_

    from redline.store.schema import commitment_links, commitments, documents, events

    joined = commitments.join(documents, documents.c.id == commitments.c.document_id)
    conditions = _commitment_conditions(query, status)
    total = conn.execute(select(func.count()).select_from(joined).where(*conditions)).scalar_one()
    rows = conn.execute(
        select(commitments.c.document_id, commitments.c.commitment_id, commitments.c.kind, commitments.c.holder_code,
               commitments.c.addressee_code, commitments.c.about, commitments.c.due_value, documents.c.title,
               documents.c.published, commitments.c.evidence_start, commitments.c.evidence_end)
        .select_from(joined).where(*conditions)
        .order_by(func.coalesce(documents.c.published, "").desc(), commitments.c.document_id,
                  commitments.c.evidence_start, commitments.c.commitment_id)
        .offset(offset).limit(limit)).mappings().all()
    keys = [(row["document_id"], row["commitment_id"]) for row in rows]
    links: dict[tuple[str, str], list[dict]] = defaultdict(list)
    if keys:
        found = conn.execute(
            select(commitment_links.c.document_id, commitment_links.c.commitment_id,
                   commitment_links.c.event_document_id, commitment_links.c.event_id, commitment_links.c.relation,
                   events.c.date_value, events.c.type)
            .join(events, (events.c.document_id == commitment_links.c.event_document_id)
                  & (events.c.event_id == commitment_links.c.event_id))
            .where(tuple_(commitment_links.c.document_id, commitment_links.c.commitment_id).in_(keys))
            .order_by(commitment_links.c.document_id, commitment_links.c.commitment_id,
                      func.coalesce(events.c.date_start, ""), commitment_links.c.event_document_id,
                      commitment_links.c.event_id))
        for doc_id, commitment_id, event_doc, event_id, relation, day, event_type in found:
            links[(doc_id, commitment_id)].append({"event_document_id": event_doc, "event_id": event_id,
                                                   "relation": relation, "date": day, "type": event_type})
    items = []
    for row in rows:
        linked = links.get((row["document_id"], row["commitment_id"]), [])
        relations = {link["relation"] for link in linked}
        items.append({**dict(row), "status": "crossed" if "crossed" in relations else
                      "fulfilled" if relations else "open", "links": linked})
    return {"total": total, "limit": limit, "offset": offset, "items": items}


# ---------------------------------------------------------------- documents


def documents_page(conn, text: Optional[str] = None, limit: int = 100, offset: int = 0) -> dict:
    """Stored documents, newest first; ``text``: a case-insensitive part of the title or the source."""
    from sqlalchemy import func, or_, select

    from redline.store.schema import documents

    conditions = []
    if text and text.strip():
        conditions.append(or_(contains_text(documents.c.title, text.strip()),
                              contains_text(documents.c.source, text.strip())))
    total = conn.execute(select(func.count()).select_from(documents).where(*conditions)).scalar_one()
    rows = conn.execute(
        select(documents.c.id, documents.c.title, documents.c.published, documents.c.source, documents.c.url,
               documents.c.n_events)
        .where(*conditions).order_by(func.coalesce(documents.c.published, "").desc(), documents.c.id)
        .offset(offset).limit(limit)).mappings().all()
    return {"total": total, "limit": limit, "offset": offset, "items": [dict(row) for row in rows]}
