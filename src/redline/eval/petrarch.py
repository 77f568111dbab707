"""Scoring redline on the PETRARCH/TABARI validation sentences (``redline eval petrarch``).

Both layouts are read: ``PETR_Validate_records_2_02.xml`` (``<Sentence id=...
date="YYYYMMDD" evaluate="true|false">``) and ``PETR.UnitTest.records.xml``
(``sentence="true|false"`` instead of ``evaluate``). Each sentence holds
``<EventCoding sourcecode targetcode eventcode/>`` children, or
``<EventCoding noevents="True"/>`` (also accepted on the ``<Sentence>``), and
its ``<Text>``, whose line wrapping is collapsed. The validation file is not
well-formed XML (comments nest), so it is read with a tolerant scanner
rather than an XML parser. The data may also be a folder: every ``*.xml`` in
it is read, in name order.

Gold events: CAMEO event codes are mapped to PLOVER types with the
CAMEO2PLOVER table (``--cameo-map``; by default
``../plover_gsr/CAMEO2PLOVER-2021.txt`` next to the data), trying the full
code then shorter prefixes; codes that map to nothing (01 statements, 02
appeals, the suite's invented 9xx codes) are dropped. Actor codes are
compared on their first three letters (the fictional countries ARN, GON...
of ``PETR.Validate.actors.txt``), which is why the validation dictionaries
must be imported: unless ``--kb`` is given, the dictionaries next to the data
(those named in its ``<Environment>``, else ``*actors*.txt`` /
``*agents*.txt``) are imported into a temporary knowledge base for the run.

Sentences that are not scored, and why (counted under ``skipped``):
``evaluate="false"`` / ``sentence="false"`` (marked not-implemented by the
suite's authors); ``<EventCoding error=...>`` (tests of PETRARCH's own input
checks, not events); sentences whose every gold event maps to no PLOVER type
(PLOVER has no category for them, so neither predicting nor omitting an event
can be judged); sentences with no coding at all.

Metrics: per sentence, predicted events become (type, source country, target
country) triples — one per source x target pair, "" when a side has no coded
actor — and are compared with the gold triples; ``event_precision`` /
``event_recall`` / ``event_f1`` are micro-averaged over sentences.
``type_*`` compare the per-sentence sets of types only (actors ignored).
``noevent_accuracy`` is the share of ``noevents`` sentences where redline
predicts no event at all.

As PETRARCH itself is run on these records (its default ``require_dyad``),
only dyadic predictions count: an event with no coded source or no coded
target is left out of the scores (``--no-require-dyad`` counts them too).
"""

from __future__ import annotations

import html
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Optional, Sequence

from redline.datafiles import read_text
from redline.errors import EXIT_NO_INPUT, EXIT_USAGE, Errors, RedlineError
from redline.eval.metrics import PRF, country_part, load_code_aliases, ratio

_MAP_LINE = re.compile(r"^\s*(\d{2,4})\s*:\s*([A-Za-z]+)\s*(?:,\s*([^,#]*))?")
_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence\s*>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*?)/?>", re.S)
_TEXT = re.compile(r"<Text>(.*?)</Text\s*>", re.S)
_ATTR = re.compile(r"([\w:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ENV_FILE = re.compile(r"<(Actorfile|Agentfile)>\s*([^<]+?)\s*</\1>")


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    published: Optional[str]
    codings: tuple[tuple[str, str, str], ...]  # (eventcode, sourcecode, targetcode) as written
    noevents: bool = False
    evaluate: bool = True
    error: Optional[str] = None


# --- CAMEO -> PLOVER -------------------------------------------------------------------------

def load_cameo_map(path: str | Path) -> dict[str, tuple[str, Optional[str]]]:
    """``{"0311": ("AGREE", None), "0841": ("RETREAT", "release"), ...}`` from the CAMEO2PLOVER table.

    The first line for a code wins: the table repeats the 2-digit header 08
    (CONCEDE, then RETREAT), whose 3-digit codes are listed explicitly anyway.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError as exc:
        raise RedlineError(Errors.E303, EXIT_USAGE, path=str(path), reason="no such file") from exc
    except OSError as exc:
        raise RedlineError(Errors.E303, EXIT_USAGE, path=str(path), reason=str(exc)) from exc
    table: dict[str, tuple[str, Optional[str]]] = {}
    for line in text.splitlines():
        m = _MAP_LINE.match(line)
        if m:
            mode = (m.group(3) or "").strip() or None
            table.setdefault(m.group(1), (m.group(2).upper(), mode))
    if not table:
        raise RedlineError(Errors.E303, EXIT_USAGE, path=str(path), reason="it has no 'CODE: TYPE' lines")
    return table


def map_cameo(code: str, table: Mapping[str, tuple[str, Optional[str]]]) -> Optional[str]:
    """The PLOVER type of a CAMEO event code (full code, then shorter prefixes), or None (dropped)."""
    code = (code or "").strip()
    if not code.isdigit():
        return None
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]][0]
    return None


def _folder(data: Path) -> Path:
    return data.resolve() if data.is_dir() else data.resolve().parent


def default_cameo_map(data: Path) -> Path:
    """``../plover_gsr/CAMEO2PLOVER-2021.txt`` seen from the folder of the records."""
    return _folder(data).parent / "plover_gsr" / "CAMEO2PLOVER-2021.txt"


# --- reading the records ------------------------------------------------------------------------

def strip_comments(text: str) -> str:
    """Remove ``<!-- -->`` comments, nested ones included (the validation file nests them)."""
    out, i, depth = [], 0, 0
    while True:
        if depth == 0:
            j = text.find("<!--", i)
            if j < 0:
                out.append(text[i:])
                return "".join(out)
            out.append(text[i:j])
            depth, i = 1, j + 4
        else:
            opening, closing = text.find("<!--", i), text.find("-->", i)
            if closing < 0:
                return "".join(out)  # unterminated comment: the rest is commented out
            if 0 <= opening < closing:
                depth, i = depth + 1, opening + 4
            else:
                depth, i = depth - 1, closing + 3


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(text)}


def _iso_date(value: Optional[str]) -> Optional[str]:
    value = (value or "").strip()
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return None


def _is_false(value: Optional[str]) -> bool:
    return (value or "").strip().lower() == "false"


def parse_records(text: str) -> list[GoldSentence]:
    sentences = []
    for m in _SENTENCE.finditer(strip_comments(text)):
        attrs, body = _attrs(m.group(1)), m.group(2)
        if "id" not in attrs:
            continue
        codings, noevents, error = [], attrs.get("noevents", "").lower() == "true", None
        for c in _CODING.finditer(body):
            ca = _attrs(c.group(1))
            if ca.get("noevents", "").strip().lower() == "true":
                noevents = True
            elif "error" in ca:
                error = ca["error"] or "error"
            elif "eventcode" in ca:
                codings.append((ca["eventcode"].strip(), ca.get("sourcecode", ""), ca.get("targetcode", "")))
        t = _TEXT.search(body)
        sentences.append(GoldSentence(
            id=attrs["id"].strip(),
            text=" ".join(html.unescape(t.group(1)).split()) if t else "",
            published=_iso_date(attrs.get("date")),
            codings=tuple(codings),
            noevents=noevents,
            evaluate=not (_is_false(attrs.get("evaluate")) or _is_false(attrs.get("sentence"))),
            error=error,
        ))
    return sentences


def _read_text(path: Path) -> str:
    return read_text(path, Errors.E301, EXIT_NO_INPUT, fallback="utf-8")


def _record_files(path: Path) -> list[Path]:
    return sorted(path.glob("*.xml")) if path.is_dir() else [path]


def load_records(path: str | Path) -> list[GoldSentence]:
    """The sentences of a records file, or of every ``*.xml`` of a folder in name order (E301 if none)."""
    path = Path(path)
    sentences = [s for file in _record_files(path) for s in parse_records(_read_text(file))]
    if not sentences:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path),
                           reason="it holds no <Sentence id=...> record")
    return sentences


# --- scoring -------------------------------------------------------------------------------

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class PredictedEvent:
    """A predicted event as the scorer needs it: type and raw actor codes."""

    type: str
    source: tuple[Optional[str], ...] = ()
    target: tuple[Optional[str], ...] = ()

    @classmethod
    def from_event(cls, event) -> "PredictedEvent":
        return cls(event.type, tuple(a.code for a in event.source), tuple(a.code for a in event.target))


def gold_triples(sentence: GoldSentence, table, aliases) -> tuple[set[Triple], int]:
    """(triples mapped to PLOVER, number of gold events dropped as unmapped)."""
    triples, dropped = set(), 0
    for eventcode, source, target in sentence.codings:
        plover = map_cameo(eventcode, table)
        if plover is None:
            dropped += 1
            continue
        triples.add((plover, country_part(source, aliases) or "", country_part(target, aliases) or ""))
    return triples, dropped


def predicted_triples(events: Iterable[PredictedEvent], aliases) -> set[Triple]:
    triples = set()
    for event in events:
        sources = {country_part(c, aliases) for c in event.source} - {None} or {""}
        targets = {country_part(c, aliases) for c in event.target} - {None} or {""}
        triples.update((event.type, s, t) for s in sources for t in targets)
    return triples


def classify(sentence: GoldSentence, table) -> str:
    """``score``, ``noevent`` or the reason the sentence is skipped."""
    if not sentence.evaluate:
        return "not_evaluated"
    if sentence.error:
        return "error"
    if sentence.noevents and not sentence.codings:
        return "noevent"
    if not sentence.codings:
        return "no_coding"
    if all(map_cameo(code, table) is None for code, _, _ in sentence.codings):
        return "unmapped"
    return "score"


def score_petrarch(
    sentences: Sequence[GoldSentence],
    predictions: Sequence[Optional[Sequence[PredictedEvent]]],
    table: Mapping[str, tuple[str, Optional[str]]],
    aliases: Optional[Mapping[str, str]] = None,
    require_dyad: bool = True,
) -> tuple[dict, list[dict]]:
    """Score predictions for the *scored* sentences (as returned by :func:`scored_sentences`).

    ``predictions[i]`` is the list of events predicted for ``sentences[i]``
    (``None`` when extraction failed: scored as no event).
    """
    if len(sentences) != len(predictions):
        raise ValueError(f"{len(sentences)} sentences but {len(predictions)} predictions")
    aliases = load_code_aliases() if aliases is None else aliases
    events, types = PRF(), PRF()
    n_noevent = noevent_ok = dropped_events = 0
    mismatches = []
    for sentence, predicted in zip(sentences, predictions):
        predicted = list(predicted or ())
        if require_dyad:
            predicted = [e for e in predicted if any(e.source) and any(e.target)]
        gold, dropped = gold_triples(sentence, table, aliases)
        dropped_events += dropped
        pred = predicted_triples(predicted, aliases)
        events.add(gold, pred)
        types.add({t for t, _, _ in gold}, {t for t, _, _ in pred})
        if not gold and sentence.noevents:
            n_noevent += 1
            noevent_ok += not predicted
        if gold != pred:
            mismatches.append({"id": sentence.id, "text": sentence.text, "gold": sorted(map(list, gold)),
                               "predicted": sorted(map(list, pred)), "codings": [list(c) for c in sentence.codings]})
    report = {
        "n": len(sentences),
        "n_noevent": n_noevent,
        "n_gold_triples": events.tp + events.fn,
        "n_predicted_triples": events.tp + events.fp,
        "dropped_gold_events": dropped_events,
        **events.as_dict("event"),
        **types.as_dict("type"),
        "noevent_accuracy": round(ratio(noevent_ok, n_noevent), 4),
        "counts": {"tp": events.tp, "fp": events.fp, "fn": events.fn},
    }
    return report, mismatches


def scored_sentences(sentences: Sequence[GoldSentence], table) -> tuple[list[GoldSentence], dict]:
    """The sentences to score and the skipped counts by reason."""
    kept, skipped = [], {"not_evaluated": 0, "error": 0, "unmapped": 0, "no_coding": 0}
    for sentence in sentences:
        kind = classify(sentence, table)
        if kind in ("score", "noevent"):
            kept.append(sentence)
        else:
            skipped[kind] += 1
    return kept, skipped


# --- running ------------------------------------------------------------------------------

def sibling_dictionaries(data: Path) -> list[Path]:
    """The actors/agents dictionaries next to the records: those its <Environment> names, else by name."""
    folder = _folder(data)
    named: list[Path] = []
    for file in _record_files(data):
        try:
            named.extend(folder / m.group(2) for m in _ENV_FILE.finditer(file.read_text(encoding="utf-8",
                                                                                         errors="replace")))
        except OSError:
            continue
    found = list(dict.fromkeys(p for p in named if p.is_file()))
    kinds = {"actor" if "actor" in p.name.lower() else "agent" for p in found}
    for kind in ("actor", "agent"):
        if kind not in kinds:
            candidates = sorted(folder.glob(f"*{kind}s*.txt"))
            found.extend(candidates[:1])
    return found


def evaluate_petrarch(
    data: str | Path,
    *,
    model: Optional[str] = None,
    kb: Iterable[str] = (),
    cameo_map: Optional[str | Path] = None,
    dictionaries: bool = True,
    errors_path: Optional[str | Path] = None,
    batch_size: int = 32,
    require_dyad: bool = True,
) -> dict:
    """Run redline on the validation sentences of ``data`` and score them: the report as a dict."""
    from redline.eval import run_documents, write_jsonl
    from redline.nlp.loader import DEFAULT_MODEL

    data = Path(data)
    model = model or DEFAULT_MODEL
    sentences = load_records(data)
    map_path = Path(cameo_map) if cameo_map else default_cameo_map(data)
    table = load_cameo_map(map_path)
    kept, skipped = scored_sentences(sentences, table)
    kb = tuple(str(p) for p in kb)
    used_dicts: list[Path] = sibling_dictionaries(data) if dictionaries and not kb else []

    with tempfile.TemporaryDirectory(prefix="redline-petrarch-") as tmp:
        dict_warnings = 0
        run_kb = kb
        if used_dicts:
            from redline.kb.petrarch import import_petrarch

            result = import_petrarch(used_dicts, out=Path(tmp) / "petrarch.json")
            dict_warnings = len(result.warnings)
            run_kb = (str(result.out),)
        documents, failed = run_documents([(s.text, s.published) for s in kept], model=model, kb=run_kb,
                                          batch_size=batch_size)
    predictions = [None if d is None else [PredictedEvent.from_event(e) for e in d.events] for d in documents]
    report, mismatches = score_petrarch(kept, predictions, table, require_dyad=require_dyad)
    if errors_path is not None:
        write_jsonl(errors_path, mismatches)
    return {
        "dataset": "petrarch",
        "data": str(data),
        "cameo_map": str(map_path),
        "model": model,
        "kb": list(kb),
        "dictionaries": [p.name for p in used_dicts],
        "dictionary_warnings": dict_warnings,
        "failed": failed,
        "skipped": skipped,
        "require_dyad": require_dyad,
        **report,
    }
