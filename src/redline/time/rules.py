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


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    pattern: re.Pattern


@dataclass(frozen=True)
class TimeData:
    lexicon: dict
    rules: tuple[Rule, ...]

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
    return Rule(name, kind, re.compile(r"(?<![\w])" + source + r"(?![\w])", re.IGNORECASE))


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
    return TimeData(lexicon=lexicon, rules=tuple(rules))
