"""The command line as a user runs it: formats, exit codes, bad input without tracebacks."""

from __future__ import annotations

import gzip
import os
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import BUNDLED_EXAMPLE
from redline.cli import app

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_extract_json_on_the_bundled_example():
    result = run("extract", str(BUNDLED_EXAMPLE))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"]["published"] == "2021-03-15"
    assert data["document"]["published_basis"] == "dateline"
    assert any(e["type"] == "ASSAULT" for e in data["events"])


def test_extract_table_and_jsonl_formats(tmp_path):
    table = run("extract", str(BUNDLED_EXAMPLE), "--format", "table")
    assert table.exit_code == 0 and "ASSAULT" in table.stdout
    records = tmp_path / "in.jsonl"
    records.write_text("\n".join(json.dumps({"text": t, "published": "2020-01-02"}) for t in (
        "Turkey attacked Syria.", "Egypt condemned Israel.")) + "\n")
    jsonl = run("extract", str(records), "--format", "jsonl")
    lines = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(lines) == 2 and all(d["document"]["published"] == "2020-01-02" for d in lines)


def test_malformed_jsonl_line_is_reported_and_others_processed(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "Turkey attacked Syria."}\n{not json\n{"text": "Egypt condemned Israel."}\n')
    result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 1
    assert "E105" in result.stderr and "2" in result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_jsonl_gz_is_read(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "Turkey attacked Syria."}) + "\n")
    result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1


@pytest.mark.parametrize("content, code", [
    (b"", "E101"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "E102"),
])
def test_unusable_input_exits_3_with_a_numbered_error(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("extract", str(path))
    assert result.exit_code == 3
    assert code in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_and_too_large_file(tmp_path):
    result = run("extract", str(tmp_path / "nope.txt"))
    assert result.exit_code == 3 and "E103" in result.stderr
    big = tmp_path / "big.txt"
    big.write_bytes(b"Turkey attacked Syria. " * (21 * 1024 * 1024 // 23))
    result = run("extract", str(big))
    assert result.exit_code == 3 and "E104" in result.stderr


def test_non_utf8_and_non_english_are_processed_with_warnings(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Turkey attacked Syria, the minister said \u201cclearly\u201d.".encode("cp1252"))
    result = run("extract", str(latin))
    assert result.exit_code == 0 and "W002" in result.stderr
    french = tmp_path / "fr.txt"
    french.write_text("Le gouvernement a annoncé mardi que les négociations avec les rebelles "
                      "reprendraient la semaine prochaine dans la capitale du pays.", encoding="utf-8")
    result = run("extract", str(french))
    assert result.exit_code == 0 and "W001" in result.stderr


def test_bad_published_option_is_a_usage_error():
    result = run("extract", str(BUNDLED_EXAMPLE), "--published", "June 8")
    assert result.exit_code == 2 and "E110" in result.stderr


def test_a_feeds_country_places_events_whose_text_names_none(tmp_path):
    records = tmp_path / "feed.jsonl"
    records.write_text("\n".join(json.dumps(r) for r in (
        {"text": "Government forces shelled a town held by rebels."},
        {"text": "Government forces shelled a town held by rebels.", "country": "syr"},
        {"text": "Government forces shelled a town held by rebels.", "country": "Narnia"})) + "\n")
    result = run("extract", str(records), "--format", "jsonl", "--country", "LBY")
    # the record with an unknown country is reported and left out; the others are coded
    assert result.exit_code == 1 and "E111" in result.stderr and "Narnia" in result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["document"]["country"] == "LBY" and second["document"]["country"] == "SYR"
    (attack,) = [e for e in first["events"] if e["type"] == "ASSAULT"]
    assert attack["source"][0]["code"] == "LBY" and attack["source"][0]["code_basis"] == "document"
    assert attack["location"]["country"] == "LBY" and attack["location"]["geo_precision"] == 3
    assert [e for e in second["events"] if e["type"] == "ASSAULT"][0]["source"][0]["code"] == "SYR"


def test_an_unknown_country_option_is_a_usage_error_and_a_name_is_taken_as_its_code():
    result = run("extract", str(BUNDLED_EXAMPLE), "--country", "Narnia")
    assert result.exit_code == 2 and "E111" in result.stderr and "country's name" in result.stderr
    result = run("extract", str(BUNDLED_EXAMPLE), "--country", "Libya")
    assert result.exit_code == 0 and json.loads(result.stdout)["document"]["country"] == "LBY"


def test_unknown_model_is_a_configuration_error():
    result = run("extract", str(BUNDLED_EXAMPLE), "--model", "no_such_pipeline_xyz")
    assert result.exit_code == 4 and "E201" in result.stderr


def test_stdin_input():
    result = run("extract", "-", "--published", "2020-06-08", input="Turkey attacked Syria.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["events"][0]["type"] == "ASSAULT"


def test_schema_command_prints_the_json_schema():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Document"
    assert "Event" in schema["$defs"] and "ActorRef" in schema["$defs"]


def test_console_script_runs_without_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = subprocess.run([sys.executable, "-m", "redline", "extract", str(empty)], capture_output=True, text=True)
    assert proc.returncode == 3
    assert "E101" in proc.stderr and "Traceback" not in proc.stderr


def test_output_is_byte_identical_across_processes_and_hash_seeds():
    outputs = set()
    for seed in ("1", "2"):
        proc = subprocess.run([sys.executable, "-m", "redline", "extract", str(BUNDLED_EXAMPLE)],
                              capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert proc.returncode == 0
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_hostile_options_are_catalogue_errors_not_tracebacks(tmp_path):
    # each bad value is refused with its code and exit 2 before any work (no store is left behind)
    db = str(tmp_path / "none.db")
    for args, code in [
        (("extract", str(BUNDLED_EXAMPLE), "--max-mb", "nan"), "E114"),
        (("extract", str(BUNDLED_EXAMPLE), "--max-mb", "1e999"), "E114"),
        (("ingest", str(BUNDLED_EXAMPLE), "--db", db, "--max-mb", "-1"), "E114"),
        (("events", "--db", db, "--type", "ATTACK"), "E112"),
        (("events", "--db", db, "--country", "Narnia"), "E111"),
        (("events", "--db", db, "--limit", "99999999999999999999999"), "E113"),
        (("events", "--db", db, "--since", "June"), "E110"),
    ]:
        result = run(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert code in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
    assert "since date 'June'" in run("events", "--db", db, "--since", "June").stderr  # not "publication date"
    assert not (tmp_path / "none.db").exists()


def test_a_knowledge_base_file_of_the_wrong_shape_says_what_is_wrong(tmp_path):
    for body, reason in [('{"actors": "nope"}', '"actors" must be a list of objects'),
                         ('{"actors": [{"aliases": ["x"]}]}', 'entry 1 of "actors" needs a "name" string'),
                         ('{"people": []}', "unknown section 'people'")]:
        path = tmp_path / "kb.json"
        path.write_text(body, encoding="utf-8")
        result = run("extract", str(BUNDLED_EXAMPLE), "--kb", str(path))
        assert result.exit_code == 4 and "E203" in result.stderr and reason in " ".join(result.stderr.split())


def test_the_output_file_extension_chooses_the_format_and_messages_keep_brackets(tmp_path, monkeypatch):
    db = str(tmp_path / "news.db")
    assert run("ingest", str(BUNDLED_EXAMPLE), "--db", db, "--published", "2020-06-08").exit_code == 0
    out = tmp_path / "events.csv"
    assert run("events", "--db", db, "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("document_id,event_id,date_start")  # CSV, not a drawn table
    result = run("events", "--db", db, "-o", str(tmp_path / "events.json"))
    assert result.exit_code == 2 and "E302" in result.stderr and not (tmp_path / "events.json").exists()
    missing = tmp_path / "missing[red].txt"
    result = run("extract", str(missing))
    assert "missing[red].txt" in result.stderr  # printed as words, not read as markup
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # the parquet extra is not installed
    result = run("events", "--db", db, "-o", str(tmp_path / "events.parquet"))
    assert "E357" in result.stderr and "redline[parquet]" in " ".join(result.stderr.split())


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("redline ")
