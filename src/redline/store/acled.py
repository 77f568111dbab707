"""Stored events as rows ACLED users can load as ACLED data (``redline events --format acled``).

ACLED's current columns and vocabularies: event and sub-event type mapped from the PLOVER type and
modes, the actors' types (``inter1``, ``inter2``, ``interaction``) from their sectors, ``iso`` (the
numeric ISO 3166 code, from pycountry), ``region``, ``admin1``, ``notes`` (the sentence the event is
coded from) and ``fatalities`` (the event's own stated deaths). The mappings are data:
``redline/data/export/acled.json`` and ``acled_regions.json`` (built by
``scripts/build_acled_regions.py``). redline's confidence, rule, date range and evidence follow as
extra columns at the end. Only events that happened are written (not negated, hypothetical or
future), and only types the mapping lists; columns redline has nothing for are left empty.
"""

from __future__ import annotations

import csv
import functools
from typing import Iterable, Iterator, Optional, TextIO
from urllib.parse import urlsplit

from redline.datafiles import data_path, read_json


@functools.lru_cache(maxsize=1)
def acled_mapping() -> dict:
    return read_json(data_path("export", "acled.json"))


@functools.lru_cache(maxsize=1)
def acled_regions() -> dict[str, str]:
    return read_json(data_path("export", "acled_regions.json"))["regions"]


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    return {entry["code"]: entry["name"] for entry in read_json(data_path("actors", "countries.json"))}


@functools.lru_cache(maxsize=512)
def iso_numeric(code: Optional[str]) -> str:
    """The numeric ISO 3166-1 code of an alpha-3 code ('LBY' -> '434'), '' when there is none."""
    import pycountry

    country = pycountry.countries.get(alpha_3=code) if code else None
    return str(int(country.numeric)) if country is not None else ""


def acled_type(plover_type: str, modes: Iterable[str]) -> Optional[tuple[str, str]]:
    """(event_type, sub_event_type) for a PLOVER type and its modes; None when ACLED has no such event."""
    entry = acled_mapping()["types"].get(plover_type)
    if entry is None:
        return None
    for mode in modes:
        if mode in entry.get("modes", {}):
            return tuple(entry["modes"][mode])
    return tuple(entry["default"])


def _source(row: dict) -> str:
    if row.get("outlet"):
        return row["outlet"]
    host = urlsplit(row["url"]).hostname if row.get("url") else None
    return host or ""


def actor_type(code: Optional[str], sector: Optional[str], event_country: Optional[str]) -> str:
    """ACLED's type of an actor ('State forces', 'Civilians', ...) from its code and PLOVER sector."""
    mapping = acled_mapping()
    by_sector = mapping["inter_by_sector"]
    if code in mapping["external_codes"]:
        return "External/Other forces"
    foreign = bool(code and event_country and code != event_country and code in country_names())
    if foreign and (sector is None or by_sector.get(sector) == "State forces"):
        return "External/Other forces"  # Turkish drones over Libya
    if sector in by_sector:
        return by_sector[sector]
    return "State forces" if code in country_names() else ""


def interaction(first: str, second: str) -> str:
    """ACLED's interaction: the two types in the order of ACLED's codes, or 'X only'."""
    order = acled_mapping()["inter_order"]
    types = sorted((t for t in (first, second) if t), key=order.index)
    if not types:
        return ""
    return f"{types[0]} only" if len(types) == 1 else "-".join(types)


def acled_rows(rows: Iterable[dict]) -> Iterator[dict]:
    """ACLED rows from the flat event rows of :func:`redline.store.query.query_events`."""
    mapping = acled_mapping()
    for row in rows:
        if row["negated"] or row["hypothetical"] or row["future"]:
            continue
        kind = acled_type(row["type"], row["modes"])
        if kind is None:
            continue
        event_type, sub_event_type = kind
        country = row["country"]
        if row["type"] == "PROTEST":
            protest = mapping["protest_source"]
            inter1 = protest["riot"] if "riot" in row["modes"] else protest["default"]
        else:
            inter1 = actor_type(row["source_code"], row["source_sector"], country)
        inter2 = actor_type(row["target_code"], row["target_sector"], country) if row["target_name"] else ""
        precision = row["date_precision"] or ""
        if row["date_basis"] == "publication":
            precision = "week"  # dated by the report: some day of the week before it
        out = dict.fromkeys(mapping["columns"], "")
        out.update({
            "event_id_cnty": f"{row['document_id']}-{row['event_id']}",
            "event_date": row["date_start"] or "",
            "year": row["date_start"][:4] if row["date_start"] else "",
            "time_precision": mapping["time_precision"].get(precision, ""),
            "disorder_type": mapping["disorder_type"].get(event_type, ""),
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "actor1": row["source_name"] or "",
            "assoc_actor_1": "; ".join(n for n in row["source_names"][1:] if n != row["source_name"]),
            "inter1": inter1,
            "actor2": row["target_name"] or "",
            "assoc_actor_2": "; ".join(n for n in row["target_names"][1:] if n != row["target_name"]),
            "inter2": inter2,
            "interaction": interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if inter2 == "Civilians" and event_type in (
                "Violence against civilians", "Explosions/Remote violence") else "",
            "iso": iso_numeric(country),
            "region": acled_regions().get(country or "", ""),
            "country": country_names().get(country or "", ""),
            "admin1": row["admin1"] or "",
            "location": row["place"] or "",
            "latitude": "" if row["lat"] is None else row["lat"],
            "longitude": "" if row["lon"] is None else row["lon"],
            "geo_precision": row["geo_precision"] or "",
            "source": _source(row),
            "notes": row["evidence"] or row["trigger"],
            "fatalities": row["killed"] or 0,
            "redline_confidence": row["confidence"],
            "redline_rule": row["rule"] or "",
            "redline_date_start": row["date_start"] or "",
            "redline_date_end": row["date_end"] or "",
            "redline_vague_fatalities": "killed" in row["vague_counts"],
            "redline_document_id": row["document_id"],
            "redline_event_id": row["event_id"],
            "redline_evidence_start": row["evidence_start"],
            "redline_evidence_end": row["evidence_end"],
        })
        yield out


def write_acled(rows: Iterable[dict], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=acled_mapping()["columns"], lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in acled_rows(rows):
        writer.writerow(row)
        count += 1
    return count
