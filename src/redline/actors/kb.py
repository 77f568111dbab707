"""The actor knowledge base: countries, organizations and sector nouns.

Everything here is loaded from data files: the bundled ones under
``redline/data/actors/`` and any user files (``--kb FILE`` or the files in the
user knowledge-base folder, see :func:`user_kb_dir`). A user file is a JSON
object with any of the keys ``countries``, ``organizations`` (or ``actors``)
and ``sectors`` (or ``agents``), each a list shaped like the bundled file of
the same name; user entries are added to the bundled ones and win on conflict.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from redline.datafiles import data_path, read_json, user_data_dir
from redline.errors import EXIT_CONFIG, Errors, RedlineError

KB_FORMAT = "redline-kb/1"


@dataclass(frozen=True)
class Entity:
    """A named actor of the knowledge base (a country, capital, seat or organization)."""

    kb_id: str
    name: str
    kind: str  # country, capital, seat, igo, ngo, group, organization, person
    code: Optional[str]
    sector: Optional[str] = None
    role: Optional[str] = None


@dataclass(frozen=True)
class SectorTerm:
    term: tuple[str, ...]
    sector: str
    role: Optional[str] = None
    person: bool = False
    title: bool = False


@dataclass
class KnowledgeBase:
    names: dict[tuple[str, ...], list[tuple[tuple[str, ...], Entity]]] = field(default_factory=dict)
    adjectives: dict[str, Entity] = field(default_factory=dict)
    sectors: dict[tuple[str, ...], SectorTerm] = field(default_factory=dict)
    sector_heads: dict[str, list[SectorTerm]] = field(default_factory=dict)
    countries: dict[str, Entity] = field(default_factory=dict)
    code_aliases: dict[str, str] = field(default_factory=dict)
    first_words: set = field(default_factory=set)  # lowercased first words of all names (a fast reject)
    max_name_tokens: int = 1
    sources: list[str] = field(default_factory=list)

    # --- building -------------------------------------------------------------------------
    def add_name(self, alias: str, entity: Entity) -> None:
        tokens = tuple(_tokenize(alias))
        if not tokens:
            return
        key = tuple(t.lower() for t in tokens)
        bucket = self.names.setdefault(key, [])
        # A later source (user file) overrides an earlier one for the same spelling.
        bucket[:] = [(orig, ent) for orig, ent in bucket if orig != tokens]
        bucket.insert(0, (tokens, entity))
        self.first_words.add(key[0])
        self.max_name_tokens = max(self.max_name_tokens, len(tokens))

    def add_sector(self, term: SectorTerm) -> None:
        self.sectors[term.term] = term
        heads = self.sector_heads.setdefault(term.term[-1], [])
        heads[:] = [t for t in heads if t.term != term.term]
        heads.append(term)
        heads.sort(key=lambda t: -len(t.term))

    # --- lookup ---------------------------------------------------------------------------
    def match_name(self, words: list[str]) -> Optional[tuple[int, Entity]]:
        """Longest knowledge-base name at the start of ``words``: (length, entity)."""
        if not words or words[0].lower() not in self.first_words:
            return None
        lowered = tuple(w.lower() for w in words[:self.max_name_tokens])
        for n in range(len(lowered), 0, -1):
            for original, entity in self.names.get(lowered[:n], ()):
                if _case_compatible(original, words[:n]):
                    return n, entity
        return None

    def adjective(self, word: str) -> Optional[Entity]:
        entity = self.adjectives.get(word.lower())
        if entity is not None and word[:1].isupper():
            return entity
        return None

    def normalize_code(self, code: Optional[str]) -> Optional[str]:
        if not code:
            return code
        return self.code_aliases.get(code.upper(), code.upper())


def _tokenize(text: str) -> list[str]:
    from redline.actors.tokens import split_words

    return split_words(text)


def _case_compatible(alias_tokens, text_tokens) -> bool:
    for alias, word in zip(alias_tokens, text_tokens):
        letters = [c for c in alias if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            if word != alias:
                return False
        elif alias[:1].isupper() and not word[:1].isupper():
            return False
    return True


def user_kb_dir() -> Path:
    """Folder whose ``*.json`` files are loaded as user knowledge bases on every run."""
    return user_data_dir() / "kb"


def _add_countries(kb: KnowledgeBase, countries: list) -> None:
    for c in countries:
        code = c["code"]
        country = Entity(kb_id=f"country:{code}", name=c["name"], kind="country", code=code)
        kb.countries[code] = country
        for alias in {c["name"], *c.get("names", ())}:
            kb.add_name(alias, country)
        for word in (*c.get("adjectives", ()), *c.get("demonyms", ())):
            kb.adjectives[word.lower()] = country
        for capital in c.get("capitals", ()):
            kb.add_name(capital, Entity(kb_id=f"capital:{code}:{capital}", name=capital, kind="capital",
                                        code=code, sector="GOV"))
        for seat in c.get("seats", ()):
            if isinstance(seat, str):
                seat = {"name": seat}
            kb.add_name(seat["name"], Entity(kb_id=f"seat:{code}:{seat['name']}", name=seat["name"], kind="seat",
                                             code=code, sector=seat.get("sector", "GOV"), role=seat.get("role")))


def _add_organizations(kb: KnowledgeBase, organizations: list, prefix: str) -> None:
    for o in organizations:
        kind = o.get("kind") or "organization"
        entity = Entity(
            kb_id=f"{prefix}:{o.get('id') or o['name']}",
            name=o["name"],
            kind=kind,
            code=kb.normalize_code(o.get("code")),
            sector=o.get("sector"),
            role=o.get("role"),
        )
        for alias in {o["name"], *o.get("aliases", ())}:
            kb.add_name(alias, entity)


def _add_sectors(kb: KnowledgeBase, sectors: list) -> None:
    for s in sectors:
        term = tuple(s["term"].lower().split())
        kb.add_sector(SectorTerm(term=term, sector=s["sector"], role=s.get("role"),
                                 person=bool(s.get("person")), title=bool(s.get("title"))))


# What a user's knowledge-base file may hold: section -> the fields each of its entries needs (strings).
USER_SECTIONS = {"countries": ("code", "name"), "organizations": ("name",), "actors": ("name",),
                 "sectors": ("term", "sector"), "agents": ("term", "sector")}
# Keys that describe the file rather than hold entries (``redline kb import-petrarch`` writes them);
# a key starting with "_" is a comment.
USER_FILE_KEYS = ("format", "source")


def _user_section(data: dict, section: str, path: Path) -> list:
    """The entries of one section, checked: a list of objects, each with its required string fields."""
    entries = data.get(section, [])

    def bad(reason: str):
        return RedlineError(Errors.E203, EXIT_CONFIG, path=str(path), reason=reason)

    if not isinstance(entries, list):
        raise bad(f'"{section}" must be a list of objects, not {type(entries).__name__}')
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise bad(f'entry {number} of "{section}" must be an object, not {type(entry).__name__}')
        for name in USER_SECTIONS[section]:
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                raise bad(f'entry {number} of "{section}" needs a "{name}" string')
        for name in ("aliases", "names", "adjectives", "demonyms", "capitals"):
            if name in entry and not (isinstance(entry[name], list) and all(isinstance(v, str) for v in entry[name])):
                raise bad(f'"{name}" of entry {number} of "{section}" must be a list of strings')
    return entries


def _add_user_file(kb: KnowledgeBase, path: Path) -> None:
    data = read_json(path, Errors.E203)
    if not isinstance(data, dict):
        raise RedlineError(Errors.E203, EXIT_CONFIG, path=str(path), reason="expected a JSON object")
    unknown = sorted(k for k in data if k not in USER_SECTIONS and k not in USER_FILE_KEYS and not k.startswith("_"))
    if unknown:
        raise RedlineError(Errors.E203, EXIT_CONFIG, path=str(path),
                           reason=f"unknown section {unknown[0]!r}; the sections are {', '.join(USER_SECTIONS)}")
    sections = {section: _user_section(data, section, path) for section in USER_SECTIONS}
    _add_countries(kb, sections["countries"])
    _add_organizations(kb, sections["organizations"] + sections["actors"], prefix=f"user:{path.stem}")
    _add_sectors(kb, sections["sectors"] + sections["agents"])
    kb.sources.append(str(path))


@functools.lru_cache(maxsize=8)
def load_knowledge_base(extra_paths: tuple[str, ...] = (), include_user_dir: bool = True) -> KnowledgeBase:
    kb = KnowledgeBase()
    aliases = read_json(data_path("actors", "cameo_country_aliases.json"))
    kb.code_aliases = {k.upper(): v for k, v in aliases.get("aliases", {}).items()}
    _add_countries(kb, read_json(data_path("actors", "countries.json")))
    _add_organizations(kb, read_json(data_path("actors", "organizations.json")), prefix="org")
    # Heads of state and government, ministers, armed-group and opposition leaders (persons.json).
    _add_organizations(kb, read_json(data_path("actors", "persons.json")), prefix="person")
    _add_sectors(kb, read_json(data_path("actors", "sectors.json")))
    kb.sources.append("bundled")
    user_files: list[Path] = []
    if include_user_dir and user_kb_dir().is_dir():
        user_files.extend(sorted(user_kb_dir().glob("*.json")))
    user_files.extend(Path(p) for p in extra_paths)
    for path in user_files:
        _add_user_file(kb, path)
    return kb
