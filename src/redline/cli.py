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


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(exc: RedlineError) -> None:
    _stderr().print(f"[bold red]error[/] {exc.message}", markup=True)
    raise typer.Exit(exc.exit_code)


@app.command()
def extract(
    article: str = typer.Argument(..., help="A file, a directory, a .jsonl file of records, or - for stdin."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (overrides metadata)."),
    format: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="Output format."),
    model: str = typer.Option(DEFAULT_MODEL, help="Any installed spaCy pipeline with a parser and NER."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra actor knowledge-base JSON file (repeatable)."),
    max_mb: float = typer.Option(5.0, "--max-mb", help="Largest document accepted, in MB."),
) -> None:
    """Print the events, actors and claims of one or more articles."""
    from redline.runner import run_extract

    try:
        code = run_extract(
            article,
            published=published,
            output_format=format.value,
            model=model,
            kb=tuple(str(p) for p in kb),
            max_mb=max_mb,
            out=sys.stdout,
            console=_stderr(),
        )
    except RedlineError as exc:
        _fail(exc)
    raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    import json

    from redline.model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n")


def main() -> None:
    try:
        app()
    except RedlineError as exc:  # raised outside a command body
        _stderr().print(f"error {exc.message}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)


__all__ = ["app", "main", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "EXIT_NO_INPUT", "EXIT_CONFIG"]
