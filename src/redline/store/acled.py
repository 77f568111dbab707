"""Stored events as rows with ACLED's column names (``redline events --format acled``).

The mapping from PLOVER types and modes to ACLED event types is data:
``redline/data/export/acled.json``. Only events that happened are written (not negated,
hypothetical or future), and only types the mapping lists; columns redline cannot fill are
left empty rather than guessed.
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
def country_names() -> dict[str, str]:
    return {entry["code"]: entry["name"] for entry in read_json(data_path("actors", "countries.json"))}


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


def acled_rows(rows: Iterable[dict]) -> Iterator[dict]:
    """ACLED rows from flat event rows that carry ``modes`` (``query_events(..., with_modes=True)``)."""
    mapping = acled_mapping()
    for row in rows:
        if row["negated"] or row["hypothetical"] or row["future"]:
            continue
        kind = acled_type(row["type"], row.get("modes", []))
        if kind is None:
            continue
        event_type, sub_event_type = kind
        day = row["date"][:10] if row["date"] and len(row["date"]) >= 10 else None
        out = dict.fromkeys(mapping["columns"], "")
        out.update({
            "event_id_cnty": f"{row['document_id']}-{row['event_id']}",
            "event_date": day or "",
            "year": day[:4] if day else "",
            "time_precision": mapping["time_precision"].get(row["date_precision"] or "", ""),
            "disorder_type": mapping["disorder_type"].get(event_type, ""),
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "actor1": row["source_name"] or "",
            "actor2": row["target_name"] or "",
            "civilian_targeting": "Civilian targeting" if event_type == "Violence against civilians" else "",
            "country": country_names().get(row["country"] or "", ""),
            "location": row["place"] or "",
            "latitude": "" if row["lat"] is None else row["lat"],
            "longitude": "" if row["lon"] is None else row["lon"],
            "geo_precision": row.get("geo_precision") or "",
            "source": _source(row),
            "notes": row["trigger"],
            "tags": f"redline evidence {row['evidence_start']}-{row['evidence_end']} of {row['document_id']}",
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
