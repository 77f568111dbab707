"""The time tagger's data: the word lists of ``data/time/lexicon.json`` and the patterns of
``data/time/rules.tsv``, compiled once into one regular expression per rule."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from redline.datafiles import data_path, read_json, read_text
from redline.errors import Errors, RedlineError, EXIT_CONFIG

# Placeholders built from several lists or from digits rather than from one list.
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
YEAR = r"(?:1[6-9]|20)\d\d(?!\d)"
# Numbers that can be (part of) a time expression without a gate word: years, decades, 10:35, 8/6/2020.
GATE_NUMBER = re.compile(r"(?:(?:1[6-9]|20)\d\d|'?\d0'?s\b|\d+[:/.-]\d)")
# How far from a gate word a time expression may reach, in characters.
MARGIN = 50
# The lists whose words can carry a time expression on their own (numbers, "last", "the" cannot).
GATE_LISTS = ("month", "weekday", "unit", "part_of_day", "season", "day_word", "reference", "set_word", "holiday",
              "decade_word", "time_zone", "gate_words")


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    pattern: re.Pattern


@dataclass(frozen=True)
class TimeData:
    lexicon: dict
    rules: tuple[Rule, ...]
    gate_words: frozenset  # words one of which every time expression holds (or a GATE_NUMBER)

    def regions(self, text: str, doc=None, margin: int = MARGIN) -> list[tuple[int, int]]:
        """The stretches of ``text`` worth trying the patterns on: around each gate word or number,
        merged. Trying the patterns only there keeps the tagger cheap (news is mostly not dates)."""
        if doc is not None:
            hits = ((t.idx, t.idx + len(t)) for t in doc
                    if t.lower_ in self.gate_words or (t.text[0].isdigit() or t.text[0] == "'") and GATE_NUMBER.match(t.text))
        else:
            hits = ((m.start(), m.end()) for m in re.finditer(r"[\w'.:/-]+", text)
                    if m.group().lower() in self.gate_words or GATE_NUMBER.match(m.group()))
        regions: list[list[int]] = []
        for hit_start, hit_end in hits:
            start, end = max(0, hit_start - margin), min(len(text), hit_end + margin)
            if regions and start <= regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], end)
            else:
                regions.append([start, end])
        return [(start, end) for start, end in regions]

    def meaning(self, list_name: str, word: str):
        """What ``word`` means in a lexicon list, spaces and case not counting; None if absent."""
        return self.lexicon[list_name].get(" ".join(word.lower().split()))


def _alternation(words) -> str:
    # Longest first, so that "this past" is tried before "this"; a word ends at a word boundary.
    ordered = sorted(words, key=lambda w: (-len(w), w))
    parts = [re.escape(w).replace(r"\ ", " ") for w in ordered]
    return "(?:" + "|".join(parts) + r")(?![\w])"


def _number_pattern(lexicon: dict) -> str:
    tens = _alternation(lexicon["number_tens"])[3:-len(r")(?![\w])")]
    units = _alternation(lexicon["number_units"])[3:-len(r")(?![\w])")]
    compound = rf"(?:{tens})[- ](?:{units})(?!\w)"
    digits = r"\d+(?:[.,]\d+)?(?:\s+(?:1/2|½))?(?![\d/])"
    return rf"(?:{compound}|{digits}|{_alternation(lexicon['number'])})"


def _placeholders(lexicon: dict) -> dict[str, str]:
    values = {name: _alternation(words) for name, words in lexicon.items()
              if not name.startswith("_") and isinstance(words, (dict, list))}
    values.update(num=_number_pattern(lexicon), day=DAY, year=YEAR)
    return values


def compile_rule(name: str, kind: str, pattern: str, placeholders: dict[str, str]) -> Rule:
    def expand(match: re.Match) -> str:
        key = match.group(1)
        if key not in placeholders:
            raise KeyError(key)
        return placeholders[key]

    source = re.sub(r"\{([a-z_]+)\}", expand, pattern)
    source = source.replace(" ", r"\s+")
    # Matched against the lower-cased text (much faster than IGNORECASE); the words are lower case.
    return Rule(name, kind, re.compile(r"(?<![\w])" + source + r"(?![\w])"))


@functools.lru_cache(maxsize=1)
def load_time_data() -> TimeData:
    lexicon_path = data_path("time", "lexicon.json")
    lexicon = read_json(lexicon_path)
    placeholders = _placeholders(lexicon)
    rules_path = data_path("time", "rules.tsv")
    rules = []
    for number, line in enumerate(read_text(rules_path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise RedlineError(Errors.E205, EXIT_CONFIG, path=str(rules_path),
                               reason=f"line {number} has {len(fields)} columns, not name, kind and pattern")
        try:
            rules.append(compile_rule(*fields, placeholders))
        except (KeyError, re.error) as exc:
            raise RedlineError(Errors.E205, EXIT_CONFIG, path=str(rules_path),
                               reason=f"line {number} ({fields[0]}): bad pattern ({exc})") from exc
    words = frozenset(part for name in GATE_LISTS for entry in lexicon.get(name, ()) for part in entry.split())
    return TimeData(lexicon=lexicon, rules=tuple(rules), gate_words=words)
