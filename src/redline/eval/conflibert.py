"""Scoring redline on the ConfliBERT CAMEO 5-class sentences (``redline eval conflibert``).

Each line is ``sentence<TAB>class``: 1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict, 0 none of these (public
statements, appeals and other neutral talk, which PLOVER does not code). The
predicted class is the quad of the most confident non-negated event redline
finds in the sentence, 0 when it finds none.

Metrics: ``accuracy``, per-class precision/recall/F1 and the confusion matrix
(``confusion[gold][predicted]``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from redline.errors import EXIT_NO_INPUT, Errors, RedlineError
from redline.eval.metrics import PRF, ratio

QUAD_CLASS = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3, "material_conflict": 4}
CLASSES = (0, 1, 2, 3, 4)


def load_sentences(path: str | Path, limit: Optional[int] = None) -> list[tuple[str, int]]:
    path = Path(path)
    found = []
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                text, sep, label = line.rpartition("\t")
                if not sep or label.strip() not in {str(c) for c in CLASSES}:
                    raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path),
                                       reason=f"line {n} is not 'sentence<TAB>class 0-4'")
                found.append((text.strip(), int(label)))
    except (OSError, UnicodeDecodeError) as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason=str(exc)) from exc
    return found[:limit] if limit is not None else found


def predicted_class(events) -> int:
    kept = [e for e in events if not e.negated]
    if not kept:
        return 0
    best = max(kept, key=lambda e: e.confidence)
    return QUAD_CLASS[best.quad]


def score_conflibert(gold: list[int], predicted: list[int]) -> dict:
    confusion = {g: {p: 0 for p in CLASSES} for g in CLASSES}
    for g, p in zip(gold, predicted):
        confusion[g][p] += 1
    per_class = {}
    for c in CLASSES:
        prf = PRF()
        for g, p in zip(gold, predicted):
            prf.add({c} & {g}, {c} & {p})
        per_class[str(c)] = {"n": gold.count(c), **{k.split("_", 1)[1]: v for k, v in prf.as_dict("x").items()}}
    return {
        "n": len(gold),
        "accuracy": round(ratio(sum(g == p for g, p in zip(gold, predicted)), len(gold)), 4),
        "per_class": per_class,
        "confusion": {str(g): {str(p): n for p, n in row.items()} for g, row in confusion.items()},
    }


def evaluate_conflibert(
    data: str | Path,
    *,
    model: Optional[str] = None,
    kb: Iterable[str] = (),
    limit: Optional[int] = None,
    errors_path: Optional[str | Path] = None,
    batch_size: int = 32,
) -> dict:
    from redline.eval import extract_and_score

    rows = load_sentences(data, limit=limit)

    def score(documents):
        predicted = [0 if d is None else predicted_class(d.events) for d in documents]
        mismatches = [{"text": t, "gold": g, "predicted": p,
                       "events": [] if d is None else [f"{e.type}:{e.trigger.text}:{e.confidence}" for e in d.events]}
                      for (t, g), p, d in zip(rows, predicted, documents) if g != p]
        return score_conflibert([c for _t, c in rows], predicted), mismatches

    return extract_and_score("conflibert", data, [(text, None) for text, _c in rows], score, model=model, kb=kb,
                             errors_path=errors_path, batch_size=batch_size)
