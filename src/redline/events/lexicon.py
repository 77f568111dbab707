"""The PLOVER ontology and the event lexicon, loaded from ``redline/data/plover/``.

``lexicon.tsv`` maps verb and noun patterns to PLOVER types and modes;
``light_verbs.tsv`` lists verbs whose object noun is the event ("launch an
attack", "come under attack"); ``modality.json`` lists the words that make an
event negated, future or hypothetical; ``ontology.json`` gives every type its
quad class, score, modes and the prepositions that introduce its target.
Users extend any of them with files of the same format (``extra_lexicons``).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from redline.datafiles import data_path, read_json, read_text
from redline.errors import EXIT_CONFIG, Errors, RedlineError

BLOCKER = "NONE"  # a lexicon row that marks a reading as no political event
LEGACY_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}


@dataclass(frozen=True)
class LexEntry:
    pos: str  # verb or noun
    words: tuple[str, ...]  # verb: (lemma, particle...); noun: lemma sequence ending in the head
    objects: frozenset  # verb entries only: lemmas one of which must be the direct object
    type: str
    mode: Optional[str]
    context: Optional[str]
    frame: Optional[str]  # ctrl: takes an event complement; light: noun needs an argument
    row: Optional[str] = None  # where the row is: "lexicon.tsv:412 verb strike -> ASSAULT", for provenance

    @property
    def specificity(self) -> int:
        return len(self.words) + (2 if self.objects else 0)


@dataclass
class EventType:
    name: str
    quad: str
    score: float
    modes: dict
    target_preps: tuple[str, ...]


@dataclass
class Lexicon:
    verbs: dict[str, list[LexEntry]] = field(default_factory=dict)
    nouns: dict[str, list[LexEntry]] = field(default_factory=dict)
    light_verbs: dict[str, str] = field(default_factory=dict)  # "subject to" -> patient
    types: dict[str, EventType] = field(default_factory=dict)
    modality: dict[str, frozenset] = field(default_factory=dict)
    ctrl_rules: dict = field(default_factory=dict)

    def score(self, type_: str, mode: Optional[str]) -> float:
        t = self.types[type_]
        if mode and mode in t.modes and isinstance(t.modes[mode], dict) and "score" in t.modes[mode]:
            return float(t.modes[mode]["score"])
        return float(t.score)

    def words(self, name: str) -> frozenset:
        return self.modality.get(name, frozenset())


def _read_tsv(path) -> list[dict]:
    """The rows of a TSV file, each with its line number in the file under ``"_line"``."""
    numbered = [(n, line) for n, line in enumerate(read_text(path).splitlines(), start=1)
                if line.strip() and not line.lstrip().startswith("#")]
    rows = list(csv.DictReader([line for _n, line in numbered], delimiter="\t", quoting=csv.QUOTE_NONE))
    for (n, _line), row in zip(numbered[1:], rows):
        row["_line"] = n
    return rows


def _add_entries(lexicon: Lexicon, rows: list[dict], path) -> None:
    name = Path(str(path)).name
    for n, row in enumerate(rows, start=2):
        pos = (row.get("pos") or "").strip()
        pattern = (row.get("pattern") or "").strip().lower()
        type_ = LEGACY_TYPES.get((row.get("type") or "").strip().upper(), (row.get("type") or "").strip().upper())
        if pos not in ("verb", "noun") or not pattern or (type_ not in lexicon.types and type_ != BLOCKER):
            raise RedlineError(Errors.E205, EXIT_CONFIG, path=str(path),
                               reason=f"line {row.get('_line', n)}: needs pos verb|noun, a pattern and a PLOVER type, "
                                      f"got {dict((k, v) for k, v in row.items() if k != '_line')!r}")
        objects = frozenset(o.strip().lower() for o in (row.get("object") or "").split("|") if o.strip())
        entry = LexEntry(
            pos=pos,
            words=tuple(pattern.split()),
            objects=objects,
            type=type_,
            mode=(row.get("mode") or "").strip() or None,
            context=(row.get("context") or "").strip() or None,
            frame=(row.get("frame") or "").strip() or None,
            row=f"{name}:{row.get('_line', n)} {pos} {pattern}"
                + (f" [{'|'.join(sorted(objects))}]" if objects else "") + f" -> {type_}",
        )
        table = lexicon.verbs if pos == "verb" else lexicon.nouns
        key = entry.words[0] if pos == "verb" else entry.words[-1]
        bucket = table.setdefault(key, [])
        bucket[:] = [e for e in bucket if (e.words, e.objects) != (entry.words, entry.objects)]
        bucket.append(entry)
        bucket.sort(key=lambda e: -e.specificity)


@functools.lru_cache(maxsize=4)
def load_lexicon(extra_lexicons: tuple[str, ...] = ()) -> Lexicon:
    lexicon = Lexicon()
    ontology = read_json(data_path("plover", "ontology.json"))
    for name, spec in ontology["types"].items():
        lexicon.types[name] = EventType(
            name=name,
            quad=spec["quad"],
            score=float(spec["score"]),
            modes=spec.get("modes", {}),
            target_preps=tuple(spec.get("target_preps", ())),
        )
    _add_entries(lexicon, _read_tsv(data_path("plover", "lexicon.tsv")), data_path("plover", "lexicon.tsv"))
    for path in extra_lexicons:
        _add_entries(lexicon, _read_tsv(Path(path)), path)
    for row in _read_tsv(data_path("plover", "light_verbs.tsv")):
        lexicon.light_verbs[row["lemma"].strip().lower()] = row["role"].strip()
    lexicon.ctrl_rules = read_json(data_path("plover", "ctrl_rules.json"))
    modality = read_json(data_path("plover", "modality.json"))
    lexicon.modality = {k: frozenset(w.lower() for w in v) for k, v in modality.items() if isinstance(v, list)}
    return lexicon
