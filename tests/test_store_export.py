"""Exports of the stored events: ACLED's columns, with the PLOVER to ACLED mapping read from data."""

from __future__ import annotations

import csv
import io
import json

from redline.store.acled import acled_mapping, acled_type
from redline.store.ingest import ingest_paths
from redline.store.query import events_command

# Written for this test.
REPORT = {"text": "Protesters rioted in Tunis on Friday, torching cars. Police arrested dozens of them. Gunmen "
                  "abducted two aid workers near Gao on Saturday. The minister said he would visit Gao.",
          "published": "2021-01-17", "source": "Wire A"}


def test_plover_types_and_modes_map_to_acled_event_types():
    assert acled_type("ASSAULT", []) == ("Battles", "Armed clash")
    assert acled_type("ASSAULT", ["heavy-weapons"]) == ("Explosions/Remote violence",
                                                        "Shelling/artillery/missile attack")
    assert acled_type("PROTEST", ["riot"]) == ("Riots", "Violent demonstration")
    assert acled_type("COERCE", ["arrest"]) == ("Strategic developments", "Arrests")
    assert acled_type("CONSULT", []) is None  # a meeting is not an ACLED event
    assert len(acled_mapping()["columns"]) == len(set(acled_mapping()["columns"])) == 31


def test_acled_export_of_stored_events(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(REPORT) + "\n", encoding="utf-8")
    db = str(tmp_path / "acled.db")
    assert ingest_paths([feed], db=db).stored == 1
    out = io.StringIO()
    events_command(db, out=out, output_format="acled")
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    assert reader.fieldnames == acled_mapping()["columns"]
    rows = list(reader)
    by_type = {(r["event_type"], r["sub_event_type"]): r for r in rows}
    riot = by_type[("Riots", "Violent demonstration")]
    assert "2021-01-11" <= riot["event_date"] <= "2021-01-17" and riot["year"] == "2021"
    assert riot["time_precision"] in ("1", "2")  # the day, or the week, as ACLED codes it
    assert (riot["country"], riot["location"]) == ("Tunisia", "Tunis")
    assert riot["disorder_type"] == "Political violence; Demonstrations" and riot["source"] == "Wire A"
    abduction = by_type[("Violence against civilians", "Abduction/forced disappearance")]
    assert abduction["civilian_targeting"] == "Civilian targeting" and abduction["location"] == "Gao"
    assert ("Strategic developments", "Arrests") in by_type
    assert all(r["event_type"] for r in rows)
    assert not any(r["notes"] == "visit" for r in rows)  # a future visit is not an event that happened
