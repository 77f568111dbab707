"""Reading the files redline is given or ships (knowledge bases, lexicons, gold data) with one kind of
error: a catalogue message naming the file, never a traceback."""

from __future__ import annotations

import functools
import json
from typing import Optional
from importlib import resources

from redline.errors import EXIT_CONFIG, Errors, RedlineError


def data_path(*parts: str):
    """A file bundled under ``redline/data/``."""
    return resources.files("redline").joinpath("data", *parts)


def read_bytes(path, error: Errors = Errors.E205, exit_code: int = EXIT_CONFIG) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise RedlineError(error, exit_code, path=str(path), reason="no such file") from exc
    except IsADirectoryError as exc:
        raise RedlineError(error, exit_code, path=str(path), reason="it is a directory") from exc
    except OSError as exc:
        raise RedlineError(error, exit_code, path=str(path), reason=str(exc)) from exc


def read_text(path, error: Errors = Errors.E205, exit_code: int = EXIT_CONFIG, fallback: str = "") -> str:
    """UTF-8 text; with ``fallback`` (an encoding), bytes that are not UTF-8 are decoded with it."""
    raw = read_bytes(path, error, exit_code)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if fallback:
            return raw.decode(fallback, errors="replace")
        raise RedlineError(error, exit_code, path=str(path), reason=f"not UTF-8 ({exc})") from exc


def read_json(path, error: Errors = Errors.E205, exit_code: int = EXIT_CONFIG):
    text = read_text(path, error, exit_code)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise RedlineError(error, exit_code, path=str(path), reason=f"not valid JSON ({exc})") from exc


_word_classes: dict = {}


def word_class(name: str) -> frozenset:
    """A list from ``data/grammar.json`` (English word classes the stages read the parse with)."""
    if not _word_classes:
        data = read_json(data_path("grammar.json"))
        _word_classes.update({k: v for k, v in data.items() if isinstance(v, list)})
    return frozenset(_word_classes[name])


def word_sequence(name: str) -> tuple:
    """Like :func:`word_class`, keeping the file's order (for lists tried in order)."""
    word_class(name)
    return tuple(_word_classes[name])


def user_data_dir():
    """The user's redline folder: ``$REDLINE_HOME``, else ``$XDG_DATA_HOME/redline`` (``~/.local/share/redline``).
    Knowledge bases (``kb/``), models (``models/``) and data overrides live there."""
    import os
    from pathlib import Path

    home = os.environ.get("REDLINE_HOME")
    if home:
        return Path(home).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "redline"


def _overlay(base, extra):
    """``extra`` laid over ``base``: mappings merged key by key, lists extended with the new items."""
    if isinstance(base, dict) and isinstance(extra, dict):
        return {**base, **{key: _overlay(base.get(key), value) for key, value in extra.items()}}
    if isinstance(base, list) and isinstance(extra, list):
        return base + [item for item in extra if item not in base]
    return extra


def layered_json(*parts: str):
    """A bundled data file (``redline/data/<parts>``) with the user's file of the same path under
    :func:`user_data_dir` laid over it: a user adds words to a list or a key to a table without
    copying the whole file."""
    data = read_json(data_path(*parts))
    user = user_data_dir().joinpath(*parts)
    if user.is_file():
        data = _overlay(data, read_json(user))
    return data


_unidentified: dict = {}


@functools.lru_cache(maxsize=1)
def known_country_codes() -> frozenset:
    """The ISO 3166 alpha-3 codes of ``data/actors/countries.json``."""
    return frozenset(c["code"] for c in read_json(data_path("actors", "countries.json"))
                     if isinstance(c, dict) and isinstance(c.get("code"), str))


@functools.lru_cache(maxsize=1)
def country_codes_by_name() -> dict[str, str]:
    """Lower-cased country names and aliases -> ISO alpha-3, from ``data/actors/countries.json``."""
    table: dict[str, str] = {}
    for country in read_json(data_path("actors", "countries.json")):
        if isinstance(country, dict) and isinstance(country.get("code"), str):
            for name in [country.get("name"), *country.get("names", [])]:
                if isinstance(name, str):
                    table.setdefault(name.lower(), country["code"])
    return table


def country_code(value: str) -> Optional[str]:
    """The ISO alpha-3 code a user means: a known code in any case, or a country's name; None if neither."""
    code = value.strip().upper()
    if code in known_country_codes():
        return code
    return country_codes_by_name().get(" ".join(value.split()).lower())


def unidentified_actors() -> dict:
    """``data/actors/unidentified.json``: ACLED-style names of unnamed actors and the actors events imply,
    with the user's ``actors/unidentified.json`` (:func:`user_data_dir`) laid over it."""
    if not _unidentified:
        data = read_json(data_path("actors", "unidentified.json"))
        user = user_data_dir() / "actors" / "unidentified.json"
        if user.is_file():
            extra = read_json(user)
            for key in ("roles", "sectors", "implicit_agents"):
                if isinstance(extra.get(key), dict):
                    data[key] = {**data.get(key, {}), **extra[key]}
        _unidentified.update(data)
    return _unidentified


def unidentified_name(sector: Optional[str], role: Optional[str] = None, term: Optional[str] = None) -> str:
    """ "Unidentified Armed Group", "Protesters", "Police Forces": what ACLED would call an actor the text
    names only by its role or sector."""
    data = unidentified_actors()
    for key in (role, term):
        if key and key in data.get("roles", {}):
            return data["roles"][key]
    return data.get("sectors", {}).get(sector or "", "Unidentified Actor")
