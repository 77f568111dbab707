"""Running extraction over inputs and writing the results (the body of ``redline extract``)."""

from __future__ import annotations

from typing import Iterable, Optional, TextIO

from redline.errors import EXIT_NO_INPUT, EXIT_OK, EXIT_PARTIAL, RedlineError
from redline.model import Document


def documents_json(documents: list[Document]) -> str:
    """One document as an object, several as an array; byte-stable for the same input."""
    if len(documents) == 1:
        return documents[0].model_dump_json(indent=2) + "\n"
    body = ",\n".join(d.model_dump_json(indent=2) for d in documents)
    return "[\n" + body + "\n]\n"


def write_table(documents: Iterable[Document], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, highlight=False, width=160)
    for doc in documents:
        title = doc.document.title or doc.document.id
        table = Table(title=f"{title} ({doc.document.published or 'undated'})", show_lines=False)
        for column in ("sent", "date", "type", "mode", "source", "target", "trigger", "counts", "conf"):
            table.add_column(column)
        for e in doc.events:
            flags = "".join(f for f, on in (("¬", e.negated), ("?", e.hypothetical), ("→", e.future)) if on)
            table.add_row(
                str(e.evidence.sentence),
                _date(e.date),
                e.type + (f" {flags}" if flags else ""),
                ",".join(e.modes),
                "; ".join(_actor(a) for a in e.source),
                "; ".join(_actor(a) for a in e.target),
                e.trigger.text,
                "; ".join(_count(c) for c in e.casualties),
                f"{e.confidence:.2f}",
            )
        console.print(table)


def _date(point) -> str:
    """ISO 8601 as far as the date is known; '(published)' when only the report dates it."""
    from redline.time.values import iso_label

    if point is None:
        return ""
    start = point.start or point.value[:10]
    label = iso_label(start, point.end or start, point.precision)
    return f"{label} (published)" if point.basis == "publication" else label


def _count(count) -> str:
    """'at least 8 killed', '10-15 killed', 'dozens injured', '0 killed', '210 killed (total)'."""
    hedges = {"at_least": "at least ", "more_than": "more than ", "about": "about ", "at_most": "up to ",
              "fewer_than": "fewer than "}
    if count.vague:
        amount = count.quantity or "some"
    elif count.high is not None:
        amount = f"{count.value}-{count.high}"
    else:
        amount = f"{hedges.get(count.qualifier or '', '')}{count.value}"
    return f"{amount} {count.kind}" + (" (total)" if count.total else "")


def _actor(ref) -> str:
    code = "".join(x for x in (ref.code, ref.sector) if x)
    return f"{ref.text} [{code}]" if code else ref.text


def run_extract(
    target: str,
    *,
    published=None,
    output_format: str = "json",
    model: str,
    kb: tuple[str, ...] = (),
    max_mb: float = 5.0,
    learn_sources: bool = False,
    country: Optional[str] = None,
    out: TextIO,
    console,
) -> int:
    """``country``: the country every input is about unless its record says another (ISO alpha-3)."""
    from rich.markup import escape

    from redline.api import check_country, check_date, get_pipeline, raw_info, with_reading_warnings
    from redline.geo.profiles import SourceProfiles
    from redline.ingest import IngestProblem, iter_inputs

    published = check_date(published)
    country = check_country(country)
    pipeline = get_pipeline(model, kb)
    problems = 0
    items = []
    for item in iter_inputs(target, published=published, max_mb=max_mb):
        if isinstance(item, IngestProblem):
            console.print(f"[bold red]error[/] {escape(item.message)}")
            if item.code.startswith("E") and item.code != "E109":
                problems += 1
            continue
        for warning in item.warnings:
            console.print(f"[yellow]warning[/] {escape(warning.message)}")
        try:
            info = raw_info(item, country)
        except RedlineError as exc:
            console.print(f"[bold red]error[/] {escape(item.origin)}: {escape(exc.message)}")
            problems += 1
            continue
        items.append((item, info))
    documents = []
    profiles = SourceProfiles() if learn_sources else None
    for (item, _info), doc in zip(items, pipeline.pipe(((i.text, info) for i, info in items),
                                                        source_profiles=profiles)):
        with_reading_warnings(doc, item)
        if output_format == "jsonl":
            out.write(doc.model_dump_json() + "\n")
        documents.append(doc)
    if output_format == "json" and documents:
        out.write(documents_json(documents))
    elif output_format == "table":
        write_table(documents, out)
    if not documents:
        return EXIT_NO_INPUT
    return EXIT_PARTIAL if problems else EXIT_OK
