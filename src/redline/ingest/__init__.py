"""Ingestion: files, directories, standard input and JSONL to decoded article texts.

The entry point is :func:`iter_inputs`, which yields :class:`RawDocument` for each
article and :class:`IngestProblem` for each rejected input, never raising for a bad
input (only for a bad ``published`` argument). trafilatura is imported only when an
HTML page is seen.
"""

from redline.ingest.dateline import find_dateline, parse_iso_date, validate_date
from redline.ingest.decode import decode_bytes
from redline.ingest.html import extract_html, looks_like_html
from redline.ingest.language import guess_language
from redline.ingest.sources import build_document, from_text, iter_inputs, plain_title, walk
from redline.ingest.types import IngestProblem, RawDocument

__all__ = [
    "IngestProblem",
    "RawDocument",
    "build_document",
    "decode_bytes",
    "extract_html",
    "find_dateline",
    "from_text",
    "guess_language",
    "iter_inputs",
    "looks_like_html",
    "parse_iso_date",
    "plain_title",
    "validate_date",
    "walk",
]
