"""POST /api/extract: one pasted text or uploaded file through the redline pipeline.

The text is read here, by the ingest front door every other entry uses, and extracted in a worker
process (:mod:`redline.web.workers`): a long article never holds up the server's other users, and one
that runs past the server's time limit is stopped. Workers are started by the first extractions (the
server starts in a second, and a workbench that only browses the store never loads spaCy).

An upload is read in memory (the request body is already bounded by the server's limit); its file
name is kept as a label of where the text came from and decides only whether it is read as HTML. It
never names a path on the server.
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Optional

from redline.errors import EXIT_USAGE, Errors, RedlineError
from redline.ingest.sources import HTML_EXTS, MB, build_document, from_bytes
from redline.model import Document
from redline.nlp.loader import DEFAULT_MODEL

PASTED = "<pasted text>"
NAME_MAX = 120


class WebError(Exception):
    """A catalogue error with the HTTP status it is answered with."""

    def __init__(self, code: str, message: str, status: int = 400):
        self.code = code
        self.message = message
        self.status = status
        super().__init__(message)


def upload_label(filename: Optional[str]) -> str:
    """What an upload is called in messages and in the store's ``origin``: the last part of the name the
    client gave, shortened; never used as a path."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.strip() or "file"
    return "upload:" + "".join(ch if ch.isprintable() else "_" for ch in name)[:NAME_MAX]


class Extractor:
    """Reads a pasted text or an upload and has a worker extract it.

    ``workers``: how many articles may be extracted at once; ``deadline``: seconds an extraction may
    take before it is stopped (E373)."""

    def __init__(self, model: str = DEFAULT_MODEL, kb: tuple[str, ...] = (), max_mb: float = 5.0, *,
                 workers: int = 2, deadline: float = 600.0):
        from redline.web.workers import ExtractionWorkers

        self.max_mb = max_mb
        self.workers = ExtractionWorkers(model, kb, size=workers, deadline=deadline)

    def _check_size(self, size: int, source: str) -> None:
        if size > self.max_mb * MB:
            raise WebError("E104", Errors.E104.format(source=source, size_mb=size / MB, limit_mb=f"{self.max_mb:g}"),
                           413)

    def from_text(self, text: str, *, published: Optional[str] = None, title: Optional[str] = None,
                  source: Optional[str] = None, url: Optional[str] = None,
                  country: Optional[str] = None) -> tuple[Document, str]:
        """A pasted text (plain or HTML); returns the document and its origin label. ``country``: the hint
        of ``redline extract --country`` (a code or a name)."""
        from redline.api import check_date

        self._check_size(len(text.encode("utf-8", errors="replace")), PASTED)
        raw = build_document(text, origin=PASTED, given=check_date(published), title=title, source=source, url=url)
        return self._coded(raw, country), PASTED

    def from_upload(self, data: bytes, filename: Optional[str], *, published: Optional[str] = None,
                    title: Optional[str] = None, source: Optional[str] = None,
                    url: Optional[str] = None, country: Optional[str] = None) -> tuple[Document, str]:
        """An uploaded file's bytes, decoded as ``redline extract`` decodes a file (E101, E102 for bad input)."""
        from redline.api import check_date

        label = upload_label(filename)
        self._check_size(len(data), label)
        html = True if label.lower().endswith(HTML_EXTS) else None
        raw = from_bytes(data, origin=label, published=check_date(published), title=title, source=source, url=url,
                         html=html)
        return self._coded(raw, country), label

    def _coded(self, raw, country=None) -> Document:
        """The document of a text the ingest path read (or the WebError of its problem)."""
        from redline.api import check_country, raw_info, with_reading_warnings
        from redline.ingest.types import IngestProblem

        if isinstance(raw, IngestProblem):
            raise WebError(raw.code, raw.message)
        info = raw_info(raw, check_country(country))  # the same document info as the CLI and the API give
        return with_reading_warnings(self.workers.run(raw.text, info, raw.origin), raw)

    def open(self) -> None:
        self.workers.open()

    def close(self) -> None:
        self.workers.close()


def form_flag(value) -> bool:
    """A form or JSON value meaning yes: true, 1, yes, on."""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


def form_text(value, field: str) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RedlineError(Errors.E368, EXIT_USAGE, reason=f"{field} must be a string")
    return value.strip() or None
