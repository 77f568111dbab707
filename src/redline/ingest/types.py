"""The two things ingestion yields: a document ready to process, or a problem with one input."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from redline.model import Warning


@dataclass
class RawDocument:
    """One article, decoded and reduced to the text the pipeline will process.

    Character offsets produced downstream refer to ``text`` exactly.
    """

    text: str
    title: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD
    published_basis: Optional[str] = None  # "given" | "metadata" | "dateline"
    source: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None
    country: Optional[str] = None  # ISO alpha-3 the record says the text is about (checked later)
    origin: str = "<input>"
    warnings: list[Warning] = field(default_factory=list)


@dataclass
class IngestProblem:
    """An input (or one JSONL line) that was rejected, or a problem with one of its fields."""

    code: str  # catalogue code, e.g. "E105"
    message: str  # the formatted catalogue message
    origin: str
    line: Optional[int] = None

    @property
    def is_error(self) -> bool:
        """False for problems that did not stop the record (E109: the record was still yielded)."""
        return self.code != "E109"
