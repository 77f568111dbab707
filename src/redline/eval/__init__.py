"""Evaluation against third-party gold standards (``redline eval ...``).

* :mod:`redline.eval.plover` scores the PLOVER gold-standard records (one
  sentence, one gold event each): event type, source and target countries.
* :mod:`redline.eval.petrarch` scores the PETRARCH/TABARI validation
  sentences (CAMEO codes mapped to PLOVER): event triples and no-event cases.
* :mod:`redline.eval.metrics` holds the shared micro P/R/F1 arithmetic.

Scoring is kept apart from extraction (``score_*`` take plain predictions) so
the arithmetic can be tested without depending on extraction quality. The gold
data are never copied into the repository: they are read from the path given.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional, Sequence


def run_documents(
    items: Sequence[tuple],
    *,
    model: str,
    kb: tuple[str, ...] = (),
    batch_size: int = 32,
) -> tuple[list, int]:
    """Extract ``(text, published)`` or ``(text, published, country)`` items with the batch pipeline:
    (documents, number that failed). ``country``: the country hint of :func:`redline.api.extract`.

    Each text is read by the front door every other entry uses (:func:`redline.api.read_text`: line
    ends, HTML, the dateline when no date is given, the language), so a figure measures what a user of
    ``redline extract`` gets. A publication date the data set gives in a form redline does not read is
    left out, as a user's would be refused. The batch pipe is tried first (fast); if a stage crashes on
    some text the items are redone one by one so a single bad record costs one record, not the whole
    evaluation. An item that cannot be read or extracted yields ``None`` (scored as "no event").
    Configuration errors (model or knowledge base unusable) are raised.
    """
    from redline.api import check_date, document_of, get_pipeline, raw_info, read_text, with_reading_warnings
    from redline.errors import RedlineError

    pipeline = get_pipeline(model, tuple(kb))
    read: list = []
    for text, published, *hint in items:
        try:
            published = check_date(published)
        except RedlineError:
            published = None
        try:
            read.append((read_text(text, published=published), hint[0] if hint else None))
        except RedlineError:
            read.append(None)
    ready = [item for item in read if item is not None]
    try:
        coded = iter(pipeline.pipe([(raw.text, raw_info(raw, country)) for raw, country in ready],
                                   batch_size=batch_size))
        documents = [None if item is None else with_reading_warnings(next(coded), item[0]) for item in read]
        return documents, sum(item is None for item in read)
    except RedlineError:
        raise
    except Exception:  # noqa: BLE001 - a stage bug must not hide the figures of the other records
        pass
    documents, failed = [], 0
    for item in read:
        try:
            documents.append(None if item is None else document_of(item[0], pipeline, country=item[1]))
        except RedlineError:
            raise
        except Exception:  # noqa: BLE001
            documents.append(None)
        failed += documents[-1] is None
    return documents, failed


def write_jsonl(path: str | Path, rows: Iterable[dict]) -> None:
    """Write the mismatches for error analysis (``--errors FILE``), one sorted-key JSON object a line."""
    from redline.errors import EXIT_NO_INPUT, Errors, RedlineError

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    except OSError as exc:
        raise RedlineError(Errors.E305, EXIT_NO_INPUT, path=str(path), reason=str(exc)) from exc


def extract_and_score(
    dataset: str,
    data,
    items: Sequence[tuple],
    score,
    *,
    model: Optional[str],
    kb: Iterable[str],
    errors_path=None,
    batch_size: int = 32,
) -> dict:
    """What every ``evaluate_*`` does around its own scoring: extract ``(text, published)`` items,
    ``score(documents) -> (report, mismatches)`` (a failed extraction is ``None``), write the mismatches
    to ``errors_path`` if given, and head the report with the data set, model and failures."""
    from redline.nlp.loader import DEFAULT_MODEL

    model = model or DEFAULT_MODEL
    kb = tuple(str(p) for p in kb)
    documents, failed = run_documents(items, model=model, kb=kb, batch_size=batch_size)
    report, mismatches = score(documents)
    if errors_path is not None:
        write_jsonl(errors_path, mismatches)
    return {"dataset": dataset, "data": str(data), "model": model, "kb": list(kb), "failed": failed, **report}
