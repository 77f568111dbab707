"""Cross-article deduplication: reports of one event become one story with its corroboration."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from redline.store import open_store
from redline.store.dedup import deduplicate, find_stories
from redline.store.ingest import ingest_paths

# Articles written for this test: three outlets report one drone strike near Sirte; the same
# outlet reports a strike near Benghazi (about 450 km away) and one six weeks later; another
# event (Kharkiv) has other actors.
REPORTS = [
    {"text": "Turkish drones struck positions of the Libyan National Army near Sirte on Sunday, killing four "
             "fighters, officials said.", "published": "2020-06-08", "source": "Wire A"},
    {"text": "Turkey's drones attacked Libyan National Army positions outside Sirte on Sunday, a military "
             "spokesman said. The strike killed four fighters.", "published": "2020-06-08", "source": "Paper B"},
    {"text": "SIRTE - Turkish drones hit Libyan National Army positions on the outskirts of Sirte late on Sunday, "
             "residents said.", "published": "2020-06-09", "url": "https://www.agency-c.example/libya/1"},
    {"text": "Turkish drones struck positions of the Libyan National Army near Benghazi on Sunday, officials said.",
     "published": "2020-06-08", "source": "Wire A"},
    {"text": "Turkish drones struck positions of the Libyan National Army near Sirte on Friday, officials said.",
     "published": "2020-07-18", "source": "Wire A"},
    {"text": "Russian forces shelled Kharkiv on Sunday, Ukrainian officials said.", "published": "2020-06-08",
     "source": "Paper B"},
]


def _row(doc, event, day, place, lat, lon, *, type_="ASSAULT", source="TUR", target="LBY", doc_source=None,
         end=None, fatalities=None):
    return {"document_id": doc, "event_id": event, "type": type_, "quad": "material_conflict",
            "source_code": source, "target_code": target, "date_start": day, "date_end": end or day,
            "place_name": place, "lat": lat, "lon": lon, "country": "LBY", "trigger_text": "struck", "sentence": 0,
            "evidence_start": 0, "evidence_end": 10, "doc_source": doc_source, "url": None, "title": None,
            "published": day, "fatalities": fatalities}


def test_reports_close_in_place_and_time_merge_transitively_and_count_sources():
    rows = [
        _row("d1", "e1", "2020-06-07", "Sirte", 31.21, 16.59, doc_source="Wire A"),
        _row("d2", "e1", "2020-06-08", "Sirte", 31.21, 16.59, doc_source="wire a"),  # the same outlet
        _row("d3", "e1", "2020-06-10", "Sirte", 31.25, 16.60),  # 3 days after d1, 2 after d2: linked by d2
        _row("d4", "e1", "2020-06-07", "Benghazi", 32.12, 20.07, doc_source="Paper B"),
        _row("d5", "e1", "2020-06-07", "Sirte", 31.21, 16.59, source="EGY"),
        _row("d6", "e1", "2020-06-07", "Sirte", 31.21, 16.59, type_="COERCE"),
    ]
    stories = find_stories(rows, km=50, days=2)
    assert sorted(len(s.sources) for s in stories) == [1, 1, 1, 3]
    sirte = next(s for s in stories if len(s.sources) == 3)
    assert sirte.documents == ["d1", "d2", "d3"]
    assert sirte.corroboration == 2  # "Wire A" twice, and d3 stands for itself
    assert (sirte.date_start, sirte.date_end, sirte.place_name) == ("2020-06-07", "2020-06-10", "Sirte")
    # the order of the rows does not change the stories
    assert [s.id for s in find_stories(list(reversed(rows)), km=50, days=2)] == [s.id for s in stories]
    # thresholds are options
    assert len(find_stories(rows, km=50, days=0)) == 6
    assert max(len(s.sources) for s in find_stories(rows, km=500, days=2)) == 4


def test_a_story_takes_the_lowest_death_toll_its_reports_give_and_keeps_the_others():
    rows = [
        _row("d1", "e1", "2020-06-07", "Sirte", 31.21, 16.59, doc_source="Wire A", fatalities=9),
        _row("d2", "e1", "2020-06-07", "Sirte", 31.21, 16.59, doc_source="Paper B", fatalities=6),
        _row("d3", "e1", "2020-06-08", "Sirte", 31.21, 16.59, doc_source="Paper C"),  # gives no figure
    ]
    (story,) = find_stories(rows, km=50, days=2)
    assert story.fatalities == 6 and story.fatalities_reported == [6, 9]
    assert [s["fatalities"] for s in story.sources] == [9, 6, None]
    (alone,) = find_stories(rows[2:], km=50, days=2)
    assert alone.fatalities is None and alone.fatalities_reported == []


def test_stored_reports_of_one_strike_become_one_story(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in REPORTS) + "\n", encoding="utf-8")
    db = str(tmp_path / "news.db")
    assert ingest_paths([feed], db=db).stored == len(REPORTS)
    with open_store(db) as store:
        stories = deduplicate(store)
        sirte = [s for s in stories if s.corroboration > 1]
        assert len(sirte) == 1
        story = sirte[0]
        assert (story.type, story.source_code, story.target_code, story.place_name) == ("ASSAULT", "TUR", "LBY",
                                                                                        "Sirte")
        assert story.corroboration == 3 and len(story.documents) == 3
        assert {s["source"] for s in story.sources} == {"Wire A", "Paper B", None}
        assert all(s["trigger"] and s["evidence_end"] > s["evidence_start"] for s in story.sources)
        assert story.fatalities == 4 and 4 in story.fatalities_reported  # "killing four fighters"
        # a wider radius takes in Benghazi (same outlet as a Sirte report: no new source), a wider
        # window the strike six weeks later
        wide = max(deduplicate(store, km=600, days=60), key=lambda s: len(s.documents))
        assert len(wide.documents) == 5 and wide.corroboration == 3
        # recomputing replaces the stored stories
        again = deduplicate(store)
        assert [s.id for s in again] == [s.id for s in stories]
        from redline.store.schema import stories as stories_table, story_events

        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(stories_table)).scalar_one() == len(stories)
            assert conn.execute(select(func.count()).select_from(story_events)).scalar_one() == \
                sum(len(s.sources) for s in stories)


def test_a_version_1_store_is_migrated_to_hold_stories(store_url):
    from sqlalchemy import create_engine, inspect

    from redline.store import normalize_url
    from redline.store.schema import MIGRATIONS, current_version, latest_version, migrate

    engine = create_engine(normalize_url(store_url))
    assert migrate(engine, {1: MIGRATIONS[1]}) == 1
    with engine.connect() as conn:
        assert not inspect(conn).has_table("stories")
    engine.dispose()
    with open_store(store_url) as store, store.engine.connect() as conn:
        assert current_version(conn) == latest_version() >= 2
        assert inspect(conn).has_table("stories") and inspect(conn).has_table("story_events")


def test_migration_3_fills_event_modes_from_the_stored_documents(store_url, extract):
    from sqlalchemy import create_engine, insert

    from redline.store import normalize_url
    from redline.store.rows import document_rows
    from redline.store.schema import DOCUMENT_TABLES, MIGRATIONS, event_casualties, event_modes, migrate

    doc = extract("Protesters rioted in Tunis on Friday. Police arrested dozens of them.", published="2021-01-15")
    rows = document_rows(doc)
    assert rows["event_modes"], "the text should give events with modes"
    engine = create_engine(normalize_url(store_url))
    assert migrate(engine, {1: MIGRATIONS[1], 2: MIGRATIONS[2]}) == 2
    with engine.begin() as conn:  # a document stored by a version-2 redline: no modes table yet
        for table in DOCUMENT_TABLES:
            if table not in (event_modes, event_casualties) and rows[table.name]:  # tables of later versions
                conn.execute(insert(table), rows[table.name])
    engine.dispose()
    with open_store(store_url) as store, store.engine.connect() as conn:
        found = conn.execute(select(event_modes.c.document_id, event_modes.c.event_id, event_modes.c.mode)
                             .order_by(event_modes.c.event_id, event_modes.c.mode)).all()
    expected = sorted((r["document_id"], r["event_id"], r["mode"]) for r in rows["event_modes"])
    assert [tuple(r) for r in found] == sorted(expected, key=lambda r: (r[1], r[2]))


# Written for this test: a threat about Sirte, an attack there before it, one after it, and the
# holder doing what it threatened.
COMMITMENT_REPORTS = [
    {"text": "Turkish drones struck positions of the Libyan National Army near Sirte on Monday, officials said.",
     "published": "2020-06-01"},
    {"text": "Egypt threatened to deploy troops if the militias advanced on Sirte.", "published": "2020-06-08"},
    {"text": "Turkish drones struck positions of the Libyan National Army near Sirte on Friday, officials said.",
     "published": "2020-06-20"},
    {"text": "Egypt deployed troops near Sirte on Thursday, the army said.", "published": "2020-06-26"},
]


def test_a_threat_is_crossed_and_fulfilled_by_events_of_later_articles(store_url, tmp_path):
    from redline.store.commitments import link_commitments
    from redline.store.schema import commitment_links

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in COMMITMENT_REPORTS) + "\n", encoding="utf-8")
    assert ingest_paths([feed], db=store_url).stored == 4
    with open_store(store_url) as store:
        links = link_commitments(store)
        with store.engine.connect() as conn:
            from redline.store.schema import documents, events

            published = dict(conn.execute(select(documents.c.id, documents.c.published)).all())
            types = {(r.document_id, r.event_id): (r.type, r.source_code)
                     for r in conn.execute(select(events.c.document_id, events.c.event_id, events.c.type,
                                                  events.c.source_code))}
        found = sorted((published[link["event_document_id"]], link["relation"],
                        types[(link["event_document_id"], link["event_id"])]) for link in links)
        assert found == [("2020-06-20", "crossed", ("ASSAULT", "TUR")),
                         ("2020-06-26", "fulfilled", ("MOBILIZE", "EGY"))]
        assert all(published[link["document_id"]] == "2020-06-08" for link in links)
        assert len(link_commitments(store)) == 2  # recomputed, not added twice
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(commitment_links)).scalar_one() == 2


def test_cli_commitments_table(tmp_path):
    from typer.testing import CliRunner

    from redline.cli import app

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in COMMITMENT_REPORTS) + "\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    ingest_paths([feed], db=db)
    result = CliRunner().invoke(app, ["commitments", "--db", db])
    assert result.exit_code == 0, result.output
    assert "2 links" in result.output and "crossed" in result.output and "ASSAULT TUR" in result.output


def test_a_report_that_leaves_an_actor_unnamed_joins_the_one_story_it_fits():
    rows = [
        _row("d1", "e1", "2020-06-07", "Sirte", 31.21, 16.59, doc_source="Wire A"),
        _row("d2", "e1", "2020-06-07", "Sirte", 31.22, 16.60, source=None, doc_source="Paper B"),  # "drones struck"
        _row("d3", "e1", "2020-06-08", "Sirte", 31.20, 16.58, target=None, doc_source="Paper C"),
    ]
    stories = find_stories(rows, km=50, days=2)
    assert len(stories) == 1 and stories[0].corroboration == 3
    assert (stories[0].source_code, stories[0].target_code) == ("TUR", "LBY")
    # with a Russian strike on the same town and day, the vague report could be either: it stays alone
    russian = _row("d4", "e1", "2020-06-07", "Sirte", 31.21, 16.59, source="RUS", doc_source="Wire D")
    stories = find_stories(rows + [russian], km=50, days=2)
    vague = next(s for s in stories if "d2" in s.documents)
    assert vague.documents == ["d2"]
    assert next(s for s in stories if "d1" in s.documents).documents == ["d1", "d3"]
    # and a vague report never joins a story of another place or time
    far = _row("d5", "e1", "2020-06-20", "Sirte", 31.21, 16.59, source=None)
    assert next(s for s in find_stories(rows[:1] + [far], km=50, days=2) if "d5" in s.documents).documents == ["d5"]


def test_reports_dated_only_by_a_month_or_a_year_are_not_merged():
    rows = [
        _row("d1", "e1", "2008-01-01", "Sirte", 31.21, 16.59, end="2008-12-31", doc_source="Wire A"),
        _row("d2", "e1", "2008-01-01", "Sirte", 31.21, 16.59, end="2008-12-31", doc_source="Paper B"),
        _row("d3", "e1", "2008-06-01", "Sirte", 31.21, 16.59, end="2008-06-30", doc_source="Paper C"),
        _row("d4", "e1", "2008-06-02", "Sirte", 31.21, 16.59, end="2008-06-08", doc_source="Wire D"),  # a week
        _row("d5", "e1", "2008-06-05", "Sirte", 31.21, 16.59, doc_source="Wire E"),
    ]
    stories = find_stories(rows, km=50, days=2)
    assert sorted(s.documents for s in stories) == [["d1"], ["d2"], ["d3"], ["d4", "d5"]]
