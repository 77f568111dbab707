"""Every export loads the way an analyst loads it (pandas, geopandas), with the right types, no glue,
and the same rows in every format."""

from __future__ import annotations

import io
import json

import pytest

from redline.store.ingest import ingest_paths
from redline.store.query import COLUMNS, LIST_COLUMNS, LIST_SEPARATOR, events_command

pd = pytest.importorskip("pandas")

# Written for this test: dated to a day, to a week before publication, to a month; counts with a
# range, a total and a vague number; a protest and an arrest.
FEED = [
    {"text": "Army artillery shelled the rebel-held town of Idlib on Tuesday, killing at least 14 civilians and "
             "wounding 30, bringing the death toll from the offensive to 210.",
     "published": "2021-03-11", "source": "Wire A", "url": "https://wire-a.example/idlib"},
    {"text": "Militants ambushed an army convoy near Gao, and between 8 and 12 soldiers died in the attack.",
     "published": "2021-03-12", "source": "Paper B"},
    {"text": "In February, police arrested 40 protesters in Tunis after demonstrators rioted, and dozens of people "
             "were injured.", "published": "2021-03-14", "source": "Wire A"},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in FEED) + "\n", encoding="utf-8")
    db = str(folder / "events.db")
    assert ingest_paths([feed], db=db).stored == len(FEED)
    return db


def _export(db, output_format, tmp_path=None):
    if output_format == "parquet":
        path = tmp_path / "events.parquet"
        events_command(db, out=io.StringIO(), output_format="parquet", output=str(path))
        return path
    out = io.StringIO()
    events_command(db, out=out, output_format=output_format)
    return out.getvalue()


def test_csv_loads_with_pandas_with_iso_dates_and_typed_counts(store):
    frame = pd.read_csv(io.StringIO(_export(store, "csv")), dtype_backend="numpy_nullable")
    assert list(frame.columns) == list(COLUMNS)
    # every date parses as a day: no '2021-W10' or '2021' mixed in
    starts, ends = pd.to_datetime(frame["date_start"]), pd.to_datetime(frame["date_end"])
    assert starts.notna().all() and (starts <= ends).all()
    assert set(frame["date_precision"]) <= {"hour", "day", "week", "month", "year"}
    assert set(frame["date_basis"]) <= {"explicit", "anchored", "publication"}
    assert str(frame["killed"].dtype) == "Int64" and str(frame["lat"].dtype) == "Float64"
    assert str(frame["negated"].dtype) == "boolean"
    shelling = frame[frame["evidence"].str.contains("shelled", na=False)].iloc[0]
    assert shelling["killed"] == 14 and shelling["injured"] == 30  # the toll of 210 is a total, not today's
    assert "killed (total): " in shelling["count_evidence"] and "210" in shelling["count_evidence"]
    assert shelling["date_precision"] == "day" and shelling["date_start"] == "2021-03-09"
    ambush = frame[frame["evidence"].str.contains("ambushed", na=False)].iloc[0]
    assert ambush["killed"] == 8  # "between 8 and 12": ACLED's lowest figure
    arrest = frame[frame["trigger"] == "arrested"].iloc[0]
    assert arrest["arrested"] == 40 and arrest["date_precision"] == "month"
    assert (arrest["date_start"], arrest["date_end"]) == ("2021-02-01", "2021-02-28")  # a month, not a day
    assert frame["vague_counts"].fillna("").str.contains("injured").any()  # "dozens of people were injured"


def test_every_flat_format_holds_the_same_rows(store, tmp_path):
    jsonl = [json.loads(line) for line in _export(store, "jsonl").splitlines()]
    assert jsonl and all(list(row) == sorted(COLUMNS) for row in jsonl)
    csv_rows = pd.read_csv(io.StringIO(_export(store, "csv")), dtype=str, keep_default_na=False).to_dict("records")
    for from_json, from_csv in zip(jsonl, csv_rows):
        for column in ("event_id", "date_start", "date_end", "type", "source_name", "evidence", "killed"):
            value = from_json[column]
            assert from_csv[column] == ("" if value is None else str(value)), column
        for column in LIST_COLUMNS:
            assert from_csv[column] == LIST_SEPARATOR.join(from_json[column]), column
    frame = pd.read_parquet(_export(store, "parquet", tmp_path))
    assert list(frame["event_id"]) == [row["event_id"] for row in jsonl]
    assert str(frame["date_start"].dtype).startswith(("object", "date")) or "date" in str(frame["date_start"].dtype)
    assert [list(v) for v in frame["source_names"]] == [row["source_names"] for row in jsonl]
    assert str(frame["killed"].dtype) in ("Int64", "float64", "int64[pyarrow]")


def test_geojson_loads_with_geopandas_as_points_with_the_rows_properties(store, tmp_path):
    geopandas = pytest.importorskip("geopandas")
    path = tmp_path / "events.geojson"
    path.write_text(_export(store, "geojson"), encoding="utf-8")
    frame = geopandas.read_file(path)
    located = frame[frame.geometry.notna()]
    assert len(located) > 0 and set(located.geom_type) == {"Point"}
    idlib = located[located["place"] == "Idlib"].iloc[0]
    assert abs(idlib.geometry.y - 35.9) < 0.3 and abs(idlib.geometry.x - 36.6) < 0.3
    assert pd.to_datetime(frame["date_start"]).notna().all()


def test_acled_export_loads_as_acled_data(store):
    frame = pd.read_csv(io.StringIO(_export(store, "acled")), dtype_backend="numpy_nullable")
    assert pd.to_datetime(frame["event_date"]).notna().all()
    assert str(frame["fatalities"].dtype) == "Int64" and str(frame["iso"].dtype) == "Int64"
    shelling = frame[frame["notes"].str.contains("shelled")].iloc[0]
    assert (shelling["event_type"], shelling["sub_event_type"]) == ("Explosions/Remote violence",
                                                                    "Shelling/artillery/missile attack")
    assert shelling["fatalities"] == 14 and shelling["iso"] == 760 and shelling["region"] == "Middle East"
    assert shelling["country"] == "Syria" and shelling["inter1"] == "State forces"
    assert shelling["time_precision"] == 1 and shelling["source"] == "Wire A"
    ambush = frame[frame["notes"].str.contains("ambushed")].iloc[0]
    assert ambush["iso"] == 466 and ambush["region"] == "Western Africa" and ambush["fatalities"] == 8
    assert ambush["interaction"] in ("State forces-Political militia", "Political militia-State forces",
                                     "State forces-Rebel group")
    arrest = frame[frame["sub_event_type"] == "Arrests"].iloc[0]
    assert arrest["time_precision"] == 3 and arrest["event_date"] == "2021-02-01"
    assert {"redline_confidence", "redline_rule", "redline_document_id"} <= set(frame.columns)
    assert list(frame.columns)[:31] == [c for c in frame.columns if not c.startswith("redline_")]
