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
from redline.model import Document, DocumentInfo
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
    if isinstance(value, date):  # a datetime is a date too: its day, without the time
        return date(value.year, value.month, value.day).isoformat()
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
    """Extract the events, actors and claims of one article: plain text or HTML, a string or its bytes.

    The text goes through the same reading as ``redline extract FILE`` (line ends, HTML reduced to its
    article, the encoding of bytes, the dateline, the language), so the same bytes give the same document
    everywhere. Without ``published``, the date is read from the article's own dateline or metadata when
    it has one (W004 when there is none). ``country``: the country the text is known to be about (ISO
    3166 alpha-3 or a name, e.g. a feed's), for the events whose text names no place: their actors and
    location take it, and ambiguous place names lean towards it. Empty or unreadable text is a
    RedlineError (E101, E102, E107, E115), like every other misuse.
    """
    country = check_country(country)
    raw = read_text(text, published=published, title=title, source=source, url=url)
    return document_of(raw, get_pipeline(model, tuple(kb)), country=country)


def read_text(text, *, published=None, title=None, source=None, url=None):
    """One article (a string or its bytes) read as ``redline extract FILE`` reads a file: a ``RawDocument``,
    or the RedlineError its problem is (E101 empty, E102 binary, E107 HTML without text, E115 no text)."""
    from redline.ingest import IngestProblem
    from redline.ingest.sources import from_bytes, from_text

    published = check_date(published)
    if isinstance(text, str):
        item = from_text(text, published=published, title=title, source=source, url=url)
    elif isinstance(text, (bytes, bytearray, memoryview)):
        item = from_bytes(bytes(text), published=published, title=title, source=source, url=url)
    else:
        raise RedlineError(Errors.E115, EXIT_USAGE, kind=type(text).__name__)
    if isinstance(item, IngestProblem):
        raise RedlineError.of_problem(item)
    return item


def document_of(raw, pipeline, country: Optional[str] = None) -> Document:
    """Run the pipeline over one document as the ingest front door read it (``RawDocument``), with the
    warnings of its reading first. ``country``: the hint for a record that names none."""
    return with_reading_warnings(pipeline.run(raw.text, raw_info(raw, country)), raw)


def raw_info(raw, country: Optional[str] = None) -> DocumentInfo:
    """The DocumentInfo of a read document; its record's country (checked) wins over ``country``."""
    return make_info(raw.text, published=raw.published, published_basis=raw.published_basis, title=raw.title,
                     source=raw.source, url=raw.url, language=raw.language,
                     country=check_country(raw.country) if raw.country else country)


def with_reading_warnings(doc: Document, raw) -> Document:
    """The document with the warnings of its reading (encoding, language, no date) before its own."""
    from redline.model import Warning

    doc.warnings = [Warning(code=w.code, message=w.message) for w in raw.warnings] + doc.warnings
    return doc


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
        if not isinstance(record, dict):
            raise RedlineError(Errors.E115, EXIT_USAGE, kind=type(record).__name__)
        raw = read_text(record.get("text"), published=record.get("published"), title=record.get("title"),
                        source=record.get("source"), url=record.get("url"))
        if record.get("language"):
            raw.language = record["language"]
        if record.get("published_basis") and raw.published:
            raw.published_basis = record["published_basis"]
        items.append((raw, raw_info(raw, check_country(record.get("country")))))
    profiles = SourceProfiles() if learn_sources else None
    documents = pipeline.pipe([(raw.text, info) for raw, info in items], batch_size=batch_size, n_process=n_process,
                              source_profiles=profiles)
    for (raw, _info), doc in zip(items, documents):
        yield with_reading_warnings(doc, raw)
