"""The corpus store: schema and migrations, ingest (incremental, bad inputs, workers) and queries.

Each store test runs on SQLite and, when REDLINE_TEST_PG is set, on PostgreSQL."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from conftest import corpus_text, write_corpus
from sqlalchemy import Column, Integer, MetaData, Table, func, inspect, select, text

from redline.errors import EXIT_OK, EXIT_PARTIAL, RedlineError
from redline.store import open_store
from redline.store.ingest import ingest_paths
from redline.store.query import make_query, query_events, write_events
from redline.store.schema import current_version, latest_version, migrate, schema_version


def _events_by_document(url: str) -> dict[str, list[tuple]]:
    from redline.store.schema import events

    with open_store(url) as store, store.engine.connect() as conn:
        rows = conn.execute(select(events).order_by(events.c.document_id, events.c.event_id)).all()
    found: dict[str, list[tuple]] = {}
    for row in rows:
        found.setdefault(row.document_id, []).append(tuple(row))
    return found


# ---------------------------------------------------------------- schema and migrations


def test_a_new_store_is_at_the_latest_version_and_reopening_runs_no_migration(store_url):
    with open_store(store_url) as store:
        assert store.version == latest_version()
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(schema_version)).scalar_one() == latest_version()
    with open_store(store_url) as store:  # nothing to do the second time
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(schema_version)).scalar_one() == latest_version()


def test_migrations_run_in_order_once_each(store_url):
    from redline.store import Store
    from redline.store.schema import MIGRATIONS

    calls = []
    extra = Table("migration_probe", MetaData(), Column("x", Integer))

    def add_probe(conn):
        calls.append("probe")
        extra.create(conn)

    store = Store(store_url)  # at the released version
    newer = dict(MIGRATIONS)
    newer[latest_version() + 1] = add_probe
    assert migrate(store.engine, newer) == latest_version() + 1
    assert migrate(store.engine, newer) == latest_version() + 1
    assert calls == ["probe"]
    with store.engine.connect() as conn:
        assert current_version(conn) == latest_version() + 1
        assert conn.execute(select(func.count()).select_from(extra)).scalar_one() == 0
    store.close()
    # this redline does not know that version: it refuses the store rather than misread it
    with pytest.raises(RedlineError) as caught:
        open_store(store_url)
    assert caught.value.code == "E351"


def test_a_failed_migration_leaves_the_store_at_the_version_before(store_url):
    from redline.store.schema import MIGRATIONS

    def broken(conn):
        conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("disk full")

    store = open_store(store_url)
    newer = dict(MIGRATIONS)
    newer[latest_version() + 1] = broken
    with pytest.raises(RuntimeError):
        migrate(store.engine, newer)
    with store.engine.connect() as conn:
        assert current_version(conn) == latest_version()
        assert not inspect(conn).has_table("half_done")
    store.close()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_a_store_from_before_the_map_cells_gets_them_filled_when_opened(store_url, tmp_path):
    from redline.store.schema import V6_INDEX, coordinate_bin, events

    folder = tmp_path / "news"
    write_corpus(folder, 3)
    ingest_paths([folder], db=store_url, published="2020-06-08")
    with open_store(store_url) as store, store.writing() as conn:  # as a version 5 store was
        conn.execute(text(f"DROP INDEX {V6_INDEX[0]}"))
        for column in ("lat_bin", "lon_bin"):
            conn.execute(text(f"ALTER TABLE events DROP COLUMN {column}"))
        conn.execute(schema_version.delete().where(schema_version.c.version >= 6))
    with open_store(store_url) as store, store.engine.connect() as conn:
        assert store.version == latest_version()
        located = conn.execute(select(events.c.lat, events.c.lon, events.c.lat_bin, events.c.lon_bin)
                               .where(events.c.lat.isnot(None))).all()
        assert located and all((lat_bin, lon_bin) == (coordinate_bin(lat), coordinate_bin(lon))
                               for lat, lon, lat_bin, lon_bin in located)
        assert V6_INDEX[0] in {index["name"] for index in inspect(conn).get_indexes("events")}
    assert coordinate_bin(-0.05) == -1 and coordinate_bin(31.21) == 312  # floor, also below zero


def test_a_store_from_before_the_casualty_counts_gets_them_filled_from_its_documents(store_url, tmp_path):
    from redline.store.schema import event_casualties, events

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "raid.txt").write_text("Militants stormed a police post in the north on Sunday, killing seven officers "
                                     "and wounding 12 others.", encoding="utf-8")
    ingest_paths([folder], db=store_url, published="2021-05-02")
    with open_store(store_url) as store, store.writing() as conn:  # as a version 6 store was
        conn.execute(text("DROP TABLE event_casualties"))
        for column in ("evidence_text", "date_basis", "rule", "admin1", "fatalities"):
            conn.execute(text(f"ALTER TABLE events DROP COLUMN {column}"))
        conn.execute(schema_version.delete().where(schema_version.c.version == 7))
    with open_store(store_url) as store, store.engine.connect() as conn:
        assert store.version == latest_version()
        rows = conn.execute(select(events.c.fatalities, events.c.evidence_text, events.c.date_basis)).all()
        assert (7, "Militants stormed a police post in the north on Sunday, killing seven officers and wounding "
                   "12 others.", "explicit") in rows
        counts = conn.execute(select(event_casualties.c.kind, event_casualties.c.value)).all()
        assert sorted(counts) == [("injured", 12), ("killed", 7)]


def test_a_saved_document_comes_back_whole_with_one_row_per_event(store_url, extract):
    doc = extract(corpus_text(0), published="2020-06-08")
    assert doc.events
    with open_store(store_url) as store:
        assert store.save_document(doc, origin="test") is True
        assert store.save_document(doc, origin="test") is False  # stored once
        assert store.document(doc.document.id) == doc
        assert store.count_documents() == 1
        assert store.count_events() == len(doc.events)


# ---------------------------------------------------------------- ingest


def test_ingest_is_incremental_and_skips_stored_documents_before_parsing(store_url, tmp_path):
    folder = tmp_path / "news"
    write_corpus(folder, 5)
    first = ingest_paths([folder], db=store_url, published="2020-06-08")
    assert (first.stored, first.already_stored, first.failed) == (5, 0, 0)
    assert first.events > 0 and first.exit_code == EXIT_OK
    # nothing new: a model that does not exist is never loaded, since nothing is parsed
    again = ingest_paths([folder], db=store_url, published="2020-06-08", model="no_such_model")
    assert (again.stored, again.already_stored, again.events) == (0, 5, 0)
    write_corpus(folder, 2, start=5)
    more = ingest_paths([folder], db=store_url, published="2020-06-08")
    assert (more.stored, more.already_stored) == (2, 5)
    with open_store(store_url) as store:
        assert store.count_documents() == 7
        assert store.count_events() == first.events + more.events


def test_ingest_reads_jsonl_gz_reports_bad_inputs_and_goes_on(store_url, tmp_path):
    folder = tmp_path / "mixed"
    write_corpus(folder, 2)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    records = [{"text": corpus_text(10), "published": "2021-01-05", "source": "wire", "url": "https://example.org/a"},
               {"title": "no text here"},
               {"text": corpus_text(0)}]  # the same text as article-0000.txt: stored once
    with gzip.open(folder / "feed.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in records) + "\n")
    messages = io.StringIO()
    from rich.console import Console

    report = ingest_paths([folder], db=store_url, console=Console(file=messages, width=200), progress=False)
    assert (report.stored, report.already_stored, report.failed) == (3, 1, 2)
    assert report.exit_code == EXIT_PARTIAL
    assert "[E102]" in messages.getvalue() and "[E106]" in messages.getvalue()
    with open_store(store_url) as store:
        from redline.store.schema import documents

        with store.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.source == "wire")).one()
        assert row.published == "2021-01-05" and row.url == "https://example.org/a"
        assert row.origin.endswith("feed.jsonl.gz:1")  # the file and the line


def test_ingest_keeps_a_records_country_and_drops_an_unknown_one_with_a_warning(store_url, tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    records = [{"text": "Government forces shelled a town held by rebels.", "country": "lby"},
               {"text": "Government forces shelled a village held by rebels.", "country": "Narnia"}]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    from rich.console import Console

    messages = io.StringIO()
    report = ingest_paths([folder], db=store_url, console=Console(file=messages, width=200), progress=False)
    assert report.stored == 2  # the record with an unknown country is kept, without it
    with open_store(store_url) as store:
        from redline.store.schema import documents

        with store.engine.connect() as conn:
            stored = [json.loads(body) for body in conn.execute(select(documents.c.json)).scalars()]
    by_text = {d["document"]["text"]: d for d in stored}
    hinted = by_text[records[0]["text"]]
    assert hinted["document"]["country"] == "LBY"
    assert [a["code"] for e in hinted["events"] for a in e["source"]] == ["LBY"]
    unknown = by_text[records[1]["text"]]
    assert unknown["document"].get("country") is None
    assert "W006" in [w["code"] for w in unknown["warnings"]]


def test_two_workers_store_the_same_rows_as_one(tmp_path):
    folder = tmp_path / "news"
    write_corpus(folder, 6)
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    assert ingest_paths([folder], db=one, published="2020-06-08").stored == 6
    assert ingest_paths([folder], db=two, published="2020-06-08", workers=2).stored == 6
    assert _events_by_document(one) == _events_by_document(two)


def test_a_new_sqlite_store_opened_while_another_process_writes_it_waits_its_turn(tmp_path):
    # Two ingests started at once into one new file: the second opener must wait for the
    # first one's write, not fail with "database is locked".
    import sqlite3
    import threading

    path = tmp_path / "shared.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE first_writer (x INTEGER)")
    release = threading.Timer(1.0, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        with open_store(str(path)) as store:
            assert store.count_documents() == 0
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        release.join()
        holder.close()


# ---------------------------------------------------------------- queries


@pytest.fixture
def filled_store(store_url, tmp_path):
    folder = tmp_path / "news"
    write_corpus(folder, 8)
    ingest_paths([folder], db=store_url, published="2020-06-08")
    return store_url


def _query(url, **filters):
    with open_store(url) as store:
        return list(query_events(store, make_query(**filters)))


def test_events_are_filtered_by_type_actor_country_date_and_distance(filled_store):
    everything = _query(filled_store)
    assert len(everything) > 8
    assaults = _query(filled_store, types=["assault"])
    assert assaults and {e["type"] for e in assaults} == {"ASSAULT"}
    turkish = _query(filled_store, actors=["TUR"], types=["ASSAULT"])
    assert turkish and all("TUR" in (e["source_code"], e["target_code"]) for e in turkish)
    assert any(e["place"] == "Sirte" for e in turkish)
    in_libya = _query(filled_store, countries=["lby"])
    assert in_libya and {e["country"] for e in in_libya} == {"LBY"}
    # Sirte (31.21 N, 16.59 E): within 50 km only events placed in Sirte; Benghazi is 400 km away
    near_sirte = _query(filled_store, near="31.2,16.6,50")
    assert near_sirte and {e["place"] for e in near_sirte} == {"Sirte"}
    assert _query(filled_store, since="2020-06-01", until="2020-06-30")
    assert _query(filled_store, since="2021-01-01") == []
    assert _query(filled_store, until="2019-12-31") == []
    assert len(_query(filled_store, limit=3)) == 3
    assert everything == _query(filled_store)  # a stable order


def test_event_formats_csv_jsonl_geojson(filled_store):
    with open_store(filled_store) as store:
        rows = list(query_events(store, make_query(types=["ASSAULT"])))
    out = io.StringIO()
    write_events(iter(rows), "csv", out)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(parsed) == len(rows) and parsed[0]["type"] == "ASSAULT" and parsed[0]["document_id"]
    out = io.StringIO()
    write_events(iter(rows), "jsonl", out)
    assert [json.loads(line)["event_id"] for line in out.getvalue().splitlines()] == [r["event_id"] for r in rows]
    out = io.StringIO()
    write_events(iter(rows), "geojson", out)
    collection = json.loads(out.getvalue())
    placed = [f for f in collection["features"] if f["geometry"]]
    assert placed and placed[0]["geometry"]["coordinates"] == [placed[0]["properties"]["lon"],
                                                               placed[0]["properties"]["lat"]]


def test_cli_ingest_then_events(tmp_path):
    from typer.testing import CliRunner

    from redline.cli import app

    folder = tmp_path / "news"
    write_corpus(folder, 3)
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--published", "2020-06-08", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "3 documents stored" in result.output
    result = runner.invoke(app, ["events", "--db", db, "--type", "ASSAULT", "--format", "csv"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("document_id,event_id,date") and len(lines) >= 4
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "absent.db")])
    assert result.exit_code == 4 and "E352" in result.output
    result = runner.invoke(app, ["events", "--db", db, "--near", "north"])
    assert result.exit_code == 2 and "E354" in result.output


def test_a_database_that_fails_midway_is_a_catalogue_error_not_a_traceback(filled_store, monkeypatch):
    from sqlalchemy.exc import OperationalError
    from typer.testing import CliRunner

    import redline.store.query
    from redline.cli import app

    def locked(*_args, **_kwargs):
        raise OperationalError("SELECT ...", {}, Exception("database is locked"))

    monkeypatch.setattr(redline.store.query, "query_events", locked)
    result = CliRunner().invoke(app, ["events", "--db", filled_store])
    assert result.exit_code == 4 and "E359" in result.output and "database is locked" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, OperationalError)


def test_actor_network_json_and_graphml(filled_store):
    import networkx as nx

    from redline.store.network import actor_network, gexf, graphml

    with open_store(filled_store) as store:
        network = actor_network(store, nodes="countries")
        dyadic = [e for e in query_events(store, make_query()) if e["source_code"] and e["target_code"]]
        assert actor_network(store, since="2021-01-01", nodes="countries") == \
            {"node_mode": "countries", "nodes": [], "edges": [], "self_loops": []}
    # every source and target of an event counts (not only the first); self-loops are listed apart
    pairs = network["edges"] + network["self_loops"]
    assert {(e["source_code"], e["target_code"]) for e in dyadic} <= {(e["source"], e["target"]) for e in pairs}
    assert sum(edge["events"] for edge in pairs) >= len(dyadic)
    assert all(edge["source"] != edge["target"] for edge in network["edges"])
    turkish = [e for e in network["edges"] if e["source"] == "TUR" and e["material_conflict"]]
    assert turkish and all({cell["month"] for cell in e["by_month_and_quad"]} == {"2020-06"} and e["score_mean"] < 0
                           for e in turkish)
    assert {"TUR", "RUS"} <= {node["id"] for node in network["nodes"]}
    graph = nx.parse_graphml(graphml(network))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(network["nodes"]), len(network["edges"]))
    # GEXF for Gephi: the edge weight is the number of events
    graph = nx.read_gexf(io.BytesIO(gexf(network).encode("utf-8")))
    assert sorted(weight for _s, _t, weight in graph.edges(data="weight")) == \
        sorted(edge["events"] for edge in network["edges"])


def test_workers_that_cannot_load_the_model_stop_the_run_with_a_catalogue_message(tmp_path):
    folder = tmp_path / "news"
    write_corpus(folder, 2)
    with pytest.raises(RedlineError) as caught:
        ingest_paths([folder], db=str(tmp_path / "w.db"), workers=2, model="no_such_model")
    assert caught.value.code == "E355" and "[E201]" in caught.value.message


def test_ingest_shows_progress_and_can_deduplicate(tmp_path):
    from rich.console import Console

    folder = tmp_path / "news"
    write_corpus(folder, 3)
    messages = io.StringIO()
    console = Console(file=messages, width=200, force_terminal=True)
    report = ingest_paths([folder], db=str(tmp_path / "p.db"), published="2020-06-08", console=console,
                          dedup=True)
    shown = messages.getvalue()
    assert "3/3" in shown and "docs/s" in shown and f"{report.events} events" in shown and "ETA" in shown
    assert report.stories is not None and 0 < report.stories <= report.events


def test_a_local_dask_cluster_stores_the_same_rows_as_one_process(tmp_path):
    pytest.importorskip("distributed")
    folder = tmp_path / "news"
    write_corpus(folder, 6)
    one, on_dask = str(tmp_path / "one.db"), str(tmp_path / "dask.db")
    assert ingest_paths([folder], db=one, published="2020-06-08").stored == 6
    report = ingest_paths([folder], db=on_dask, published="2020-06-08", workers=2, dask="local")
    assert (report.stored, report.failed) == (6, 0)
    assert _events_by_document(one) == _events_by_document(on_dask)
    # incremental on a cluster too: nothing is sent to the workers when everything is stored
    again = ingest_paths([folder], db=on_dask, published="2020-06-08", workers=2, dask="local")
    assert (again.stored, again.already_stored) == (0, 6)


def test_store_urls_and_messages_hide_passwords(tmp_path):
    from redline.store import normalize_url

    assert normalize_url("news.db") == "sqlite:///news.db"
    assert normalize_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"
    with pytest.raises(RedlineError) as caught:  # nothing listens on port 1
        open_store("postgresql://reader:s3cret@127.0.0.1:1/news")
    assert caught.value.code == "E352" and "s3cret" not in caught.value.message
    assert "reader:***@127.0.0.1:1/news" in caught.value.message


def test_a_failed_export_or_a_missing_extra_leaves_nothing_behind(tmp_path, monkeypatch):
    import importlib.util
    import io
    import sys

    import redline.store.query as query_module
    from redline.errors import RedlineError
    from redline.store.query import events_command

    folder = tmp_path / "news"
    write_corpus(folder, 2)
    db = str(tmp_path / "news.db")
    ingest_paths([folder], db=db, published="2020-06-08")
    # pyarrow missing: E357, and no empty .parquet file
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(RedlineError, match="E357"):
        events_command(db, out=io.StringIO(), output_format="parquet", output=str(tmp_path / "e.parquet"))
    assert not (tmp_path / "e.parquet").exists()
    monkeypatch.delitem(sys.modules, "pyarrow")

    # a writer that fails midway: the half-written file is removed
    def failing(rows, output_format, out, store=None):
        out.write("document_id,event_id\n")
        raise RedlineError(query_module.Errors.E359, reason="the database went away")

    monkeypatch.setattr(query_module, "write_events", failing)
    with pytest.raises(RedlineError):
        events_command(db, out=io.StringIO(), output_format="csv", output=str(tmp_path / "e.csv"))
    assert not (tmp_path / "e.csv").exists()

    # Dask missing: E356 before any store is made
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "distributed" else real_find_spec(name, *a))
    with pytest.raises(RedlineError, match="E356"):
        ingest_paths([folder], db=str(tmp_path / "new.db"), dask="local")
    assert not (tmp_path / "new.db").exists()


def test_the_progress_rate_counts_only_documents_parsed(tmp_path):
    import io

    from rich.console import Console

    folder = tmp_path / "news"
    write_corpus(folder, 3)
    db = str(tmp_path / "news.db")
    ingest_paths([folder], db=db, published="2020-06-08")
    shown = io.StringIO()
    report = ingest_paths([folder], db=db, published="2020-06-08", progress=True,
                          console=Console(file=shown, width=200, force_terminal=False))
    assert report.already_stored == 3 and report.stored == 0
    assert "- docs/s" in shown.getvalue()  # nothing was parsed: no rate, not thousands a second
