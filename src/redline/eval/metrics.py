"""Shared scoring helpers: micro precision/recall/F1 and actor-code normalisation.

Both evaluations compare *sets* per record (country codes, event triples) and
sum the counts over the corpus (micro averaging), so one helper class keeps
the arithmetic in one place and the two reports consistent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

# Codes that stand for "no actor" in CAMEO/PETRARCH data: they never match anything.
NULL_CODES = {"", "---", "+++", "###"}


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, 0.0 when there is nothing to divide (no prediction, no gold)."""
    return numerator / denominator if denominator else 0.0


def f1(precision: float, recall: float) -> float:
    return ratio(2 * precision * recall, precision + recall)


@dataclass
class PRF:
    """Running true-positive / false-positive / false-negative counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Iterable, predicted: Iterable) -> None:
        """Add one record's comparison of two sets (duplicates are ignored)."""
        gold, predicted = set(gold), set(predicted)
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def as_dict(self, prefix: str) -> dict:
        return {
            f"{prefix}_precision": round(self.precision, 4),
            f"{prefix}_recall": round(self.recall, 4),
            f"{prefix}_f1": round(self.f1, 4),
        }


def match_one_to_one(candidates) -> dict[int, int]:
    """Greedy one-to-one matching ``{gold index: predicted index}`` from candidate pairs
    ``(rank..., gold index, predicted index)``: the best-ranked pair first, each side used once."""
    matched: dict[int, int] = {}
    used: set[int] = set()
    for *_rank, gi, pi in sorted(candidates):
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched


def load_code_aliases() -> dict[str, str]:
    """Legacy CAMEO country codes -> current ones (``JAP`` -> ``JPN``), from the bundled data file.

    The file belongs to the actors data and may not exist yet; without it codes
    are compared as written, which only costs the legacy-code records.
    """
    try:
        from redline.actors.kb import data_path

        path = data_path("actors", "cameo_country_aliases.json")
        with path.open("r", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError, ImportError):
        return {}
    aliases = data.get("aliases", {}) if isinstance(data, dict) else {}
    if not isinstance(aliases, dict):
        return {}
    return {str(k).upper(): str(v).upper() for k, v in aliases.items() if isinstance(v, str)}


def country_part(code: Optional[str], aliases: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The country / IGO part of an actor code: its first three characters, upper-cased and de-aliased.

    ``None`` for a missing or null code (``---``) or an uncoded text actor
    (PETRARCH writes those in quotes), so they never count as a match.
    """
    if not code:
        return None
    aliases = aliases or {}
    code = str(code).strip().upper()
    if code.startswith(('"', "'")) or code in NULL_CODES:
        return None
    # De-alias the full code first (some aliases are longer than 3 letters), then its country part.
    code = aliases.get(code, code)
    part = code[:3]
    if part in NULL_CODES or not part.isalnum():
        return None
    return aliases.get(part, part)
