"""The Python API.

>>> import redline
>>> doc = redline.extract("Turkish drones struck Sirte on Sunday.", published="2020-06-08")
>>> [(e.type, e.source[0].code) for e in doc.events]
[('ASSAULT', 'TUR')]
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Iterable, Iterator, Optional

from redline.errors import EXIT_USAGE, Errors, RedlineError
from redline.model import Document
from redline.nlp.loader import DEFAULT_MODEL
from redline.pipeline import Pipeline, make_info


@functools.lru_cache(maxsize=4)
def get_pipeline(model: str = DEFAULT_MODEL, kb: tuple[str, ...] = ()) -> Pipeline:
    return Pipeline(model=model, kb_paths=kb)


def check_date(value, what: str = "publication date") -> Optional[str]:
    """A date as YYYY-MM-DD (a ``datetime.date`` or an ISO string, any time after the day ignored), or E110
    naming ``what`` the date was meant to be."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except (ValueError, AttributeError, TypeError) as exc:
        raise RedlineError(Errors.E110, EXIT_USAGE, what=what, value=value) from exc


def check_country(value: Optional[str]) -> Optional[str]:
    """A country as its ISO 3166 alpha-3 code: a code in any case or a country's name ("Libya" -> LBY), or E111."""
    from redline.datafiles import country_code

    if value is None:
        return None
    code = country_code(value) if isinstance(value, str) else None
    if code is None:
        raise RedlineError(Errors.E111, EXIT_USAGE, value=value)
    return code


def extract(
    text: str,
    published: Optional[str] = None,
    *,
    title: Optional[str] = None,
    url: Optional[str] = None,
    source: Optional[str] = None,
    country: Optional[str] = None,
    model: str = DEFAULT_MODEL,
    kb: Iterable[str] = (),
) -> Document:
    """Extract the events, actors and claims of one article's plain text.

    Without ``published``, the date is read from the article's own dateline when it has one.
    ``country``: the country the text is known to be about (ISO 3166 alpha-3, e.g. a feed's), for the
    events whose text names no place: their actors and location take it, and ambiguous place names lean
    towards it.
    """
    from redline.ingest.dateline import find_dateline
    from redline.ingest.language import guess_language

    published = check_date(published)
    country = check_country(country)
    basis = "given" if published else None
    if published is None:
        published = find_dateline(text)
        basis = "dateline" if published else None
    info = make_info(text, published=published, published_basis=basis, title=title, source=source, url=url,
                     language=guess_language(text)[0], country=country)
    return get_pipeline(model, tuple(kb)).run(text, info)


def extract_many(
    records: Iterable[dict],
    *,
    model: str = DEFAULT_MODEL,
    kb: Iterable[str] = (),
    batch_size: int = 16,
    n_process: int = 1,
    learn_sources: bool = False,
) -> Iterator[Document]:
    """Extract from many records ``{"text", "published", "title", "url", "source", "country"}``, parsing in
    batches (``country``: see :func:`extract`).

    ``learn_sources``: learn, as the records are read, where each source (``source``, else the URL's
    host) writes about, and read its ambiguous place names accordingly (:mod:`redline.geo.profiles`).
    A record's output then depends on the records of the same source before it."""
    from redline.geo.profiles import SourceProfiles

    pipeline = get_pipeline(model, tuple(kb))
    items = []
    for record in records:
        text = record["text"]
        info = make_info(
            text,
            published=check_date(record.get("published")),
            published_basis=record.get("published_basis") or "given",
            title=record.get("title"),
            source=record.get("source"),
            url=record.get("url"),
            language=record.get("language"),
            country=check_country(record.get("country")),
        )
        items.append((text, info))
    profiles = SourceProfiles() if learn_sources else None
    yield from pipeline.pipe(items, batch_size=batch_size, n_process=n_process, source_profiles=profiles)
