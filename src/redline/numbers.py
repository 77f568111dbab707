"""Quantities written in English: "12", "1,300", "twenty-five", "two hundred", "1.5 million",
"at least 8", "between 10 and 15", "dozens".

The words are data (``redline/data/numbers.json``). A vague quantity ("dozens", "several") is
reported as vague and never turned into a number.

>>> quantity("at least twenty - five".split())
Quantity(low=25, high=None, qualifier='at_least', vague=None)
>>> quantity("between 10 and 15".split())
Quantity(low=10, high=15, qualifier=None, vague=None)
>>> quantity(["dozens"])
Quantity(low=None, high=None, qualifier=None, vague='dozens')
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple, Optional, Sequence

from redline.datafiles import layered_json


class Quantity(NamedTuple):
    low: Optional[int]  # the number, or the low end of a range; None when vague
    high: Optional[int]  # the high end of a range
    qualifier: Optional[str]  # at_least, more_than, about, at_most, fewer_than
    vague: Optional[str]  # the vague words ("dozens"), when there is no number


@functools.lru_cache(maxsize=1)
def _words() -> dict:
    data = layered_json("numbers.json")
    return {
        "units": data["units"],
        "tens": data["tens"],
        "scales": data["scales"],
        "vague": sorted(data["vague"], key=lambda w: -len(w.split())),
        "qualifiers": sorted(data["qualifiers"].items(), key=lambda kv: -len(kv[0].split())),
        "range_links": frozenset(data["range_links"]),
    }


_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")


def hedge_words() -> frozenset:
    """Every word of the qualifiers ('at', 'least', 'more', 'than', ...)."""
    return frozenset(w for phrase, _kind in _words()["qualifiers"] for w in phrase.split())


def is_number_word(word: str) -> bool:
    word = word.lower()
    words = _words()
    return bool(_DIGITS.fullmatch(word)) or word in words["tens"] or word in words["scales"] or (
        word in words["units"] and word not in ("a", "an", "single", "lone"))


def cardinal(words: Sequence[str]) -> Optional[int]:
    """The whole number the words write, or None: ["1,300"], ["twenty", "-", "five"], ["2.5", "million"]."""
    words = [w.lower() for w in words if w not in ("-", "and")]
    if not words:
        return None
    table = _words()
    total, current, seen = 0.0, 0.0, False
    i = 0
    while i < len(words):
        word = words[i]
        pair = " ".join(words[i:i + 2])
        if _DIGITS.fullmatch(word):
            current += float(word.replace(",", ""))
        elif pair in table["units"]:
            current += table["units"][pair]
            i += 1
        elif word in table["units"]:
            current += table["units"][word]
        elif word in table["tens"]:
            current += table["tens"][word]
        elif word in table["scales"] and seen:
            scale = table["scales"][word]
            if scale == 100:
                current *= scale
            else:
                total += current * scale
                current = 0.0
        elif word in table["scales"]:
            current = float(table["scales"][word])  # "hundred people"
        else:
            return None
        seen = True
        i += 1
    value = total + current
    return int(value) if seen and value == int(value) else None


def quantity(words: Sequence[str]) -> Optional[Quantity]:
    """The quantity a phrase states: an optional qualifier, then a number, a range or vague words."""
    words = [w.lower() for w in words if w.strip()]
    table = _words()
    qualifier = None
    if words and words[0] == "between":
        words = words[1:]
    for phrase, kind in table["qualifiers"]:
        n = len(phrase.split())
        if " ".join(words[:n]) == phrase and len(words) > n and cardinal(words[n:n + 1]) is not None:
            qualifier, words = kind, words[n:]
            break
    for i, word in enumerate(words):
        if word in table["range_links"] and 0 < i < len(words) - 1:
            low, high = cardinal(words[:i]), cardinal(words[i + 1:])
            if low is not None and high is not None and low < high:
                return Quantity(low, high, qualifier, None)
    value = cardinal(words)
    if value is not None:
        return Quantity(value, None, qualifier, None)
    phrase = " ".join(words)
    for vague in table["vague"]:
        if phrase == vague or phrase.startswith(vague + " "):
            return Quantity(None, None, None, vague)
    return None


__all__ = ["Quantity", "cardinal", "hedge_words", "is_number_word", "quantity"]
