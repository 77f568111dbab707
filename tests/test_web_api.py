"""The workbench's JSON API as its pages (and a script) use it: a store built from real extractions."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from conftest import EXAMPLE_ARTICLE, corpus_text, drop_all

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from redline.web import create_app  # noqa: E402

LOCAL = "http://127.0.0.1:8765"

# Short articles written for these tests: a red line, a later strike at its place, and another war.
RED_LINE = ("Egypt warns Turkey over Sirte\n\nEgyptian President Abdel Fattah al-Sisi said on Saturday that any "
            "advance on Sirte by Turkish-backed forces would be a red line for Cairo and that Egypt would intervene "
            "militarily.")
STRIKE = ("Drones strike Sirte\n\nTurkish drones struck the city of Sirte on Wednesday, killing four fighters, a "
          "spokesman for the Libyan National Army said.")
RAIDS = ("Russian jets bomb Idlib\n\nRussian warplanes bombed rebel positions near Idlib on Tuesday, the Syrian "
         "Observatory for Human Rights said. Turkey condemned the raids and called for a ceasefire.")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request, tmp_path_factory, extract):
    """The store behind the API: a SQLite file, and the PostgreSQL database of REDLINE_TEST_PG."""
    from redline.store import open_store

    if request.param == "sqlite":
        path = str(tmp_path_factory.mktemp("web") / "store.db")
    else:
        path = os.environ.get("REDLINE_TEST_PG")
        if not path:
            pytest.skip("REDLINE_TEST_PG is not set (a PostgreSQL URL for the store tests)")
        pytest.importorskip("psycopg")
        drop_all(path)
    docs = [
        extract(RED_LINE, published="2020-06-20", title="Egypt warns Turkey over Sirte", source="Wire A"),
        extract(STRIKE, published="2020-07-08", title="Drones strike Sirte", source="Wire B"),
        extract(RAIDS, published="2021-03-02", title="Russian jets bomb Idlib", source="Wire A"),
    ]
    docs += [extract(corpus_text(i), published=f"2019-0{i + 1}-1{i}") for i in range(4)]
    if EXAMPLE_ARTICLE.exists():
        docs.append(extract(EXAMPLE_ARTICLE.read_text(encoding="utf-8"), published="2020-06-08"))
    with open_store(path) as store:
        for doc in docs:
            store.save_document(doc, origin="test")
    yield path
    if request.param == "postgresql":
        drop_all(path)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db), base_url=LOCAL) as test_client:
        yield test_client


def _all_events(client, **params) -> list[dict]:
    return client.get("/api/events", params={**params, "limit": 1000}).json()["items"]


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"].startswith(f"[{code}]")
    assert "Traceback" not in response.text
    return body["error"]


def test_health_counts_the_store(client, db):
    from redline.store import open_store

    body = client.get("/api/health").json()
    with open_store(db) as store:
        assert (body["documents"], body["events"]) == (store.count_documents(), store.count_events())
    assert body["status"] == "ok" and body["writable"] is True and body["events"] > 10


FILTERS = [{}, {"type": "ASSAULT"}, {"country": "LBY"}, {"actor": "TUR"}, {"q": "sirte"},
           {"since": "2020-06-01", "until": "2020-12-31"}, {"type": "ASSAULT,THREATEN", "q": "Sirte"}]


@pytest.mark.parametrize("filters", FILTERS)
def test_every_view_counts_the_same_filtered_events(client, filters):
    listed = client.get("/api/events", params=filters).json()
    items = _all_events(client, **filters)
    assert listed["total"] == len(items)
    timeline = client.get("/api/timeline", params=filters).json()
    assert sum(row["count"] for row in timeline["series"]) + timeline["undated"] == listed["total"]
    located = [row for row in items if row["lat"] is not None]
    area = client.get("/api/map", params=filters).json()
    assert area["total"] == sum(point["count"] for point in area["points"]) == len(located)
    assert area["total"] + area["unlocated"] == listed["total"]
    exact = client.get("/api/map", params={**filters, "cell": 0}).json()
    assert {(p["document_id"], p["event_id"]) for p in exact["points"]} == \
        {(row["document_id"], row["event_id"]) for row in located}
    network = client.get("/api/network", params=filters).json()
    assert sum(edge["count"] for edge in network["edges"]) == \
        sum(1 for row in items if row["source_code"] and row["target_code"])
    facets = client.get("/api/facets", params=filters).json()
    if "type" not in filters:
        assert sum(row["count"] for row in facets["types"]) == listed["total"]


def test_filters_narrow_the_events_to_what_they_name(client):
    everything = client.get("/api/events").json()["total"]
    for filters, keep in [
        ({"type": "ASSAULT"}, lambda row: row["type"] == "ASSAULT"),
        ({"country": "lby"}, lambda row: row["country"] == "LBY"),
        ({"since": "2021-01-01"}, lambda row: row["date_end"] >= "2021-01-01"),  # the date's range reaches it
        ({"q": "IDLIB"}, lambda row: "idlib" in " ".join(str(row[k]) for k in ("trigger", "place", "title", "source_name",
                                                                                  "target_name")).lower()),
    ]:
        items = _all_events(client, **filters)
        assert 0 < len(items) < everything, filters
        assert all(keep(row) for row in items), filters
    assert client.get("/api/events", params={"q": "no such words anywhere"}).json()["total"] == 0
    assert client.get("/api/events", params={"q": "%"}).json()["total"] == 0  # a LIKE wildcard is a plain character


def test_facets_list_every_choice_of_a_dimension_while_one_is_chosen(client):
    all_types = {row["value"] for row in client.get("/api/facets").json()["types"]}
    chosen = client.get("/api/facets", params={"type": "ASSAULT"}).json()
    assert {row["value"] for row in chosen["types"]} == all_types and len(all_types) > 1
    assert all(row["count"] > 0 and row["label"] for row in chosen["actors"])
    assert {"value": "LBY", "count": chosen["countries"][0]["count"], "label": "Libya"} in chosen["countries"] \
        or all(row["value"] != "LBY" for row in chosen["countries"])


def test_pages_are_stable_and_cover_the_list_once(client):
    everything = _all_events(client)
    pages = []
    for offset in range(0, len(everything), 4):
        page = client.get("/api/events", params={"limit": 4, "offset": offset}).json()
        assert (page["total"], page["limit"], page["offset"]) == (len(everything), 4, offset)
        pages.extend(page["items"])
    assert pages == everything
    starts = [row["date_start"] or "" for row in everything]
    assert starts == sorted(starts) and len([s for s in starts if s]) > 5  # listed by date
    assert client.get("/api/events", params={"limit": 4, "offset": 4}).json() == \
        client.get("/api/events", params={"limit": 4, "offset": 4}).json()
    assert client.get("/api/events", params={"offset": len(everything)}).json()["items"] == []
    _error(client.get("/api/events", params={"limit": 5000}), 422, "E368")
    _error(client.get("/api/events", params={"since": "June"}), 400, "E110")


def test_the_timeline_buckets_by_month_week_or_day(client):
    months = client.get("/api/timeline", params={"bucket": "month"}).json()
    weeks = client.get("/api/timeline", params={"bucket": "week"}).json()
    assert months["bucket"] == "month" and all(len(row["period"]) == 7 for row in months["series"])
    assert all(row["period"][4:6] == "-W" for row in weeks["series"])
    assert sum(r["count"] for r in months["series"]) == sum(r["count"] for r in weeks["series"])
    assert months["series"] == sorted(months["series"], key=lambda r: (r["period"], r["type"]))
    narrow = client.get("/api/timeline", params={"since": "2020-07-01", "until": "2020-07-31"}).json()
    periods = {row["period"] for row in narrow["series"]}
    assert narrow["bucket"] == "day" and "2020-07-08" in periods and all(p.startswith("2020-07-") for p in periods)
    _error(client.get("/api/timeline", params={"bucket": "hour"}), 422, "E368")


def test_documents_and_one_event_with_the_sentence_it_is_coded_from(client):
    listed = client.get("/api/documents", params={"q": "sirte"}).json()
    assert listed["total"] == 2
    assert [d["title"] for d in listed["items"]] == ["Drones strike Sirte", "Egypt warns Turkey over Sirte"]
    document = client.get(f"/api/documents/{listed['items'][0]['id']}").json()
    event = document["events"][0]
    detail = client.get(f"/api/events/{document['document']['id']}/{event['id']}").json()
    text = document["document"]["text"]
    assert detail["event"] == event
    assert detail["sentence_text"] == text[event["evidence"]["start"]:event["evidence"]["end"]]
    assert detail["document"]["title"] == "Drones strike Sirte"
    _error(client.get("/api/documents/nope"), 404, "E364")
    _error(client.get(f"/api/events/{document['document']['id']}/nope"), 404, "E365")


def test_an_extracted_and_stored_article_shows_its_events_with_offsets_into_its_text(db):
    text = ("Ukraine says Russia shelled Kharkiv\n\nRussian artillery shelled residential districts of Kharkiv on "
            "Thursday, Ukrainian officials said.")
    with TestClient(create_app(db), base_url=LOCAL) as client:
        answer = client.post("/api/extract", json={"text": text, "published": "2022-03-03", "store": True})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["stored"] is True and body["already_stored"] is False
        doc_id = body["document"]["document"]["id"]
        assert body["document"]["document"]["title"] == "Ukraine says Russia shelled Kharkiv"
        stored = client.get(f"/api/documents/{doc_id}").json()
        assert stored == body["document"]
        assert stored["events"]
        for event in stored["events"]:
            trigger, evidence = event["trigger"], event["evidence"]
            assert text[trigger["start"]:trigger["end"]] == trigger["text"]
            assert evidence["start"] <= trigger["start"] < trigger["end"] <= evidence["end"]
        found = client.get("/api/events", params={"q": "kharkiv", "since": "2022-01-01"}).json()
        assert {row["document_id"] for row in found["items"]} == {doc_id}
        again = client.post("/api/extract", json={"text": text, "store": True}).json()
        assert (again["stored"], again["already_stored"]) == (True, True)


def test_an_upload_is_read_in_memory_and_its_name_is_only_a_label(db, tmp_path, monkeypatch):
    from sqlalchemy import select

    from redline.store import open_store
    from redline.store.schema import documents

    monkeypatch.chdir(tmp_path)
    text = "Iranian forces seized a tanker in the Strait of Hormuz on Friday, state media reported."
    with TestClient(create_app(db), base_url=LOCAL) as client:
        answer = client.post("/api/extract", data={"published": "2021-05-07", "store": "true"},
                             files={"file": ("../../../tmp/evil/name.txt", text.encode(), "text/plain")})
        assert answer.status_code == 200, answer.text
        doc_id = answer.json()["document"]["document"]["id"]
        _error(client.post("/api/extract", files={"file": ("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)}), 400, "E102")
        _error(client.post("/api/extract", json={"text": "   "}), 400, "E101")
        _error(client.post("/api/extract", json={"text": "Some text.", "published": "yesterday"}), 400, "E110")
        _error(client.post("/api/extract", content=b"{not json", headers={"content-type": "application/json"}),
               400, "E368")
    with open_store(db) as store, store.engine.connect() as conn:
        origin = conn.execute(select(documents.c.origin).where(documents.c.id == doc_id)).scalar()
    assert origin == "upload:name.txt"
    assert list(tmp_path.iterdir()) == []


def test_a_body_over_the_limit_is_refused_with_413_whether_its_length_is_announced_or_not(db):
    with TestClient(create_app(db, max_body_mb=0.01, max_doc_mb=0.005), base_url=LOCAL) as client:
        big = "word " * 4000
        _error(client.post("/api/extract", json={"text": big}), 413, "E361")

        def chunks():
            for _ in range(20):
                yield b"x" * 1024

        _error(client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"}),
               413, "E361")
        _error(client.post("/api/extract", json={"text": "word " * 1500}), 413, "E104")


def test_writes_beyond_loopback_need_a_token(db):
    text = {"text": "Turkish drones struck Sirte on Sunday."}
    with TestClient(create_app(db, bind_host="0.0.0.0"), base_url="http://192.0.2.7:8765") as client:
        assert client.get("/api/health").json()["writable"] is False
        assert client.get("/api/events").status_code == 200
        _error(client.post("/api/extract", json=text), 403, "E362")
        _error(client.post("/api/commitments/link"), 403, "E362")
    with TestClient(create_app(db, bind_host="0.0.0.0", token="s3cret"), base_url="http://192.0.2.7:8765") as client:
        assert client.get("/api/health").json()["writable"] is True
        refused = client.post("/api/extract", json=text)
        _error(refused, 401, "E363")
        assert refused.headers["www-authenticate"] == "Bearer"
        _error(client.post("/api/extract", json=text, headers={"Authorization": "Bearer wrong"}), 401, "E363")
        answer = client.post("/api/extract", json=text, headers={"Authorization": "Bearer s3cret"})
        assert answer.status_code == 200 and answer.json()["stored"] is False


def test_a_loopback_server_refuses_other_sites_and_other_host_names(client):
    _error(client.post("/api/extract", json={"text": "x"}, headers={"Origin": "https://evil.example"}), 403, "E369")
    _error(client.get("/api/health", headers={"Host": "rebind.example:8765"}), 403, "E369")
    assert client.get("/api/health", headers={"Host": "localhost:8765"}).status_code == 200


def test_commitments_are_listed_with_the_later_events_that_crossed_them(client):
    before = client.get("/api/commitments", params={"actor": "EGY"}).json()
    assert before["total"] >= 1
    red_line = next(item for item in before["items"] if item["title"] == "Egypt warns Turkey over Sirte")
    assert red_line["kind"] == "red_line" and red_line["holder_code"] == "EGY"
    assert client.post("/api/commitments/link").json()["links"] >= 1
    crossed = client.get("/api/commitments", params={"status": "crossed"}).json()
    item = next(item for item in crossed["items"] if item["commitment_id"] == red_line["commitment_id"])
    assert item["status"] == "crossed"
    assert any(link["relation"] == "crossed" and link["type"] == "ASSAULT" and link["date"] >= "2020-06-20"
               for link in item["links"])
    assert all(i["status"] == "open" for i in client.get("/api/commitments", params={"status": "open"}).json()["items"])


def test_export_downloads_the_filtered_events(client):
    answer = client.get("/api/export", params={"format": "csv", "type": "ASSAULT"})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="redline-events.csv"'
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == client.get("/api/events", params={"type": "ASSAULT"}).json()["total"]
    assert {row["type"] for row in rows} == {"ASSAULT"}
    lines = client.get("/api/export", params={"format": "jsonl", "q": "idlib"}).text.splitlines()
    assert len(lines) == client.get("/api/events", params={"q": "idlib"}).json()["total"]
    assert json.loads(client.get("/api/export", params={"format": "geojson"}).text)["type"] == "FeatureCollection"
    _error(client.get("/api/export", params={"format": "table"}), 400, "E302")
    records = [json.loads(line) for line in
               client.get("/api/export", params={"format": "plover", "type": "ASSAULT"}).text.splitlines()]
    assert len(records) == len(rows) and all(r["event"] == ["ASSAULT"] and r["quad_code"] == 4 for r in records)
    parquet = pytest.importorskip("pyarrow.parquet")
    answer = client.get("/api/export", params={"format": "parquet", "type": "ASSAULT"})
    assert answer.headers["content-disposition"] == 'attachment; filename="redline-events.parquet"'
    assert parquet.read_table(io.BytesIO(answer.content)).num_rows == len(rows)


def test_the_api_is_described_and_its_docs_load_nothing_from_elsewhere(client):
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/health", "/api/events", "/api/events/{document_id}/{event_id}", "/api/documents",
                 "/api/documents/{document_id}", "/api/extract", "/api/timeline", "/api/map", "/api/network",
                 "/api/commitments", "/api/facets", "/api/export"):
        assert path in spec["paths"], path
    assert set(spec["paths"]["/api/extract"]["post"]["requestBody"]["content"]) == \
        {"application/json", "multipart/form-data"}
    extract_answers = spec["paths"]["/api/extract"]["post"]["responses"]
    assert {"200", "400", "401", "403", "413", "422", "500", "503"} <= set(extract_answers)
    assert extract_answers["503"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    page = client.get("/api/docs")
    assert page.status_code == 200 and "/api/timeline" in page.text
    assert "E373 too long" in page.text  # the statuses a route answers with, and when
    for served in (page, client.get("/")):
        if served.status_code == 200:
            assert "http://" not in served.text and "https://" not in served.text and "//cdn" not in served.text
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


def test_responses_forbid_other_origins_and_errors_never_show_a_traceback(db, monkeypatch):
    from redline.web import queries

    with TestClient(create_app(db), base_url=LOCAL, raise_server_exceptions=False) as client:
        for response in (client.get("/api/health"), client.get("/api/docs"), client.get("/nothing")):
            policy = response.headers["content-security-policy"]
            assert "default-src 'self'" in policy and "http" not in policy
            assert response.headers["x-content-type-options"] == "nosniff"
        _error(client.get("/nothing"), 404, "E366")
        _error(client.delete("/api/health"), 405, "E366")

        def broken(*_args, **_kwargs):
            raise RuntimeError("/secret/path/in/a/message")

        monkeypatch.setattr(queries, "facets", broken)
        failed = client.get("/api/facets")
        assert "/secret" not in _error(failed, 500, "E370")["message"]
        assert failed.headers["x-content-type-options"] == "nosniff"


def test_the_ui_and_its_third_party_code_are_served_from_the_app(client):
    from redline.datafiles import data_path

    leaflet = client.get("/vendor/leaflet/leaflet.js")
    assert leaflet.status_code == 200 and "javascript" in leaflet.headers["content-type"]
    assert client.get("/vendor/leaflet/leaflet.css").status_code == 200
    basemap = client.get("/assets/basemap.json")
    if data_path("web", "basemap.json").is_file():
        assert basemap.status_code == 200 and "max-age" in basemap.headers["cache-control"]
    else:
        _error(basemap, 404, "E367")
    _error(client.get("/static/../../../../etc/passwd"), 404, "E366")


def test_serve_refuses_a_missing_store_unless_asked_to_create_one(tmp_path):
    from typer.testing import CliRunner

    from redline.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 4
    assert "E352" in result.output and not (tmp_path / "missing.db").exists()
    assert "--create" in CliRunner().invoke(app, ["serve", "--help"]).output


def test_hostile_requests_are_4xx_with_a_catalogue_code(client):
    for path in ("/api/events", "/api/documents", "/api/commitments"):
        _error(client.get(path, params={"offset": 2 ** 63}), 422, "E368")
    assert client.get("/api/events", params={"offset": 2 ** 63 - 1}).json()["items"] == []
    deep = "[" * 100_000 + "]" * 100_000
    _error(client.post("/api/extract", content=deep, headers={"content-type": "application/json"}), 400, "E368")
    huge = '{"text": "Rebels attacked Gao.", "n": ' + "9" * 5000 + "}"
    _error(client.post("/api/extract", content=huge, headers={"content-type": "application/json"}), 400, "E368")
    _error(client.get("/api/events", params={"type": "ATTACK"}), 400, "E112")


def test_the_extractor_takes_the_country_hint_as_the_cli_does(client):
    text = "Police arrested 12 protesters on Sunday."
    hinted = client.post("/api/extract", json={"text": text, "published": "2020-06-08", "country": "Libya"}).json()
    assert hinted["document"]["document"]["country"] == "LBY"
    assert any(e["location"] and e["location"]["country"] == "LBY" for e in hinted["document"]["events"])
    _error(client.post("/api/extract", json={"text": text, "country": "Narnia"}), 400, "E111")
