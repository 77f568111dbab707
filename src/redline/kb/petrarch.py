"""Import PETRARCH / TABARI actor and agent dictionaries as a redline knowledge base.

Twenty years of CAMEO coding live in these dictionaries (the Phoenix files,
the PETRARCH validation suite), so users can bring them along instead of
re-typing them. The output is a user knowledge-base JSON file (see
:mod:`redline.actors.kb`)::

    {"format": "redline-kb/1", "source": [file names],
     "actors": [{"id", "name", "aliases", "code", "sector", "kind", "cameo"}],
     "agents": [{"term", "sector", "role", "person", "title", "cameo"}]}

Actors files: ``NAME_WITH_UNDERSCORES [CODE]``, synonyms on the following
lines starting with ``+``, codes possibly on their own (indented) lines and
date-restricted (``[CODE >20010101]``, ``[CODE <950601]``,
``[CODE 19950601-19990815]``); ``#`` comments and ``<!-- -->`` blocks.
Agents files: ``TERM {PLURAL} [~SEC]`` (or ``[SEC~]``) and macro definitions
``!PERSON! = MAN, MEN`` used as ``CONGRESS!PERSON!``.

What cannot be carried over, and why:

* redline's knowledge base has no dates, so of several date-restricted codes
  the undated default is kept, else the one valid latest (the country part,
  which is what is scored, rarely changes);
* PETRARCH matches a name without a trailing ``_`` as a word *stem*
  (``ARGENTIN``); redline matches whole words, so stems only match themselves;
* regular plurals are left to redline's matcher; explicit ``{PLURALS}`` are
  imported as terms of their own;
* null codes (``[---]``) mean "known, never coded": such actors are dropped.

A line that cannot be read is reported as warning E204 with its line number
and skipped; the rest of the file is still imported. Output is sorted, so the
same input always gives the same file.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from redline.datafiles import read_text
from redline.errors import EXIT_CONFIG, EXIT_NO_INPUT, Errors, RedlineError

KB_FORMAT = "redline-kb/1"
SECTORS = frozenset(
    "GOV MIL REB OPP PTY COP JUD SPY LEG MED EDU BUS CRM CVL REF LAB HRI HLH ELI REL ENV AGR DEV SET UAF "
    "INS SEP IGO NGO IMG".split()
)
NULL_CODES = frozenset({"---", "+++", "###"})

_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_CODE = re.compile(r"^([A-Za-z0-9\-+#]+(?:/[A-Za-z0-9\-+#]+)*)\s*(.*)$")
_VALID_CODE = re.compile(r"^[A-Z][A-Z0-9]{2,}$")
_DATE = re.compile(r"^(?:([<>])\s*(\d{6}|\d{8})|(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8}))$")
_MACRO_DEF = re.compile(r"^!(\w+)!\s*=\s*(.+)$")
_MACRO_USE = re.compile(r"!(\w+)!")
_AGENT = re.compile(r"^(?P<term>[^\[\]{}]+?)\s*(?:\{(?P<plural>[^{}]*)\})?\s*\[(?P<code>[^\[\]]*)\]$")

# --- name casing -----------------------------------------------------------------------------
_SMALL_WORDS = frozenset("of the and for on in at to".split())
_PARTICLES = frozenset("al el la le de da di du van von bin ibn abu bu ben san sao st dos das del der den".split())


def _cap(part: str) -> str:
    if "'" in part:
        head, _, tail = part.partition("'")
        if len(head) == 1:
            return head.upper() + "'" + tail.capitalize()
    return part.capitalize()


def display_word(word: str, single: bool = True) -> str:
    """One dictionary word in the case it is written in news text.

    ``single``: the word is the only significant word of the name; only then is
    a short word taken for an acronym (``IMF``), not in ``NEW ZEALAND``.
    """
    if word != word.upper():  # already mixed case: the dictionary author chose it
        return word
    letters = [c for c in word if c.isalpha()]
    lower = word.lower()
    if lower in _SMALL_WORDS:
        return lower
    if lower in _PARTICLES:
        return word.capitalize()
    if not letters or any(c.isdigit() for c in word):
        return word
    if "." in word and all(len(seg) <= 2 for seg in re.split(r"[.\-]", word) if seg):
        return word  # U.S., K.U., W.
    if "-" not in word and (
        (single and len(letters) <= 3)
        or not any(c in "AEIOUY" for c in letters)
        or (len(letters) <= 5 and not word.endswith("S") and re.search(r"[AEIOUY][^AEIOUY]{3}", word))
    ):
        return word  # IMF, PLO, AU, NKVD, ANSF, USSR: acronyms stay upper case
    return "-".join(_cap(p) for p in word.lower().split("-"))


def display_name(raw: str) -> str:
    """``PRESIDENT_GEORGE_W._BUSH`` -> ``President George W. Bush`` (acronyms kept: ``IMF``)."""
    words = raw.replace("_", " ").split()
    single = len([w for w in words if w.lower() not in _SMALL_WORDS]) <= 1
    return " ".join(display_word(w, single) for w in words)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "actor"


# --- guessing persons and titles -----------------------------------------------------------------
_PERSON_TITLES = frozenset(
    "president prime premier king queen prince princess emir sultan sheikh shaikh ayatollah mullah imam pope "
    "cardinal archbishop bishop rabbi reverend rev general gen colonel col major maj lieutenant lt captain capt "
    "admiral marshal sergeant minister foreign defence defense secretary senator governor mayor chancellor judge "
    "ambassador envoy mr mrs ms dr sir lord lady acting former vice deputy chairman commander".split()
)
_NOT_PERSON_WORDS = frozenset(
    "north south east west northern southern eastern western new central united upper lower great greater "
    "republic kingdom states state emirates union nations federation islands island coast city town village "
    "province county district region valley river mountains mountain sea gulf bay strait port "
    "bank fund house cross council party army forces force military police troops gunmen command wing "
    "stronghold ministry government movement front organization organisation agency committee commission "
    "court assembly parliament congress senate group alliance league society association institute "
    "university school company corporation television radio tv news media press newspaper church tanks "
    "office bureau service services authority brigade brigades battalion militia guard guards tower downs "
    "world international national community".split()
)
_PERSON_HEADS = frozenset(
    "president minister secretary ambassador judge prosecutor general chancellor governor mayor senator king "
    "queen prince princess emir sheikh ayatollah mullah imam bishop pope priest monk cleric commander chief "
    "chairman chairwoman envoy spokesman spokeswoman spokesperson premier lawmaker legislator official "
    "diplomat soldier sailor pilot officer policeman policewoman activist leader head adviser advisor "
    "academic student worker guerrilla rebel militant fighter muslim islamist citizen civilian child "
    "attorney journalist reporter editor negotiator delegate representative deputy aide director "
    "man woman person".split()
)
_TITLE_HEADS = frozenset(
    "president minister secretary ambassador judge prosecutor general chancellor governor mayor senator king "
    "queen prince princess emir sheikh ayatollah mullah imam bishop pope cardinal commander chief chairman "
    "chairwoman envoy premier colonel captain lieutenant admiral marshal sergeant director".split()
)
_NOT_PERSON_HEADS = frozenset(
    "government ministry ministries media press police court parliament congress party group movement "
    "organization organisation body service force forces army military agency authority administration "
    "community corporation company cabinet radio television union department office bureau commission "
    "committee assembly judiciary newspaper paper troops people".split()
)
_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "men", "woman", "women", "person", "ant", "ent", "ee", "eer")
_NOT_PERSON_SUFFIXES = ("ment", "ry", "ty", "ies", "tion", "sion", "ship", "cy", "paper", "ism")


def _head(term: str) -> str:
    """The head noun of an agent term: the last word, or the word before "of" ("minister of defence")."""
    words = term.split()
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    return words[-1] if words else ""


def guess_person_term(term: str) -> bool:
    """Does the agent term name a person ("foreign minister") rather than a body ("foreign ministry")?"""
    head = _head(term)
    if head in _NOT_PERSON_HEADS or head.endswith(_NOT_PERSON_SUFFIXES):
        return False
    if head.endswith("s") and head[:-1] in _PERSON_HEADS:  # "officials"
        return True
    return head in _PERSON_HEADS or head.endswith(_PERSON_SUFFIXES)


def guess_title_term(term: str) -> bool:
    """Can the term stand before a name as a title ("Foreign Minister X", "Judge Y")?"""
    return _head(term) in _TITLE_HEADS


def guess_actor_kind(name: str, dated: bool) -> str:
    """``person`` for a titled name or a 2-4 word name without organisation or place words."""
    words = [w.lower().strip(".,") for w in name.split()]
    if not words:
        return "organization"
    if words[0] in _PERSON_TITLES and len(words) > 1:
        return "person"
    if 2 <= len(words) <= 4 and not any(w in _NOT_PERSON_WORDS or w in _SMALL_WORDS for w in words):
        if all(re.fullmatch(r"[a-z][a-z'\-]*\.?|[a-z]\.", w) for w in words):
            return "person"
    if dated and len(words) >= 2 and not any(w in _NOT_PERSON_WORDS for w in words):
        return "person"
    return "organization"


# --- reading lines -----------------------------------------------------------------------------

def _clean_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, text) with ``<!-- -->`` blocks (also the sloppy ``<! --``) and ``#`` comments removed."""
    in_comment = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        rest, kept = raw, []
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                else:
                    rest, in_comment = rest[end + 3:], False
            else:
                start = rest.find("<!")
                if start < 0:
                    kept.append(rest)
                    rest = ""
                else:
                    kept.append(rest[:start])
                    rest, in_comment = rest[start + 2:], True
        line = "".join(kept)
        if "#" in line:
            line = line[: line.index("#")]
        line = line.strip()
        if line:
            yield lineno, line


@dataclass
class _Code:
    code: Optional[str]  # None: a null code such as [---]
    dated: bool
    end: float  # last day of validity (inf when open-ended or undated)
    order: int


def _date_value(digits: str) -> int:
    """YYYYMMDD or YYMMDD (TABARI: years before 30 are 20xx) as a sortable integer."""
    if len(digits) == 6:
        year = int(digits[:2])
        digits = ("20" if year < 30 else "19") + digits
    return int(digits)


def _parse_code(content: str, order: int) -> tuple[Optional[_Code], Optional[str]]:
    """One ``[...]`` block: (code, None) or (None, reason)."""
    m = _CODE.match(content.strip())
    if not m:
        return None, f"cannot read the code [{content.strip()}]"
    code, restriction = m.group(1).split("/")[0].upper(), m.group(2).strip()
    end, dated = float("inf"), bool(restriction)
    if restriction:
        d = _DATE.match(restriction)
        if not d:
            return None, f"cannot read the date restriction {restriction!r}"
        if d.group(1) == "<":
            end = _date_value(d.group(2))
        elif d.group(4):
            end = _date_value(d.group(4))
    if code in NULL_CODES:
        return _Code(None, dated, end, order), None
    if not _VALID_CODE.match(code):
        return None, f"{code!r} is not a CAMEO actor code"
    return _Code(code, dated, end, order), None


def _split_codes(text: str) -> tuple[str, list[str], bool]:
    """``NAME [A] [B]`` -> ("NAME", ["A", "B"], stray_text)."""
    first = text.find("[")
    head = text if first < 0 else text[:first]
    tail = "" if first < 0 else text[first:]
    blocks = _BRACKET.findall(tail)
    stray = bool(_BRACKET.sub("", tail).strip())
    return head.strip(), blocks, stray


def _choose(codes: list[_Code]) -> Optional[_Code]:
    """The undated default if any, else the code valid latest (later lines win ties)."""
    real = [c for c in codes if c.code]
    undated = [c for c in real if not c.dated]
    if undated:
        return undated[0]
    if not real:
        return None
    return max(real, key=lambda c: (c.end, c.order))


@dataclass
class _Entry:
    line: int
    names: list[str]
    codes: list[_Code] = field(default_factory=list)
    bad_code: bool = False  # a code was already reported: no second warning for "no code"


def parse_actors(text: str, path: str, warnings: list[str]) -> list[dict]:
    """Actor entries of a PETRARCH actors dictionary (without ids; see :func:`convert`)."""
    entries: list[_Entry] = []
    current: Optional[_Entry] = None
    order = itertools.count()

    def warn(line: int, reason: str) -> None:
        warnings.append(Errors.E204.format(line=line, path=path, reason=reason))

    def add_codes(entry: _Entry, blocks: list[str], line: int) -> None:
        for block in blocks:
            code, problem = _parse_code(block, next(order))
            if problem:
                warn(line, problem)
                entry.bad_code = True
            elif code is not None:
                entry.codes.append(code)

    for lineno, line in _clean_lines(text):
        name, blocks, stray = _split_codes(line.lstrip("+") if line.startswith("+") else line)
        if stray:
            warn(lineno, "unbalanced brackets or text after the code")
            continue
        if line.startswith("+"):
            if current is None:
                warn(lineno, "a synonym (+NAME) before any actor")
                continue
            if name:
                current.names.append(name)
            add_codes(current, blocks, lineno)
        elif line.startswith("["):
            if current is None:
                warn(lineno, "a code before any actor")
                continue
            add_codes(current, blocks, lineno)
        else:
            if not re.search(r"[A-Za-z0-9]", name):
                warn(lineno, "no actor name")
                current = None
                continue
            current = _Entry(line=lineno, names=[name])
            entries.append(current)
            add_codes(current, blocks, lineno)

    actors = []
    for entry in entries:
        if not entry.codes:
            if not entry.bad_code:
                warn(entry.line, f"the actor {entry.names[0]} has no [CODE]")
            continue
        chosen = _choose(entry.codes)
        if chosen is None:  # only null codes: known but never coded
            continue
        names = list(dict.fromkeys(n for n in (display_name(x) for x in entry.names) if n))
        code = chosen.code
        sector = code[3:6] if code[3:6] in SECTORS else None
        actors.append({
            "name": names[0],
            "aliases": sorted(set(names[1:]) - {names[0]}),
            "code": code[:3],
            "sector": sector,
            "kind": guess_actor_kind(names[0], dated=any(c.dated for c in entry.codes)),
            "cameo": code,
        })
    return actors


def _expand(term: str, macros: dict[str, list[str]]) -> tuple[list[str], Optional[str]]:
    names = _MACRO_USE.findall(term)
    missing = [n for n in names if n.upper() not in macros]
    if missing:
        return [], f"unknown substitution !{missing[0]}!"
    if not names:
        return [term], None
    parts = _MACRO_USE.split(term)  # literal, name, literal, name, ...
    choices = [[p] if i % 2 == 0 else macros[p.upper()] for i, p in enumerate(parts)]
    return ["".join(c) for c in itertools.product(*choices)], None


def _term(raw: str) -> str:
    return " ".join(raw.replace("_", " ").lower().split())


def parse_agents(text: str, path: str, warnings: list[str]) -> list[dict]:
    """Agent entries of a PETRARCH agents dictionary."""
    macros: dict[str, list[str]] = {}
    agents: dict[str, dict] = {}

    def warn(line: int, reason: str) -> None:
        warnings.append(Errors.E204.format(line=line, path=path, reason=reason))

    for lineno, line in _clean_lines(text):
        m = _MACRO_DEF.match(line)
        if m:
            macros[m.group(1).upper()] = [v.strip() for v in m.group(2).split(",") if v.strip()]
            continue
        m = _AGENT.match(line)
        if not m:
            warn(lineno, "expected TERM {PLURAL} [~CODE]")
            continue
        code = m.group("code").replace(" ", "").upper()
        cameo = code.strip("~")
        if not _VALID_CODE.match(cameo):
            warn(lineno, f"{m.group('code').strip()!r} is not an agent code like [~GOV]")
            continue
        singular, problem = _expand(m.group("term"), macros)
        plural: list[str] = []
        if m.group("plural") and m.group("plural").strip():
            plural, problem2 = _expand(m.group("plural").strip(), macros)
            problem = problem or problem2
        if problem:
            warn(lineno, problem)
            continue
        for variants, is_plural in ((singular, False), (plural, True)):
            for raw in variants:
                term = _term(raw)
                if not term or term in agents:
                    continue
                role = _term(singular[0]) if is_plural and len(singular) == 1 else term
                person = guess_person_term(role)
                agents[term] = {
                    "term": term,
                    "sector": cameo[:3],
                    "role": role,
                    "person": person,
                    "title": person and not is_plural and guess_title_term(term),
                    "cameo": cameo,
                }
    return list(agents.values())


def dictionary_kind(path: Path, text: str) -> str:
    """``actors`` or ``agents``; other PETRARCH files (verbs, discards) raise E304."""
    name = path.name.lower()
    if "verb" in name or "discard" in name or re.search(r"^---\s.*\[\d+\]", text, re.M):
        raise RedlineError(Errors.E304, EXIT_NO_INPUT, path=str(path),
                           reason="it looks like a verbs or discards file")
    if "agent" in name:
        return "agents"
    if "actor" in name:
        return "actors"
    if re.search(r"\[\s*~|~\s*\]|^!\w+!\s*=", text, re.M):
        return "agents"
    if "[" in text:
        return "actors"
    raise RedlineError(Errors.E304, EXIT_NO_INPUT, path=str(path), reason="it holds no [CODE] entries")


def _read(path: Path) -> str:
    # The old TABARI dictionaries are Latin-1.
    return read_text(path, Errors.E203, EXIT_NO_INPUT, fallback="latin-1")


def convert(paths: Iterable[str | Path]) -> tuple[dict, list[str]]:
    """Read dictionaries into a knowledge-base object: (kb, warnings)."""
    warnings: list[str] = []
    actors: list[dict] = []
    agents: dict[str, dict] = {}
    sources = []
    for p in paths:
        path = Path(p)
        text = _read(path)
        kind = dictionary_kind(path, text)
        sources.append(path.name)
        before = len(warnings)
        if kind == "actors":
            found = parse_actors(text, str(path), warnings)
            actors.extend(found)
        else:
            found = parse_agents(text, str(path), warnings)
            for agent in found:
                agents.setdefault(agent["term"], agent)
        if not found:
            raise RedlineError(Errors.E304, EXIT_NO_INPUT, path=str(path),
                               reason=f"no {kind} entry could be read ({len(warnings) - before} lines skipped)")
    used: dict[str, int] = {}
    for actor in sorted(actors, key=lambda a: (slug(a["name"]), a["cameo"], a["aliases"])):
        base = slug(actor["name"])
        used[base] = used.get(base, 0) + 1
        actor["id"] = base if used[base] == 1 else f"{base}-{used[base]}"
    ordered_actors = [
        {k: a[k] for k in ("id", "name", "aliases", "code", "sector", "kind", "cameo")}
        for a in sorted(actors, key=lambda a: a["id"])
    ]
    ordered_agents = [agents[t] for t in sorted(agents)]
    return {"format": KB_FORMAT, "source": sources, "actors": ordered_actors, "agents": ordered_agents}, warnings


@dataclass
class ImportResult:
    out: Path
    actors: int
    agents: int
    warnings: list[str]


def default_output() -> Path:
    from redline.actors.kb import user_kb_dir

    return user_kb_dir() / "petrarch.json"


def write_kb(kb: dict, out: Path) -> None:
    """Write atomically, so a knowledge-base folder never holds half a file."""
    tmp = out.with_name(out.name + ".tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(kb, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RedlineError(Errors.E305, EXIT_CONFIG, path=str(out), reason=str(exc)) from exc


def import_petrarch(paths: Iterable[str | Path], out: Optional[str | Path] = None) -> ImportResult:
    """Convert PETRARCH dictionaries and write the knowledge base (default: the user KB folder)."""
    paths = list(paths)
    if not paths:
        raise RedlineError(Errors.E304, EXIT_NO_INPUT, path="(none)", reason="no dictionary file was given")
    kb, warnings = convert(paths)
    target = Path(out) if out is not None else default_output()
    write_kb(kb, target)
    return ImportResult(out=target, actors=len(kb["actors"]), agents=len(kb["agents"]), warnings=warnings)
