"""The PLOVER export (``redline events --format plover``) against a JSON Schema written from the
current PLOVER manual's data-field tables (``redline/data/export/plover_schema.json``)."""

from __future__ import annotations

import io
import json
from datetime import date

import jsonschema
import pytest

from conftest import write_corpus

# Written for these tests.
FEED = [
    {"text": "Protesters rioted in Tunis on Friday, torching cars. Police arrested dozens of them. Gunmen "
             "abducted two aid workers near Gao on Saturday.",
     "published": "2021-01-17", "source": "Wire A"},
    {"text": "Militants killed at least 12 soldiers and wounded 5 in an attack on an army post in Borno State "
             "last week, bringing the toll this month to 40. Last month, Nigerian troops arrested 30 suspects "
             "in Maiduguri.",
     "published": "2022-03-10", "source": "Wire B", "url": "https://example.org/borno"},
    {"text": "Russian Foreign Minister Sergei Lavrov met Turkish President Recep Tayyip Erdogan in Ankara on "
             "Monday. In 2019, Iranian forces seized a British tanker in the Strait of Hormuz.",
     "published": "2020-06-08", "source": "Wire C"},
]
# Names of the PLOVER manual 0.8 that the current manual has renamed or dropped.
OLD_RECORD_NAMES = {"source"}
OLD_ENTITY_NAMES = {"actor_text", "actor_loc"}
OLD_LOCATION_NAMES = {"name", "latitude", "longitude", "country code", "cc3", "feature class", "feature code"}


@pytest.fixture(scope="module")
def plover_schema():
    from redline.datafiles import data_path, read_json

    schema = read_json(data_path("export", "plover_schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    from redline.store.ingest import ingest_paths

    folder = tmp_path_factory.mktemp("plover")
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(item) + "\n" for item in FEED), encoding="utf-8")
    articles = write_corpus(folder / "articles", 3)
    db = str(folder / "plover.db")
    assert ingest_paths([feed], db=db).stored == len(FEED)
    assert ingest_paths(articles, db=db, published="2023-05-02").stored == len(articles)
    return db


@pytest.fixture(scope="module")
def records(stored):
    from redline.store import open_store
    from redline.store.query import make_query, query_events, write_events

    out = io.StringIO()
    with open_store(stored, create=False) as store:
        count = write_events(query_events(store, make_query()), "plover", out, store=store)
    lines = out.getvalue().splitlines()
    assert count == len(lines) > len(FEED)
    return [json.loads(line) for line in lines]


def _one(records, event_type, trigger, sentence=""):
    """The record of the ``event_type`` event named by ``trigger`` in the sentence containing ``sentence``."""
    return next(r for r in records
                if r["event"] == [event_type] and r["event_text"] == [trigger] and sentence in r["text"])


def test_the_schema_says_which_manual_it_was_written_from(plover_schema):
    assert plover_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f" in plover_schema["$comment"]
    assert plover_schema["required"] == ["id", "date", "actor", "event"]


def test_every_exported_record_is_valid_against_the_schema(records, plover_schema):
    validator = jsonschema.Draft202012Validator(
        plover_schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for record in records:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]
        assert not errors, (record["id"], errors)
    assert len({r["id"] for r in records}) == len(records)


def test_the_schema_rejects_the_names_of_the_old_manual(records, plover_schema):
    """A record written with manual 0.8's ``source`` instead of ``actor`` is not a valid record."""
    old = dict(records[0])
    old["source"] = old.pop("actor")
    assert not jsonschema.Draft202012Validator(plover_schema).is_valid(old)


def test_no_record_keeps_a_renamed_field(records):
    for record in records:
        assert not OLD_RECORD_NAMES & set(record)
        for entity in record["actor"] + record.get("recipient", []):
            assert not OLD_ENTITY_NAMES & set(entity) and entity["entity_text"]
        assert not OLD_LOCATION_NAMES & set(record.get("event_loc", {}))
        assert "coded_date" not in record  # byte-stable: no time of coding


def test_the_values_a_user_reads_first(records):
    riot = _one(records, "PROTEST", "rioted")
    assert riot["quad_code"] == 4 and riot["mode"] == ["riot"]
    assert riot["date"] == "2021-01-15" and "enddate" not in riot  # "on Friday" before the 17th: one day
    assert riot["date_precision"] == "day"
    assert riot["actor"][0]["entity_text"] == "Protesters" and riot["actor"][0]["code"] == "TUN"
    place = riot["event_loc"]
    assert (place["extracted_place"], place["resolved_place"], place["country_code"]) == ("Tunis", "Tunis", "TUN")
    assert place["country"] == "Tunisia" and place["city"] == "Tunis"
    assert abs(place["lat"] - 36.82) < 0.05 and abs(place["lon"] - 10.17) < 0.05
    assert (place["feature_class"], place["resolution"]) == ("P", 4) and isinstance(place["geonameid"], int)
    assert riot["cite_info"]["publication"] == "Wire A" and riot["cite_info"]["language"] == "en"

    meeting = _one(records, "CONSULT", "met")
    assert meeting["quad_code"] == 1 and meeting["date"] == "2020-06-08"
    assert [e["code"] for e in meeting["actor"]] == ["RUS"] and [e["code"] for e in meeting["recipient"]] == ["TUR"]
    lavrov = meeting["actor"][0]
    assert lavrov["identifier_text"] == "Sergei Lavrov" and lavrov["identifier_id"]
    assert lavrov["office"] == "foreign minister" and lavrov["sector"] == "GOV"
    assert meeting["event_loc"]["resolved_place"] == "Ankara" and meeting["event_loc"]["country_code"] == "TUR"


def test_an_office_is_an_official_position_not_any_role(records):
    protesters = _one(records, "PROTEST", "rioted")["actor"][0]
    assert protesters["role"] == "protester" and "office" not in protesters
    # an actor the knowledge base does not identify has no identifier, only redline's label
    assert "identifier_id" not in protesters and protesters["name"] == "Tunisia (protester)"


def test_dates_are_iso_days_and_a_period_is_never_one_day(records):
    for record in records:
        first = date.fromisoformat(record["date"])
        if record.get("date_precision") in ("week", "month", "year"):
            assert date.fromisoformat(record["enddate"]) > first
        if "enddate" in record:
            assert date.fromisoformat(record["enddate"]) >= first
    month = _one(records, "COERCE", "arrested", "Maiduguri")
    assert (month["date"], month["enddate"]) == ("2022-02-01", "2022-02-28")  # "Last month" of March 2022
    assert month["date_precision"] == "month"
    year = _one(records, "COERCE", "seized")
    assert (year["date"], year["enddate"], year["date_precision"]) == ("2019-01-01", "2019-12-31", "year")
    undated = _one(records, "ASSAULT", "torching")  # no date of its own: the reporting week
    assert (undated["date"], undated["enddate"], undated["date_basis"]) == ("2021-01-11", "2021-01-17", "publication")


def test_dead_counts_what_the_event_itself_killed(records):
    attack = _one(records, "ASSAULT", "killed")
    assert attack["dead"] == 12 and attack["injured"] == 5  # "at least 12", not the toll of 40
    kinds = [(c["kind"], c.get("value"), c["total"]) for c in attack["casualties"]]
    assert ("killed", 12, False) in kinds and ("killed", 40, True) in kinds
    killed = next(c for c in attack["casualties"] if c["kind"] == "killed" and not c["total"])
    assert killed["qualifier"] == "at_least" and killed["evidence"]["text"] == "killed at least 12 soldiers"
    assert killed["victims"]["sector"] == "MIL"
    assert _one(records, "COERCE", "arrested", "Maiduguri")["arrested"] == 30
    dozens = _one(records, "COERCE", "arrested", "dozens")
    assert [(c["kind"], c["vague"], c["quantity"]) for c in dozens["casualties"]] == [("arrested", True, "dozens")]
    assert "arrested" not in dozens  # a vague count gives no number: none is made up


def test_the_export_is_byte_stable(stored):
    from redline.store.query import events_command

    first, second = io.StringIO(), io.StringIO()
    events_command(stored, out=first, output_format="plover")
    events_command(stored, out=second, output_format="plover")
    assert first.getvalue() == second.getvalue() and first.getvalue().endswith("\n")


def test_a_period_given_only_by_its_value_still_gets_its_first_and_last_day(extract):
    from redline.store.plover import plover_record

    doc = extract("Nigerian troops arrested 30 suspects in Maiduguri.", published="2022-03-10").model_dump(mode="json")
    event = doc["events"][0]
    event["date"] = {"value": "2022-02", "precision": "month", "basis": "explicit"}
    record = plover_record(doc, event)
    assert (record["date"], record["enddate"], record["date_precision"]) == ("2022-02-01", "2022-02-28", "month")
    event["date"] = {"value": "2022-02-14T18:30", "precision": "hour", "basis": "explicit"}
    record = plover_record(doc, event)
    assert (record["date"], record["time"]) == ("2022-02-14", "18:30") and "enddate" not in record


def test_an_event_without_the_required_date_is_left_out(extract):
    from redline.store.plover import plover_record

    doc = extract("Egypt condemned the attack on the embassy.").model_dump(mode="json")  # no date, no publication
    assert doc["events"] and all(plover_record(doc, event) is None for event in doc["events"])
