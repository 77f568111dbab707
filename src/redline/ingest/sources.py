"""Inputs to documents: files, directories, standard input and JSONL records.

:func:`iter_inputs` yields one :class:`RawDocument` per article, and an
:class:`IngestProblem` for each input (or JSONL line) that had to be rejected, in
input order, so that one bad file never stops a run.

Kinds of input:

* a directory: walked recursively in sorted order of relative paths, skipping hidden
  files and directories; files ending in .txt, .text, .md, .html, .htm, .xhtml,
  .jsonl, .ndjson, .jsonl.gz, .ndjson.gz are taken, others ignored. A directory
  with no such file gives E101;
* .jsonl / .ndjson (optionally .gz): one JSON object per line, read as a stream;
  the size limit applies to each line, not to the file;
* .html / .htm / .xhtml, or any file whose content starts like HTML: reduced to the
  article text (see :mod:`redline.ingest.html`);
* anything else: plain text. A file with another extension, or standard input, whose
  first non-blank line starts with ``{`` is read as JSONL.

Publication date: the ``published`` argument ("given") beats a JSONL "published"
field ("given"), which beats HTML metadata ("metadata"), which beats a dateline found
in the text ("dateline").
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import sys
import zlib
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Optional, Union

from redline.errors import EXIT_USAGE, Errors, RedlineError
from redline.ingest.dateline import find_dateline, parse_iso_date, validate_date
from redline.ingest.decode import declared_charset, decode_bytes, normalize_newlines, sniff_magic
from redline.ingest.html import extract_html, looks_like_html
from redline.ingest.language import guess_language
from redline.ingest.types import IngestProblem, RawDocument
from redline.model import Warning

MB = 1024 * 1024
CHUNK = 1 << 16
TEXT_EXTS = (".txt", ".text", ".md")
HTML_EXTS = (".html", ".htm", ".xhtml")
JSONL_EXTS = (".jsonl", ".ndjson")
JSONL_GZ_EXTS = (".jsonl.gz", ".ndjson.gz")
ALL_EXTS = TEXT_EXTS + HTML_EXTS + JSONL_EXTS + JSONL_GZ_EXTS
TITLE_MAX = 200
STDIN = "<stdin>"

Item = Union[RawDocument, IngestProblem]


def _problem(error: Errors, origin: str, at: Optional[int] = None, **kwargs) -> IngestProblem:
    return IngestProblem(code=error.name, message=error.format(**kwargs), origin=origin, line=at)


def _from_error(err: RedlineError, origin: str, line: Optional[int] = None) -> IngestProblem:
    return IngestProblem(code=err.code, message=err.message, origin=origin, line=line)


def _limit_mb(max_mb: float) -> str:
    return f"{max_mb:g}"


def _str_field(value) -> Optional[str]:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


# ---------------------------------------------------------------- documents


def plain_title(text: str) -> Optional[str]:
    """The title of a plain text: a short first line followed by a blank line, not a sentence.

    The first non-blank line is a title when it has at most 200 characters, does not end
    with a period, is followed by a blank line and more text, and is not a date line.
    A Markdown heading mark ("# ") is left out of the title (the text keeps it).
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            break
    else:
        return None
    candidate = line.strip()
    if (
        len(candidate) > TITLE_MAX
        or candidate.endswith(".")
        or i + 1 >= len(lines)
        or lines[i + 1].strip()
        or not any(rest.strip() for rest in lines[i + 2:])
        or find_dateline(candidate)
    ):
        return None
    return candidate.lstrip("#").strip() or None


def build_document(
    text: str,
    *,
    origin: str,
    given: Optional[str] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    url: Optional[str] = None,
    warnings: Optional[list[Warning]] = None,
    html: Optional[bool] = None,
    country: Optional[str] = None,
) -> Item:
    """Turn decoded text into a RawDocument (or E101/E107): HTML reduction, title, date, language.

    ``html=None`` sniffs the content; ``given`` is an already validated YYYY-MM-DD date.
    """
    warnings = list(warnings or [])
    metadata_date = None
    if html is None:
        html = looks_like_html(text)
    if html:
        page = extract_html(text, url=url)
        if not page.text.strip():
            return _problem(Errors.E107, origin, source=origin)
        text = page.text
        title = title or page.title
        source = source or page.sitename
        url = url or page.url
        metadata_date = page.date
    else:
        text = normalize_newlines(text)
        if not text.strip():
            return _problem(Errors.E101, origin, source=origin)
        title = title or plain_title(text)

    if given:
        published, basis = given, "given"
    elif metadata_date:
        published, basis = metadata_date, "metadata"
    else:
        published = find_dateline(text)
        basis = "dateline" if published else None

    language, _confidence = guess_language(text)
    if language and language != "en":
        warnings.append(Warning(code="W001", message=Errors.W001.format(source=origin, language=language)))
    if published is None:
        warnings.append(Warning(code="W004", message=Errors.W004.format(source=origin)))
    return RawDocument(
        text=text,
        title=title,
        published=published,
        published_basis=basis,
        source=source,
        url=url,
        language=language,
        country=country,
        origin=origin,
        warnings=warnings,
    )


def from_text(
    text: str,
    *,
    origin: str = "<text>",
    published: Optional[str] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    url: Optional[str] = None,
    html: Optional[bool] = None,
) -> Item:
    """One document from a string (for the Python API); ``published`` as in :func:`iter_inputs`."""
    given = _validate_given(published)
    return build_document(text, origin=origin, given=given, title=title, source=source, url=url, html=html)


def from_bytes(
    data: bytes,
    *,
    origin: str = "<bytes>",
    published: Optional[str] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    url: Optional[str] = None,
    html: Optional[bool] = None,
) -> Item:
    """One document from the bytes of a file (for the Python API and the web's uploads): decoded as
    ``redline extract FILE`` decodes them."""
    given = _validate_given(published)
    return _from_bytes(data, origin, given, html=html, title=title, source=source, url=url)


def _from_bytes(data: bytes, origin: str, given: Optional[str], html: Optional[bool], title: Optional[str] = None,
                source: Optional[str] = None, url: Optional[str] = None) -> Item:
    declared = declared_charset(data) if html is not False else None
    try:
        text, encoding = decode_bytes(data, origin, declared=declared)
    except RedlineError as err:
        return _from_error(err, origin)
    warnings = []
    if encoding:
        warnings.append(Warning(code="W002", message=Errors.W002.format(source=origin, encoding=encoding)))
    return build_document(text, origin=origin, given=given, title=title, source=source, url=url, warnings=warnings,
                          html=html)


# ---------------------------------------------------------------- JSONL


def _lines(chunks: Iterable[bytes], limit: int) -> Iterator[tuple[int, Optional[bytes], int]]:
    """Split a byte stream into ``(line number, line, size)``; ``line`` is None for a line over ``limit``.

    A line over the limit is counted but not kept in memory.
    """
    pending = bytearray()
    oversize = 0  # bytes of the current line dropped because it is too long
    lineno = 1
    for chunk in chunks:
        start = 0
        while True:
            cut = chunk.find(b"\n", start)
            if cut < 0:
                break
            size = oversize + len(pending) + cut - start
            if size > limit:
                yield lineno, None, size
            else:
                yield lineno, bytes(pending) + chunk[start:cut] if pending else chunk[start:cut], size
            pending.clear()
            oversize = 0
            lineno += 1
            start = cut + 1
        if oversize or len(pending) + len(chunk) - start > limit:
            oversize += len(pending) + len(chunk) - start
            pending.clear()
        else:
            pending += chunk[start:]
    if oversize:
        yield lineno, None, oversize
    elif pending:
        yield lineno, bytes(pending), len(pending)


def _record(
    obj, origin: str, lineno: int, given: Optional[str], warnings: list[Warning]
) -> Iterator[Item]:
    rec_origin = f"{origin}:{lineno}"
    text = obj.get("text") if isinstance(obj, dict) else None
    if not isinstance(text, str) or not text.strip():
        yield _problem(Errors.E106, origin, lineno, line=lineno, source=origin)
        return
    record_date = None
    value = obj.get("published")
    if value not in (None, ""):
        record_date = parse_iso_date(value) if isinstance(value, str) else None
        if record_date is None:
            yield _problem(Errors.E109, origin, lineno, line=lineno, source=origin, value=value)
    yield build_document(
        text,
        origin=rec_origin,
        given=given or record_date,
        title=_str_field(obj.get("title")),
        source=_str_field(obj.get("source")),
        url=_str_field(obj.get("url")),
        warnings=warnings,
        country=_str_field(obj.get("country")),
    )


RECORD_FIELDS = ("text", "title", "source", "url", "published", "country")


def _unwritable_field(obj) -> Optional[str]:
    """The first field redline reads whose string cannot be written as UTF-8 (a lone surrogate escape)."""
    if not isinstance(obj, dict):
        return None
    for name in RECORD_FIELDS:
        value = obj.get(name)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return name
    return None


def _iter_jsonl(chunks: Iterable[bytes], origin: str, given: Optional[str], max_mb: float) -> Iterator[Item]:
    limit = int(max_mb * MB)
    seen = False
    for lineno, line, size in _lines(chunks, limit):
        if line is None:
            seen = True
            yield _problem(Errors.E104, origin, lineno, source=f"{origin}:{lineno}",
                           size_mb=size / MB, limit_mb=_limit_mb(max_mb))
            continue
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        if not seen:
            seen = True
            reason = sniff_magic(line)
            if reason:
                yield _problem(Errors.E102, origin, source=origin, reason=f"it starts like {reason}")
                return
        warnings: list[Warning] = []
        try:
            raw = line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                raw, encoding = decode_bytes(line, f"{origin}:{lineno}", check_magic=False)
            except RedlineError as err:
                yield _from_error(err, origin, lineno)
                continue
            warnings.append(Warning(code="W002", message=Errors.W002.format(
                source=f"{origin}:{lineno}", encoding=encoding)))
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as err:
            reason = f"{err.msg} at column {err.colno}"
            yield _problem(Errors.E105, origin, lineno, line=lineno, source=origin, reason=reason)
            continue
        except RecursionError:
            yield _problem(Errors.E105, origin, lineno, line=lineno, source=origin, reason="nested too deeply")
            continue
        except ValueError as err:  # an integer longer than Python converts ("exceeds the limit")
            yield _problem(Errors.E105, origin, lineno, line=lineno, source=origin, reason=str(err).split(";")[0])
            continue
        unwritable = _unwritable_field(obj)
        if unwritable:
            yield _problem(Errors.E105, origin, lineno, line=lineno, source=origin,
                           reason=f"the {unwritable} holds a lone surrogate escape (such as \\ud800), which is no character")
            continue
        yield from _record(obj, origin, lineno, given, warnings)
    if not seen:
        yield _problem(Errors.E101, origin, source=origin)


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    return iter(lambda: stream.read(CHUNK), b"")


def _jsonl_file(path: Path, origin: str, given: Optional[str], max_mb: float, compressed: bool) -> Iterator[Item]:
    try:
        stream = gzip.open(path, "rb") if compressed else open(path, "rb")
    except OSError as err:
        yield _problem(Errors.E108, origin, source=origin, reason=err.strerror or str(err))
        return
    with stream:
        try:
            yield from _iter_jsonl(_chunks(stream), origin, given, max_mb)
        except (OSError, EOFError, zlib.error) as err:
            # unreadable or corrupt mid-stream; the records before were yielded
            yield _problem(Errors.E108, origin, source=origin, reason=str(err) or type(err).__name__)


def _starts_like_jsonl(head: bytes) -> bool:
    for line in head.split(b"\n"):
        stripped = line.lstrip(b"\xef\xbb\xbf \t\r")
        if stripped:
            return stripped.startswith(b"{")
    return False


# ---------------------------------------------------------------- files, directories, stdin


def _kind(name: str) -> str:
    lower = name.lower()
    if lower.endswith(JSONL_GZ_EXTS):
        return "jsonl.gz"
    if lower.endswith(JSONL_EXTS):
        return "jsonl"
    if lower.endswith(HTML_EXTS):
        return "html"
    if lower.endswith(TEXT_EXTS):
        return "text"
    return "other"


def _file(path: Path, origin: str, given: Optional[str], max_mb: float) -> Iterator[Item]:
    kind = _kind(path.name)
    if kind in ("jsonl", "jsonl.gz"):
        yield from _jsonl_file(path, origin, given, max_mb, compressed=kind == "jsonl.gz")
        return
    try:
        size = path.stat().st_size
        if size > max_mb * MB:
            yield _problem(Errors.E104, origin, source=origin, size_mb=size / MB, limit_mb=_limit_mb(max_mb))
            return
        with open(path, "rb") as fh:
            data = fh.read(int(max_mb * MB) + 1)
    except OSError as err:
        yield _problem(Errors.E108, origin, source=origin, reason=err.strerror or str(err))
        return
    if len(data) > max_mb * MB:  # the file grew after stat, or stat lied (a pipe, /proc)
        yield _problem(Errors.E104, origin, source=origin, size_mb=len(data) / MB, limit_mb=_limit_mb(max_mb))
        return
    if kind == "other" and _starts_like_jsonl(data[:CHUNK]):
        yield from _iter_jsonl([data], origin, given, max_mb)
        return
    yield _from_bytes(data, origin, given, html=True if kind == "html" else None)


def walk(directory: Path, unreadable: Optional[list] = None) -> list[Path]:
    """The input files under ``directory``: sorted by relative path, hidden entries skipped.

    A folder that cannot be listed, and an entry that is no regular file (a named pipe would block the
    run, a device never ends), are left out; with ``unreadable`` given, each is added to it as
    ``(path, reason)`` so that the caller says so."""
    import stat

    found: list[tuple[tuple[str, ...], Path]] = []

    def refused(error: OSError) -> None:
        if unreadable is not None:
            unreadable.append((error.filename or str(directory), error.strerror or str(error)))

    for root, dirs, files in os.walk(directory, onerror=refused):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or not name.lower().endswith(ALL_EXTS):
                continue
            path = Path(root) / name
            try:
                regular = stat.S_ISREG(path.stat().st_mode)
            except OSError as error:
                refused(error)
                continue
            if not regular:
                if unreadable is not None:
                    unreadable.append((str(path), "it is not a regular file (a pipe, socket or device)"))
                continue
            found.append((path.relative_to(directory).parts, path))
    return [path for _parts, path in sorted(found)]


def _stdin(stream: BinaryIO, given: Optional[str], max_mb: float) -> Iterator[Item]:
    limit = int(max_mb * MB)
    try:
        head = stream.read(min(CHUNK, limit + 1))
        if _starts_like_jsonl(head):
            yield from _iter_jsonl(itertools.chain([head], _chunks(stream)), STDIN, given, max_mb)
            return
        # read at most limit + 1 byte: enough to know the input is too large
        parts = [head]
        remaining = limit + 1 - len(head)
        while remaining > 0:
            chunk = stream.read(min(remaining, MB))
            if not chunk:
                break
            parts.append(chunk)
            remaining -= len(chunk)
    except OSError as err:
        yield _problem(Errors.E108, STDIN, source=STDIN, reason=err.strerror or str(err))
        return
    data = b"".join(parts)
    if len(data) > limit:
        # the size is a lower bound: the rest of the stream was not read
        yield _problem(Errors.E104, STDIN, source=STDIN, size_mb=len(data) / MB, limit_mb=_limit_mb(max_mb))
        return
    yield _from_bytes(data, STDIN, given, html=None)


def _validate_given(published: Optional[str]) -> Optional[str]:
    if published is None:
        return None
    given = validate_date(published)
    if given is None:
        raise RedlineError(Errors.E110, EXIT_USAGE, what="publication date", value=published)
    return given


def _iter(target: str, given: Optional[str], max_mb: float, stdin: Optional[BinaryIO]) -> Iterator[Item]:
    if target == "-":
        yield from _stdin(stdin if stdin is not None else sys.stdin.buffer, given, max_mb)
        return
    path = Path(target)
    if not path.exists():
        yield _problem(Errors.E103, target, source=target)
        return
    if path.is_dir():
        unreadable: list = []
        files = walk(path, unreadable)
        for where, reason in unreadable:
            yield _problem(Errors.E108, where, source=where, reason=reason)
        if not files and not unreadable:
            yield _problem(Errors.E101, target, source=target)
        for file in files:
            yield from _file(file, str(file), given, max_mb)
        return
    yield from _file(path, target, given, max_mb)


def iter_inputs(
    target: str,
    *,
    published: Optional[str] = None,
    max_mb: float = 5.0,
    stdin: Optional[BinaryIO] = None,
) -> Iterator[Item]:
    """Documents and problems from a file, a directory or ``-`` (standard input, or ``stdin``).

    ``published`` (YYYY-MM-DD) applies to every document; an invalid value raises
    RedlineError E110 with exit code 2 at once, before any input is read, as a ``max_mb`` that is no
    positive number (E114) does.
    """
    given = _validate_given(published)
    return _iter(str(target), given, check_max_mb(max_mb), stdin)


def check_max_mb(value) -> float:
    """The largest document size in MB: a positive, finite number, or E114."""
    import math

    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise RedlineError(Errors.E114, EXIT_USAGE, value=value) from exc
    if not math.isfinite(number) or number <= 0:
        raise RedlineError(Errors.E114, EXIT_USAGE, value=value)
    return number
