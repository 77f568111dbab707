"""Cross-article deduplication: the reports of one event, merged into a story.

Two stored events are reports of the same event when they have the same PLOVER type, the
same source and target actor codes, places within ``km`` of each other (or, both unplaced,
the same country) and date ranges no more than ``days`` apart. The relation is closed
transitively (single linkage), so the result does not depend on the order of the documents.

Actors are compatible, not only equal: a report that leaves an actor unnamed ("drones struck
Sirte") joins the story whose other actor, type, place and time agree ("Turkish drones struck
Sirte"), but only when exactly one story fits; were it allowed to link freely, one vague report
would chain Turkish and Russian strikes on the same town into one story.

Events that are negated, hypothetical or future are not reports of something that happened
and join no story; nor do undated ones, nor those dated only by a range longer than a week
(or than ``days``, when that is longer): two reports that something happened "in 2008" are not
evidence of one event.

A story's ``corroboration`` is the number of distinct sources among its documents: the
publisher (``source``, else the URL's host), else the document itself. Stories are recomputed
whole and replaced in one transaction, so the stories table always matches one run.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Optional
from urllib.parse import urlsplit

DEFAULT_KM = 50.0
DEFAULT_DAYS = 2


@dataclass
class Story:
    id: str
    type: str
    quad: str
    source_code: Optional[str]
    target_code: Optional[str]
    date_start: Optional[str]
    date_end: Optional[str]
    place_name: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    country: Optional[str]
    corroboration: int
    documents: list[str]
    sources: list[dict] = field(default_factory=list)  # one per merged event: document, event, evidence
    # ACLED's convention for one event told by several reports: the lowest figure any of them gives,
    # with every report's figure kept beside it
    fatalities: Optional[int] = None
    fatalities_reported: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.id, "type": self.type, "quad": self.quad, "source_code": self.source_code,
            "target_code": self.target_code, "date_start": self.date_start, "date_end": self.date_end,
            "place": self.place_name, "lat": self.lat, "lon": self.lon, "country": self.country,
            "corroboration": self.corroboration, "n_documents": len(self.documents), "n_events": len(self.sources),
            "fatalities": self.fatalities, "fatalities_reported": self.fatalities_reported,
            "sources": self.sources,
        }


def _days(value: str) -> int:
    return date.fromisoformat(value).toordinal()


def _publisher(row) -> str:
    if row["doc_source"]:
        return row["doc_source"].strip().lower()
    if row["url"]:
        host = urlsplit(row["url"]).hostname
        if host:
            return host.lower().removeprefix("www.")
    return "document:" + row["document_id"]


def _same_place(a, b, km: float) -> bool:
    from redline.geo.gazetteer import haversine_km

    if a["lat"] is not None and b["lat"] is not None:
        return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) <= km
    return a["lat"] is None and b["lat"] is None and a["country"] == b["country"]


def _candidates(conn, since: Optional[str], until: Optional[str]) -> list[dict]:
    from sqlalchemy import select

    from redline.store.schema import documents, events

    statement = select(
        events.c.document_id, events.c.event_id, events.c.type, events.c.quad, events.c.source_code,
        events.c.target_code, events.c.date_start, events.c.date_end, events.c.place_name, events.c.lat,
        events.c.lon, events.c.country, events.c.trigger_text, events.c.sentence, events.c.evidence_start,
        events.c.evidence_end, events.c.fatalities, documents.c.source.label("doc_source"), documents.c.url, documents.c.title,
        documents.c.published,
    ).join(documents, documents.c.id == events.c.document_id).where(
        events.c.negated.is_(False), events.c.hypothetical.is_(False), events.c.future.is_(False),
        events.c.date_start.isnot(None),
    )
    if since:
        statement = statement.where(events.c.date_end >= since)
    if until:
        statement = statement.where(events.c.date_start <= until)
    statement = statement.order_by(events.c.date_start, events.c.document_id, events.c.event_id)
    return [dict(row) for row in conn.execute(statement).mappings()]


def _close_in_time(a: dict, b: dict, days: int) -> bool:
    """Date ranges no more than ``days`` apart (overlapping ranges are 0 apart)."""
    gap = max(_days(a["date_start"]), _days(b["date_start"])) - min(
        _days(a["date_end"] or a["date_start"]), _days(b["date_end"] or b["date_start"]))
    return gap <= days


def _compatible(vague: dict, named: dict) -> bool:
    """Every actor code the vague report gives, the named one gives too."""
    return all(vague[key] is None or vague[key] == named[key] for key in ("source_code", "target_code"))


class DisjointSets:
    """Union-find over the numbers 0 .. n-1: which set each belongs to, sets joined in place."""

    def __init__(self, n: int):
        self._parent = list(range(n))

    def find(self, i: int) -> int:
        """The representative of ``i``'s set."""
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]  # path halving: later finds are shorter
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        """One set of ``i``'s and ``j``'s."""
        self._parent[self.find(j)] = self.find(i)


def find_stories(rows: list[dict], km: float = DEFAULT_KM, days: int = DEFAULT_DAYS) -> list[Story]:
    """Group event rows (as :func:`_candidates` gives them) into stories; singletons are stories too."""
    sets = DisjointSets(len(rows))
    groups: dict[tuple, list[int]] = {}
    longest = max(7, days)
    for i, row in enumerate(rows):
        if _days(row["date_end"] or row["date_start"]) - _days(row["date_start"]) >= longest:
            continue  # too vague in time to be linked: a story of its own
        groups.setdefault((row["type"], row["source_code"], row["target_code"]), []).append(i)
    for members in groups.values():
        members.sort(key=lambda i: _days(rows[i]["date_start"]))
        for position, i in enumerate(members):
            end_i = _days(rows[i]["date_end"] or rows[i]["date_start"])
            for j in members[position + 1:]:
                if _days(rows[j]["date_start"]) - end_i > days:
                    break  # sorted by start: no later member is close enough in time
                if _same_place(rows[i], rows[j], km):
                    sets.join(i, j)
    _attach_vague_reports(rows, groups, sets, km, days)
    clusters: dict[int, list[int]] = {}
    for i in range(len(rows)):
        clusters.setdefault(sets.find(i), []).append(i)
    stories = [_story([rows[i] for i in sorted(members)]) for members in clusters.values()]
    return sorted(stories, key=lambda s: (s.date_start or "", s.type, s.id))


def _attach_vague_reports(rows, groups, sets: DisjointSets, km: float, days: int) -> None:
    """Join each story that leaves an actor unnamed to the one better-named story it fits, if
    exactly one fits (see the module doc). The choices are made before any join, so they do not
    depend on the order of the rows."""
    from bisect import bisect_right

    timelines = {}  # group -> (its members by first day, their first days, its longest date range)
    for key, members in groups.items():
        starts = [_days(rows[i]["date_start"]) for i in members]  # members are sorted by first day
        longest = max(_days(rows[i]["date_end"] or rows[i]["date_start"]) - start for i, start in zip(members, starts))
        timelines[key] = (members, starts, longest)
    by_type: dict[str, list[tuple]] = {}
    for key in groups:
        by_type.setdefault(key[0], []).append(key)

    def fitting_stories(i: int, other: tuple) -> set[int]:
        members, starts, longest = timelines[other]
        first, last = _days(rows[i]["date_start"]), _days(rows[i]["date_end"] or rows[i]["date_start"])
        low = bisect_right(starts, first - days - longest - 1)
        high = bisect_right(starts, last + days)
        return {sets.find(j) for j in members[low:high]
                if _close_in_time(rows[i], rows[j], days) and _same_place(rows[i], rows[j], km)}

    joins = []
    for key in sorted(groups, key=lambda k: tuple(str(part) for part in k)):
        if key[1] is not None and key[2] is not None:
            continue
        vague_key = {"source_code": key[1], "target_code": key[2]}
        better = [other for other in by_type[key[0]] if other != key
                  and _compatible(vague_key, {"source_code": other[1], "target_code": other[2]})]
        if not better:
            continue
        stories: dict[int, list[int]] = {}
        for i in groups[key]:
            stories.setdefault(sets.find(i), []).append(i)
        for root in sorted(stories):
            fitting = set()
            for i in stories[root]:
                for other in better:
                    fitting |= fitting_stories(i, other)
            if len(fitting) == 1:
                joins.append((root, fitting.pop()))
    for vague_root, story_root in joins:
        sets.join(story_root, vague_root)


def _story(members: list[dict]) -> Story:
    keys = sorted(f"{m['document_id']}/{m['event_id']}" for m in members)
    story_id = "s" + hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:16]
    places = Counter((m["place_name"], m["lat"], m["lon"], m["country"]) for m in members)
    # the place most reports give; a tie goes to the earliest report's place
    place = max(places, key=lambda p: (places[p], -next(i for i, m in enumerate(members)
                                                         if (m["place_name"], m["lat"], m["lon"], m["country"]) == p)))
    first = members[0]
    reported = sorted(m["fatalities"] for m in members if m.get("fatalities") is not None)
    return Story(
        id=story_id, type=first["type"], quad=first["quad"], source_code=first["source_code"],
        target_code=first["target_code"],
        date_start=min(m["date_start"] for m in members),
        date_end=max(m["date_end"] or m["date_start"] for m in members),
        place_name=place[0], lat=place[1], lon=place[2], country=place[3],
        corroboration=len({_publisher(m) for m in members}),
        documents=sorted({m["document_id"] for m in members}),
        fatalities=reported[0] if reported else None,
        fatalities_reported=reported,
        sources=[
            {"document_id": m["document_id"], "event_id": m["event_id"], "source": m["doc_source"],
             "url": m["url"], "title": m["title"], "published": m["published"], "trigger": m["trigger_text"],
             "sentence": m["sentence"], "evidence_start": m["evidence_start"], "evidence_end": m["evidence_end"],
             "fatalities": m.get("fatalities")}
            for m in members
        ],
    )


def deduplicate(store, km: float = DEFAULT_KM, days: int = DEFAULT_DAYS, since: Optional[str] = None,
                until: Optional[str] = None) -> list[Story]:
    """Compute the stories of the stored events and replace the stored stories with them."""
    from sqlalchemy import delete, insert

    from redline.store.schema import stories, story_events

    with store.writing() as conn:
        found = find_stories(_candidates(conn, since, until), km=km, days=days)
        conn.execute(delete(story_events))
        conn.execute(delete(stories))
        if found:
            conn.execute(insert(stories), [
                {"id": s.id, "type": s.type, "quad": s.quad, "source_code": s.source_code,
                 "target_code": s.target_code, "date_start": s.date_start, "date_end": s.date_end,
                 "place_name": s.place_name, "lat": s.lat, "lon": s.lon, "country": s.country,
                 "n_events": len(s.sources), "n_documents": len(s.documents), "corroboration": s.corroboration,
                 "fatalities": s.fatalities,
                 "fatalities_reported": "|".join(str(n) for n in s.fatalities_reported) or None}
                for s in found
            ])
            conn.execute(insert(story_events), [
                {"story_id": s.id, "document_id": m["document_id"], "event_id": m["event_id"]}
                for s in found for m in s.sources
            ])
    return found


def dedup_command(db: str, *, out, output_format: str = "table", km: float = DEFAULT_KM, days: int = DEFAULT_DAYS,
                  since: Optional[str] = None, until: Optional[str] = None) -> list[Story]:
    """The body of ``redline dedup``: recompute and store the stories, then write them."""
    import json

    from redline.api import check_date
    from redline.store import open_store

    with open_store(db, create=False) as store:
        found = deduplicate(store, km=km, days=days, since=check_date(since), until=check_date(until))
    if output_format == "jsonl":
        for story in found:
            out.write(json.dumps(story.as_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        return found
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(found)} stories from {sum(len(s.sources) for s in found)} events")
    for column in ("dates", "type", "source", "target", "place", "corroboration", "reports"):
        table.add_column(column, justify="right" if column in ("corroboration", "reports") else "left")
    for story in found:
        dates = story.date_start if story.date_start == story.date_end else f"{story.date_start}..{story.date_end}"
        table.add_row(dates, story.type, story.source_code or "", story.target_code or "",
                      ", ".join(x for x in (story.place_name, story.country) if x), str(story.corroboration),
                      str(len(story.sources)))
    Console(file=out, highlight=False, width=160).print(table)
    return found
