"""Exports of the stored events: ACLED's columns (mapping read from data), PLOVER JSON records and Parquet."""

from __future__ import annotations

import csv
import io
import json

import pytest

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
    columns = acled_mapping()["columns"]
    assert len(columns) == len(set(columns))
    acled_own = [c for c in columns if not c.startswith("redline_")]
    assert len(acled_own) == 31 and columns[:31] == acled_own  # ACLED's columns first, redline's after them


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


def _stored(tmp_path) -> str:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(REPORT) + "\n", encoding="utf-8")
    db = str(tmp_path / "export.db")
    assert ingest_paths([feed], db=db).stored == 1
    return db


def test_plover_export_follows_the_plover_json_field_names(tmp_path):
    db = _stored(tmp_path)
    out = io.StringIO()
    count = events_command(db, out=out, output_format="plover")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(records) > 0
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert {"id", "date", "actor", "event", "event_text", "quad_code", "text", "text_info"} <= set(record)
        assert record["quad_code"] in (1, 2, 3, 4) and len(record["event"]) == 1
        info = record["text_info"]
        # the evidence offsets point at the sentence and the trigger inside the stored text
        assert REPORT["text"][info["start"]:info["end"]] == record["text"]
        assert REPORT["text"][info["event_start"]:info["event_end"]] == record["event_text"][0]
        assert "coded_date" not in record  # byte-stable: the same store exports the same bytes
        # and why redline coded it: the rule and the lexicon row
        assert record["provenance"]["rule"] and record["provenance"]["lexicon"].startswith("lexicon.tsv:")
    riot = next(r for r in records if r["event"] == ["PROTEST"])
    assert riot["date"] == "2021-01-15" and riot["date_precision"] == "day"  # "on Friday" before the 17th
    assert riot["actor"][0]["entity_text"] == "Protesters" and riot["actor"][0]["code"] == "TUN"
    assert riot["event_loc"]["resolved_place"] == "Tunis" and riot["event_loc"]["country_code"] == "TUN"
    assert riot["event_loc"]["country"] == "Tunisia" and abs(riot["event_loc"]["lat"] - 36.8) < 0.2
    assert riot["cite_info"]["publication"] == "Wire A"
    again = io.StringIO()
    events_command(db, out=again, output_format="plover")
    assert again.getvalue() == out.getvalue()


def test_parquet_export_keeps_the_columns_and_their_types(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    db = _stored(tmp_path)
    path = tmp_path / "events.parquet"
    count = events_command(db, out=io.StringIO(), output_format="parquet", output=str(path))
    table = pq.read_table(path)
    assert table.num_rows == count > 0
    jsonl = io.StringIO()
    events_command(db, out=jsonl, output_format="jsonl")
    as_json = [{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()} for row in table.to_pylist()]
    assert as_json == [json.loads(line) for line in jsonl.getvalue().splitlines()]
    assert str(table.schema.field("lat").type) == "double" and str(table.schema.field("negated").type) == "bool"


def test_binary_export_to_a_terminal_is_refused_with_advice(tmp_path, capsys):
    from redline.errors import RedlineError

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    db = _stored(tmp_path)
    with pytest.raises(RedlineError) as caught:
        events_command(db, out=Terminal(), output_format="parquet")
    assert "E358" in str(caught.value) and "--output" in str(caught.value)
