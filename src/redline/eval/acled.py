"""Scoring redline on ACLED event notes (``redline eval acled``).

ACLED's CSV export holds one row per coded event; ``notes`` is the coder's
short description of it. A note may be
several rows (one per location), so notes are the unit: each distinct note is
extracted once, with the row's ``event_date`` as publication date, and judged
against every row it stands for.

Metrics
-------
* ``event_recall``: share of notes with at least one event that is not negated.
* ``type_fit_violent`` / ``type_fit_protest``: share of the notes of that family
  with a fitting event. Violent notes are Battles and Remote violence (fitting
  type ASSAULT) and Violence against civilians (ASSAULT or COERCE); protest notes
  are Riots/Protests (PROTEST, or ASSAULT for a violent riot). ``type_fit_balanced``
  is their mean, so the many violent notes do not hide the protest ones.
* ``source_country``: of the notes with a fitting event whose ``actor1`` names a
  country ("Police Forces of Libya (2011-2012)", "Protesters (Libya)"), the share
  where a fitting event's source carries that country's code.
  ``source_country_all`` divides by every such violent or protest note instead.
* ``location_50km``: share of notes whose chosen event (the most confident fitting
  one, else the most confident one) lies within 50 km of one of the note's rows.
  A note with no located event is a miss.
* ``fatalities_exact`` / ``fatalities_mae``: on the notes that state a number and whose rows record
  deaths, the share where redline's deaths equal ACLED's ``fatalities`` (summed over the note's
  rows), and the mean absolute difference. redline's deaths for a note are the sum of its events'
  own ``killed`` counts (the low end of a range; totals and vague counts left out), as ACLED codes
  the lowest reported figure. ``zero_fatalities_kept``: of the notes ACLED records with no deaths,
  the share given none (no killed count above zero and no vague one).
* ``per_event_type``: notes, event recall and type fit for each ACLED event type.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

from redline.errors import EXIT_NO_INPUT, Errors, RedlineError
from redline.eval.metrics import ratio

#: ACLED event type (prefix) -> the PLOVER types that fit it, and the family it is scored in.
FITTING_TYPES: tuple[tuple[str, frozenset, str], ...] = (
    ("Battle", frozenset({"ASSAULT"}), "violent"),
    ("Remote violence", frozenset({"ASSAULT"}), "violent"),
    ("Violence against civilians", frozenset({"ASSAULT", "COERCE"}), "violent"),
    ("Riots/Protests", frozenset({"PROTEST", "ASSAULT"}), "protest"),
)
NEAR_KM = 50.0
_PARENS = re.compile(r"\(([^()]*)\)")
_OF = re.compile(r"\bof ([A-Z][\w' -]+?)(?:\s*\(|$)")


@dataclass(frozen=True)
class Note:
    text: str
    event_type: str
    published: Optional[str]
    actor1: str
    points: tuple[tuple[float, float], ...]
    country: Optional[str] = None  # ISO alpha-3 of the export's ``country`` column
    fatalities: Optional[int] = None  # ACLED's ``fatalities``, summed over the note's rows


@dataclass(frozen=True)
class NoteEvent:
    """The parts of a predicted event the scorer reads."""

    type: str
    negated: bool
    source_codes: tuple[Optional[str], ...]
    confidence: float
    lat: Optional[float]
    lon: Optional[float]
    killed: tuple[int, ...] = ()  # the event's own killed counts (low ends), totals left out
    killed_vague: bool = False  # it has a killed count without a number

    @classmethod
    def from_event(cls, event) -> "NoteEvent":
        loc = event.location
        own = [c for c in event.casualties if c.kind == "killed" and not c.total]
        return cls(type=event.type, negated=event.negated, source_codes=tuple(a.code for a in event.source),
                   confidence=event.confidence, lat=loc.lat if loc else None, lon=loc.lon if loc else None,
                   killed=tuple(c.value for c in own if c.value is not None), killed_vague=any(c.vague for c in own))


def states_a_number(text: str) -> bool:
    """Whether a note writes a cardinal number ("five dead", "1,300 killed"), not only vague words."""
    from redline.numbers import is_number_word

    return any(is_number_word(word.strip(".,;:()\"'")) for word in text.split())


def fitting(event_type: str) -> tuple[frozenset, Optional[str]]:
    for prefix, types, family in FITTING_TYPES:
        if event_type.startswith(prefix):
            return types, family
    return frozenset(), None


def load_notes(path: str | Path, limit: Optional[int] = None) -> list[Note]:
    """The distinct notes of an ACLED CSV export, in file order, each with all its rows' points."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason=str(exc)) from exc
    if rows and not {"notes", "event_type", "latitude", "longitude"} <= set(rows[0]):
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path),
                           reason="not an ACLED export: it needs notes, event_type, latitude and longitude columns")
    by_text: dict[str, dict] = {}
    for row in rows:
        text = (row.get("notes") or "").strip()
        if not text:
            continue
        entry = by_text.setdefault(text, {"row": row, "points": [], "fatalities": None})
        try:
            entry["fatalities"] = (entry["fatalities"] or 0) + int(row.get("fatalities") or "")
        except ValueError:
            pass
        try:
            entry["points"].append((float(row["latitude"]), float(row["longitude"])))
        except (TypeError, ValueError):
            pass
    codes = country_codes()
    notes = [Note(text=text, event_type=e["row"].get("event_type") or "", published=e["row"].get("event_date") or None,
                  actor1=e["row"].get("actor1") or "", points=tuple(e["points"]),
                  country=codes.get((e["row"].get("country") or "").strip().lower()), fatalities=e["fatalities"])
             for text, e in by_text.items()]
    return notes[:limit] if limit is not None else notes


def actor_country(actor: str, country_codes: dict[str, str]) -> Optional[str]:
    """The country an ACLED actor name carries: "Protesters (Libya)", "Military Forces of Libya (1969-2011)"."""
    candidates = [m.strip() for m in _PARENS.findall(actor)] + [m.strip() for m in _OF.findall(actor)]
    for name in candidates:
        code = country_codes.get(name.lower())
        if code:
            return code
    return None


def country_codes() -> dict[str, str]:
    """Lower-cased country names and aliases -> ISO alpha-3, from the bundled actors data."""
    from redline.datafiles import country_codes_by_name

    return country_codes_by_name()


def score_acled(notes: Sequence[Note], predictions: Sequence[Optional[list[NoteEvent]]]) -> tuple[dict, list[dict]]:
    from redline.geo.gazetteer import haversine_km

    codes = country_codes()
    with_event = 0
    family_n: dict[str, int] = defaultdict(int)
    family_fit: dict[str, int] = defaultdict(int)
    src_hit = src_n_fit = src_n_all = 0
    near = 0
    per_type: dict[str, dict] = defaultdict(lambda: {"n": 0, "with_event": 0, "fit": 0})
    numbered = exact = zero_n = zero_kept = 0
    abs_error = 0
    mismatches = []
    for note, events in zip(notes, predictions):
        events = [e for e in (events or []) if not e.negated]
        types, family = fitting(note.event_type)
        fits = [e for e in events if e.type in types]
        row = per_type[note.event_type]
        row["n"] += 1
        if events:
            with_event += 1
            row["with_event"] += 1
        if family:
            family_n[family] += 1
            if fits:
                family_fit[family] += 1
                row["fit"] += 1
        gold_country = actor_country(note.actor1, codes) if family else None
        source_ok = None
        if gold_country:
            src_n_all += 1
            if fits:
                src_n_fit += 1
                source_ok = any(gold_country in e.source_codes for e in fits)
                src_hit += source_ok
        deaths = sum(n for e in events for n in e.killed)
        vague_deaths = any(e.killed_vague for e in events)
        if note.fatalities is not None and note.fatalities > 0 and states_a_number(note.text):
            numbered += 1
            exact += deaths == note.fatalities
            abs_error += abs(deaths - note.fatalities)
        elif note.fatalities == 0:
            zero_n += 1
            zero_kept += deaths == 0 and not vague_deaths
        chosen = max(fits or events, key=lambda e: e.confidence, default=None)
        distance = None
        if chosen is not None and chosen.lat is not None and note.points:
            distance = min(haversine_km(chosen.lat, chosen.lon, lat, lon) for lat, lon in note.points)
            near += distance <= NEAR_KM
        deaths_ok = note.fatalities is None or deaths == note.fatalities or (
            note.fatalities > 0 and not states_a_number(note.text))
        if not fits or source_ok is False or distance is None or distance > NEAR_KM or not deaths_ok:
            mismatches.append({
                "note": note.text, "acled_type": note.event_type, "actor1": note.actor1, "gold_country": gold_country,
                "predicted": [e.type for e in events], "fitting": bool(fits) if family else None,
                "source_ok": source_ok, "distance_km": None if distance is None else round(distance, 1),
                "fatalities": note.fatalities, "predicted_deaths": deaths, "vague_deaths": vague_deaths,
            })
    n = len(notes)
    fit_violent = ratio(family_fit["violent"], family_n["violent"])
    fit_protest = ratio(family_fit["protest"], family_n["protest"])
    report = {
        "n_notes": n,
        "event_recall": round(ratio(with_event, n), 4),
        "n_violent": family_n["violent"],
        "n_protest": family_n["protest"],
        "type_fit_violent": round(fit_violent, 4),
        "type_fit_protest": round(fit_protest, 4),
        "type_fit_balanced": round((fit_violent + fit_protest) / 2, 4),
        "source_country": round(ratio(src_hit, src_n_fit), 4),
        "source_country_all": round(ratio(src_hit, src_n_all), 4),
        "location_50km": round(ratio(near, n), 4),
        "n_fatality_numbered": numbered,
        "fatalities_exact": round(ratio(exact, numbered), 4),
        "fatalities_mae": round(abs_error / numbered, 2) if numbered else 0.0,
        "n_zero_fatality": zero_n,
        "zero_fatalities_kept": round(ratio(zero_kept, zero_n), 4),
        "per_event_type": {k: {**v, "event_recall": round(ratio(v["with_event"], v["n"]), 4)}
                           for k, v in sorted(per_type.items())},
    }
    return report, mismatches


def evaluate_acled(
    data: str | Path,
    *,
    model: Optional[str] = None,
    kb: Iterable[str] = (),
    limit: Optional[int] = None,
    errors_path: Optional[str | Path] = None,
    batch_size: int = 32,
    country_hint: bool = False,
) -> dict:
    """Run redline on every distinct note of an ACLED export and score it: the report as a dict.

    ``country_hint``: give each note the country of its row as the user's hint (``redline extract
    --country``), as an analyst coding one country's feed would; off, the notes are read as bare text."""
    from redline.eval import extract_and_score

    notes = load_notes(data, limit=limit)

    def score(documents):
        return score_acled(notes, [None if d is None else [NoteEvent.from_event(e) for e in d.events]
                                   for d in documents])

    items = [(n.text, n.published, n.country if country_hint else None) for n in notes]
    report = extract_and_score("acled", data, items, score, model=model, kb=kb, errors_path=errors_path,
                               batch_size=batch_size)
    return {**report, "country_hint": country_hint}
