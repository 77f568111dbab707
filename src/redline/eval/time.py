"""Scoring time expressions on TimeML corpora (``redline eval time``).

Gold data: TimeML ``.tml`` files such as TBAQ-cleaned (TimeBank 1.2 and AQUAINT,
as released for TempEval-3), read from a folder and its subfolders. Each file
gives the document creation time as the ``TIMEX3`` with
``functionInDocument="CREATION_TIME"`` (inside ``<DCT>``) and the article inside
``<TEXT>``, with ``TIMEX3`` elements around the time expressions. The text
scored is the content of ``<TEXT>`` with every tag removed and XML entities
decoded; gold offsets are counted in that text. The creation-time expression is
not scored (it is the reference date, given to the tagger).

redline's tagger runs exactly as in the pipeline's time stage
(:func:`redline.time.tag_document` over the document spaCy parsed), with the
creation date as the publication date.

Metrics (TempEval-3, UzZaman et al. 2013)
-----------------------------------------
Predicted and gold expressions are paired one to one (identical spans first,
then the longest overlap, as :func:`redline.eval.geo.match_spans`).

* ``recognition_precision/recall/f1``: relaxed matching, a pair shares at
  least one character.
* ``strict_precision/recall/f1``: exact spans only.
* ``value_accuracy``: among the relaxed pairs, the share whose normalized value
  equals the gold ``value`` (strings compared exactly).
* ``value_precision/recall/f1``: a relaxed pair with the right value is a true
  positive, every other prediction a false positive and every other gold
  expression a false negative (TempEval-3's "value F1").
* ``type_accuracy``: among the relaxed pairs, the share with the gold type.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional, Sequence, Union

from redline.errors import EXIT_NO_INPUT, Errors, RedlineError
from redline.eval.metrics import PRF, ratio

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTRIBUTE = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')
_DCT = re.compile(r"<TIMEX3\b([^>]*functionInDocument=\"CREATION_TIME\"[^>]*)>", re.IGNORECASE)


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDocument:
    id: str
    path: str
    dct: date
    text: str
    timexes: list[GoldTimex] = field(default_factory=list)


def parse_timeml(raw: str, path: str = "") -> TimeMLDocument:
    """One TimeML file: its creation date, the plain text of ``<TEXT>`` and the gold expressions in it."""
    dct_tag = _DCT.search(raw)
    if not dct_tag:
        raise ValueError("no TIMEX3 with functionInDocument=\"CREATION_TIME\"")
    dct_value = dict(_ATTRIBUTE.findall(dct_tag.group(1))).get("value", "")
    try:
        dct = date.fromisoformat(dct_value[:10])
    except ValueError as exc:
        raise ValueError(f"the creation time {dct_value!r} is not a date") from exc
    begin, finish = raw.find("<TEXT>"), raw.rfind("</TEXT>")
    if begin < 0 or finish < begin:
        raise ValueError("no <TEXT> element")
    body = raw[begin + len("<TEXT>"):finish]
    pieces: list[str] = []
    length = 0
    open_timex: Optional[tuple[int, dict]] = None
    timexes = []
    position = 0
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[position:tag.start()])
        pieces.append(piece)
        length += len(piece)
        position = tag.end()
        closing, name, attributes = tag.group(1), tag.group(2), tag.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTRIBUTE.findall(attributes)))
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            if attrs.get("functionInDocument") != "CREATION_TIME":
                timexes.append(GoldTimex(start, length, "", attrs.get("type", ""), attrs.get("value", "")))
    pieces.append(html.unescape(body[position:]))
    text = "".join(pieces)
    for timex in timexes:
        timex.text = text[timex.start:timex.end]
    doc_id = re.search(r"<DOCID>(.*?)</DOCID>", raw)
    return TimeMLDocument(doc_id.group(1).strip() if doc_id else Path(path).stem, path, dct, text, timexes)


def load_timeml(data: Union[str, Path], limit: Optional[int] = None) -> tuple[list[TimeMLDocument], list[str]]:
    """The ``.tml`` files under ``data`` (a file or a folder, sorted by path): (documents, skipped files)."""
    root = Path(data)
    if not root.exists():
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(root), reason="no such file or folder")
    paths = [root] if root.is_file() else sorted(root.rglob("*.tml"))
    if not paths:
        raise RedlineError(Errors.E310, EXIT_NO_INPUT, path=str(root))
    documents, skipped = [], []
    for path in paths:
        if limit is not None and len(documents) >= limit:
            break
        try:
            raw = path.read_text(encoding="utf-8")
            documents.append(parse_timeml(raw, str(path)))
        except (OSError, UnicodeDecodeError, ValueError, ET.ParseError) as exc:
            skipped.append(Errors.E311.format(path=str(path), reason=str(exc)))
    return documents, skipped


def score_time(documents: Sequence[TimeMLDocument], predictions: Sequence[Sequence]) -> tuple[dict, list[dict]]:
    """Compare predicted expressions (objects with ``start``, ``end``, ``value``, ``type``) with the gold
    ones: (report, error rows)."""
    from redline.eval.geo import match_spans

    gold_n = predicted_n = relaxed = strict = value_ok = type_ok = 0
    rows: list[dict] = []
    for document, predicted in zip(documents, predictions):
        gold = document.timexes
        gold_n += len(gold)
        predicted_n += len(predicted)
        gold_spans = [(g.start, g.end) for g in gold]
        predicted_spans = [(p.start, p.end) for p in predicted]
        strict += len(match_spans(gold_spans, predicted_spans, overlap=False))
        pairs = match_spans(gold_spans, predicted_spans, overlap=True)
        relaxed += len(pairs)
        for gi, pi in pairs.items():
            g, p = gold[gi], predicted[pi]
            value_ok += g.value == p.value
            type_ok += g.type == p.type
            if g.value != p.value:
                rows.append(_row("value", document, g, p))
        for gi, g in enumerate(gold):
            if gi not in pairs:
                rows.append(_row("missed", document, g, None))
        used = set(pairs.values())
        for pi, p in enumerate(predicted):
            if pi not in used:
                rows.append(_row("spurious", document, None, p))
    def counts(true_positives: int) -> PRF:
        return PRF(tp=true_positives, fp=predicted_n - true_positives, fn=gold_n - true_positives)

    report = {
        "documents": len(documents),
        "n": gold_n,
        "predicted": predicted_n,
        "matched": relaxed,
        **counts(relaxed).as_dict("recognition"),
        **counts(strict).as_dict("strict"),
        "value_accuracy": round(ratio(value_ok, relaxed), 4),
        **counts(value_ok).as_dict("value"),
        "type_accuracy": round(ratio(type_ok, relaxed), 4),
    }
    return report, rows


def _context(text: str, start: int, end: int, width: int = 80) -> str:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def _row(kind: str, document: TimeMLDocument, gold: Optional[GoldTimex], predicted) -> dict:
    anchor = gold or predicted
    return {
        "error": kind,
        "document": document.id,
        "dct": document.dct.isoformat(),
        "gold": None if gold is None else {"text": gold.text, "type": gold.type, "value": gold.value},
        "predicted": None if predicted is None else {
            "text": predicted.text, "type": predicted.type, "value": predicted.value, "rule": predicted.rule,
        },
        "context": _context(document.text, anchor.start, anchor.end),
    }


def tag_documents(documents: Sequence[TimeMLDocument], model: Optional[str] = None) -> list[list]:
    """redline's time expressions in each document, as the pipeline's time stage finds them."""
    from redline.nlp.loader import DEFAULT_MODEL, load_pipeline
    from redline.nlp.stage import parse
    from redline.time import tag_document

    nlp = load_pipeline(model or DEFAULT_MODEL)
    return [tag_document(parse(nlp, d.text), d.dct) for d in documents]


def evaluate_time(
    data: Union[str, Path],
    limit: Optional[int] = None,
    errors_path: Union[None, str, Path] = None,
    model: Optional[str] = None,
) -> dict:
    """Tag the TimeML documents under ``data`` with redline and score them: the report as a dict."""
    documents, skipped = load_timeml(data, limit=limit)
    predictions = tag_documents(documents, model=model)
    report, rows = score_time(documents, predictions)
    if errors_path is not None:
        from redline.eval import write_jsonl

        write_jsonl(errors_path, rows)
    result = {"data": str(data), "tagger": "redline", **report}
    if skipped:
        result["skipped"] = skipped
    return result


__all__ = ["GoldTimex", "TimeMLDocument", "evaluate_time", "load_timeml", "parse_timeml", "score_time",
           "tag_documents"]
