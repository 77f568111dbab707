"""Scoring redline on the PLOVER gold-standard records (``redline eval plover``).

The gold file (``PLOVER_GSR_dev.json``) is a JSON array: a header record
(event ``DOCUMENT``, skipped) followed by one record per sentence with the
gold ``event`` type, ``mode``, ``source``/``target`` actors (lists of
``{"actorText", "code"}``, or ``""`` / missing when there is none), the
``date`` (used as the publication date) and ``eventText`` plus
``textInfo.markup`` where the trigger words are marked ``(EVT: ...)``.
Old PLOVER 0.5 labels are renamed: DEMAND→REQUEST, DISAPPROVE→ACCUSE,
FIGHT→ASSAULT, INVESTIGATE→ACCUSE (mode ``investigate``). The data may also
be a folder: every ``*.json`` file in it is read, in name order.

Which predicted event is compared with the gold one
---------------------------------------------------
A record has exactly one gold event but redline may find several events (or
none) in the sentence. The prediction compared with the gold event is:

1. among the predicted events whose trigger overlaps the gold trigger — the
   character spans of the ``(EVT: ...)`` markup, or any content word of
   ``eventText`` — the one with the highest confidence;
2. otherwise the predicted event with the highest confidence in the sentence;
3. otherwise none, which counts as a wrong type and as empty actor sets.

Ties go to the earliest trigger. Choosing by trigger first keeps a correct
event from being masked by a more confident side event ("..., a senior
official *said*"); falling back to confidence keeps a prediction whose
trigger is simply a different word of the same phrase.

Metrics
-------
* ``type_accuracy``: share of records whose chosen prediction has the gold type.
* ``type_precision`` / ``type_recall`` / ``type_f1``: the same decision seen as
  retrieval, where "no event" is an abstention: a wrong type is a false
  positive *and* a false negative, no prediction only a false negative. So
  precision is accuracy over the records where redline predicted something
  and recall equals accuracy.
* ``source_*`` / ``target_*``: micro P/R/F1 over the per-record sets of
  country parts of the actor codes (first three letters, upper case, legacy
  CAMEO codes mapped through ``data/actors/cameo_country_aliases.json`` on both
  sides), gold set against the chosen event's set. A record with no gold and
  no predicted target adds nothing.
* ``event_*``: a record is a hit when type, source set and target set all
  equal the gold ones; precision over records with a prediction, recall over
  all records.
* ``per_type``: for each gold type, records, correct, accuracy, and how often
  the type was predicted.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Optional, Sequence

from redline.errors import EXIT_NO_INPUT, Errors, RedlineError
from redline.eval.metrics import PRF, country_part, f1, load_code_aliases, ratio

LEGACY_TYPES: dict[str, tuple[str, Optional[str]]] = {
    "DEMAND": ("REQUEST", None),
    "DISAPPROVE": ("ACCUSE", None),
    "FIGHT": ("ASSAULT", None),
    "INVESTIGATE": ("ACCUSE", "investigate"),
}
_EVT = re.compile(r"\(EVT:\s*([^()]*?)\s*\)")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
# Words of a trigger phrase too common to identify it ("offered *to* hand *over*").
_FUNCTION_WORDS = frozenset(
    "a an and as at be been by for from has have in into is it its of on or over "
    "out that the their them they to up was were will with".split()
)


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    type: str
    mode: Optional[str] = None
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    published: Optional[str] = None
    trigger_spans: tuple[tuple[int, int], ...] = ()
    trigger_words: frozenset = frozenset()
    label: Optional[str] = None  # the type as written in the file, before renaming


@dataclass(frozen=True)
class Predicted:
    """The parts of a predicted event the scorer looks at (raw actor codes, not yet normalised)."""

    type: str
    source: tuple[Optional[str], ...] = ()
    target: tuple[Optional[str], ...] = ()
    start: int = 0
    end: int = 0
    trigger: str = ""
    confidence: float = 0.0
    modes: tuple[str, ...] = ()

    @classmethod
    def from_event(cls, event) -> "Predicted":
        """From a :class:`redline.model.Event`."""
        return cls(
            type=event.type,
            source=tuple(a.code for a in event.source),
            target=tuple(a.code for a in event.target),
            start=event.trigger.start,
            end=event.trigger.end,
            trigger=event.trigger.text,
            confidence=event.confidence,
            modes=tuple(event.modes),
        )


# --- reading the gold file ---------------------------------------------------------------

def _codes(value) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    codes = []
    for actor in value:
        code = actor.get("code") if isinstance(actor, dict) else actor if isinstance(actor, str) else None
        if isinstance(code, str) and code.strip():
            codes.append(code.strip())
    return tuple(codes)


def _trigger_spans(text: str, phrases: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Character spans of the marked trigger phrases, found in order in the plain sentence."""
    spans, cursor, lowered = [], 0, text.lower()
    for phrase in phrases:
        phrase = phrase.strip().lower()
        if not phrase:
            continue
        at = lowered.find(phrase, cursor)
        if at < 0:
            at = lowered.find(phrase)
        if at >= 0:
            spans.append((at, at + len(phrase)))
            cursor = at + len(phrase)
    return tuple(spans)


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "")} - _FUNCTION_WORDS


def parse_record(raw: dict, index: int) -> Optional[GoldRecord]:
    """One gold record, or ``None`` for the header and records without text or event."""
    label = raw.get("event")
    text = raw.get("text")
    if not isinstance(label, str) or label.upper() == "DOCUMENT" or not isinstance(text, str) or not text.strip():
        return None
    label = label.strip().upper()
    event_type, mode = LEGACY_TYPES.get(label, (label, None))
    mode = raw.get("mode") or mode or None
    markup = (raw.get("textInfo") or {}).get("markup", "") if isinstance(raw.get("textInfo"), dict) else ""
    phrases = _EVT.findall(markup or "")
    event_text = raw.get("eventText") if isinstance(raw.get("eventText"), str) else ""
    published = raw.get("date") if isinstance(raw.get("date"), str) else None
    return GoldRecord(
        id=str(raw.get("id") or f"record-{index}"),
        text=text,
        type=event_type,
        mode=mode,
        source=_codes(raw.get("source")),
        target=_codes(raw.get("target")),
        published=published,
        trigger_spans=_trigger_spans(text, phrases),
        trigger_words=frozenset(_content_words(event_text) | _content_words(" ".join(phrases))),
        label=label,
    )


def _read_array(path: Path) -> list:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason="no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason=str(exc)) from exc
    except ValueError as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason=f"not valid JSON ({exc})") from exc
    if not isinstance(data, list):
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path),
                           reason="expected a JSON array of PLOVER records")
    return data


def load_gold(path: str | Path, limit: Optional[int] = None) -> list[GoldRecord]:
    """Read the gold records (header skipped) of a file, or of every ``*.json`` of a folder, in name order.

    Unreadable data raise E301.
    """
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason="the folder holds no .json file")
    records: list[GoldRecord] = []
    for file in files:
        for i, raw in enumerate(_read_array(file)):
            record = parse_record(raw, i) if isinstance(raw, dict) else None
            if record is not None:
                records.append(record)
    if not records:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path),
                           reason="it holds no record with a \"text\" and an \"event\"")
    return records[:limit] if limit is not None and limit >= 0 else records


# --- scoring -----------------------------------------------------------------------------

def _overlaps(gold: GoldRecord, event: Predicted) -> bool:
    if any(event.start < end and start < event.end for start, end in gold.trigger_spans):
        return True
    return bool(_content_words(event.trigger) & gold.trigger_words)


def choose_event(gold: GoldRecord, events: Sequence[Predicted]) -> Optional[Predicted]:
    """The predicted event compared with the gold one (see the module docstring)."""
    if not events:
        return None
    matching = [e for e in events if _overlaps(gold, e)]
    pool = matching or list(events)
    return min(pool, key=lambda e: (-e.confidence, e.start, e.type))


def _country_set(codes: Iterable[Optional[str]], aliases: Mapping[str, str]) -> frozenset:
    return frozenset(p for c in codes if (p := country_part(c, aliases)))


@dataclass
class PloverScore:
    """Accumulates the comparison of gold records with chosen predictions."""

    aliases: Mapping[str, str] = field(default_factory=dict)
    n: int = 0
    correct: int = 0
    predicted: int = 0
    events_hit: int = 0
    source: PRF = field(default_factory=PRF)
    target: PRF = field(default_factory=PRF)
    per_type: dict = field(default_factory=dict)
    predicted_types: Counter = field(default_factory=Counter)
    mismatches: list = field(default_factory=list)

    def add(self, gold: GoldRecord, events: Optional[Sequence[Predicted]]) -> None:
        chosen = choose_event(gold, events or ())
        gold_src, gold_tgt = _country_set(gold.source, self.aliases), _country_set(gold.target, self.aliases)
        pred_src = _country_set(chosen.source, self.aliases) if chosen else frozenset()
        pred_tgt = _country_set(chosen.target, self.aliases) if chosen else frozenset()
        type_ok = chosen is not None and chosen.type == gold.type

        self.n += 1
        self.correct += type_ok
        self.predicted += chosen is not None
        self.source.add(gold_src, pred_src)
        self.target.add(gold_tgt, pred_tgt)
        self.events_hit += type_ok and gold_src == pred_src and gold_tgt == pred_tgt
        row = self.per_type.setdefault(gold.type, {"n": 0, "correct": 0})
        row["n"] += 1
        row["correct"] += type_ok
        if chosen is not None:
            self.predicted_types[chosen.type] += 1

        if not (type_ok and gold_src == pred_src and gold_tgt == pred_tgt):
            self.mismatches.append(_mismatch(gold, chosen, events or (), gold_src, gold_tgt, pred_src, pred_tgt))

    def report(self) -> dict:
        type_precision = ratio(self.correct, self.predicted)
        type_recall = ratio(self.correct, self.n)
        event_precision = ratio(self.events_hit, self.predicted)
        event_recall = ratio(self.events_hit, self.n)
        per_type = {}
        for name in sorted(set(self.per_type) | set(self.predicted_types)):
            row = self.per_type.get(name, {"n": 0, "correct": 0})
            per_type[name] = {
                "n": row["n"],
                "correct": row["correct"],
                "accuracy": round(ratio(row["correct"], row["n"]), 4),
                "predicted": self.predicted_types.get(name, 0),
            }
        return {
            "n": self.n,
            "no_prediction": self.n - self.predicted,
            "type_accuracy": round(ratio(self.correct, self.n), 4),
            "type_precision": round(type_precision, 4),
            "type_recall": round(type_recall, 4),
            "type_f1": round(f1(type_precision, type_recall), 4),
            **self.source.as_dict("source"),
            **self.target.as_dict("target"),
            "event_precision": round(event_precision, 4),
            "event_recall": round(event_recall, 4),
            "event_f1": round(f1(event_precision, event_recall), 4),
            "per_type": per_type,
        }


def _event_view(event: Predicted) -> dict:
    return {
        "type": event.type,
        "modes": list(event.modes),
        "source": list(event.source),
        "target": list(event.target),
        "trigger": event.trigger,
        "confidence": event.confidence,
    }


def _mismatch(gold, chosen, events, gold_src, gold_tgt, pred_src, pred_tgt) -> dict:
    return {
        "id": gold.id,
        "text": gold.text,
        "gold": {
            "type": gold.type,
            "label": gold.label,
            "mode": gold.mode,
            "source": list(gold.source),
            "target": list(gold.target),
            "countries": {"source": sorted(gold_src), "target": sorted(gold_tgt)},
            "trigger": [gold.text[s:e] for s, e in gold.trigger_spans],
        },
        "predicted": None if chosen is None else {
            **_event_view(chosen),
            "countries": {"source": sorted(pred_src), "target": sorted(pred_tgt)},
        },
        "all_predicted": [_event_view(e) for e in events],
    }


def score_plover(
    gold: Sequence[GoldRecord],
    predictions: Sequence[Optional[Sequence[Predicted]]],
    aliases: Optional[Mapping[str, str]] = None,
) -> tuple[dict, list[dict]]:
    """Score predictions (one list of events per gold record; ``None`` = extraction failed).

    Returns the report and the mismatching records (for ``--errors``).
    """
    if len(gold) != len(predictions):
        raise ValueError(f"{len(gold)} gold records but {len(predictions)} predictions")
    score = PloverScore(aliases=load_code_aliases() if aliases is None else aliases)
    for record, events in zip(gold, predictions):
        score.add(record, events)
    return score.report(), score.mismatches


def evaluate_plover(
    data: str | Path,
    *,
    model: Optional[str] = None,
    kb: Iterable[str] = (),
    limit: Optional[int] = None,
    errors_path: Optional[str | Path] = None,
    batch_size: int = 32,
) -> dict:
    """Run redline on every gold record of ``data`` and score it: the report as a dict."""
    from redline.eval import extract_and_score

    gold = load_gold(data, limit=limit)

    def score(documents):
        return score_plover(gold, [None if d is None else [Predicted.from_event(e) for e in d.events]
                                   for d in documents])

    return extract_and_score("plover", data, [(g.text, g.published) for g in gold], score, model=model, kb=kb,
                             errors_path=errors_path, batch_size=batch_size)
