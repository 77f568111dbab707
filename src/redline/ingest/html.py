"""HTML pages to article text and metadata.

The main text comes from trafilatura (imported only when HTML is seen: it is slow to
import). Paragraphs are separated by a blank line in the result. When trafilatura
finds no text, a plain rendering of the page body by lxml is used instead (scripts,
styles and other non-content elements dropped). The publication date is taken from
the page's metadata only (htmldate without its extensive search of the body text):
dates written in the text are left to :func:`redline.ingest.dateline.find_dateline`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

_DOCTYPE_RE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_TAG_RE = re.compile(
    r"<(?:html|head|body|article|main|section|div|p|span|h[1-6]|br|meta|title|table|ul|li|a)[\s/>]", re.I
)
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}
_DROP_TAGS = ["script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"]
_SPACE_RE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_SHORT_EXTRACTION = 250  # trafilatura's own MIN_EXTRACTED_SIZE


@dataclass
class HtmlResult:
    text: str
    title: Optional[str] = None
    date: Optional[str] = None  # YYYY-MM-DD from the page metadata
    sitename: Optional[str] = None
    url: Optional[str] = None


def looks_like_html(text: str) -> bool:
    """True for text that is an HTML page or fragment.

    A doctype or ``<html>`` at the start decides; otherwise the text must start with
    ``<`` and hold a common HTML tag (``<p``, ``<div``, ``<article``...) early on.
    """
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if _DOCTYPE_RE.match(head):
        return True
    return head.startswith("<") and _TAG_RE.search(head[:2048]) is not None


def _clean(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    value = _SPACE_RE.sub(" ", value).strip()
    return value or None


def _paragraphs(text: str) -> str:
    """One paragraph per line (trafilatura's output) to paragraphs separated by a blank line."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n\n".join(line for line in lines if line)


def _trafilatura(html: str, url: Optional[str], favor_recall: bool):
    import trafilatura  # lazy: about half a second to import

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=favor_recall,
        deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )


def render_text(html: str) -> tuple[str, Optional[str]]:
    """A plain rendering of the page with lxml: ``(text, title)``, paragraphs separated by a blank line."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return "", None
    title = None
    title_el = root.find(".//title")
    if title_el is not None:
        title = _clean(title_el.text_content())
    etree.strip_elements(root, *_DROP_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False)

    blocks: list[str] = []
    current: list[str] = []

    def flush():
        chunk = _SPACE_RE.sub(" ", "".join(current)).strip()
        if chunk:
            blocks.append(chunk)
        current.clear()

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag.lower() in _BLOCK_TAGS
        if block:
            flush()
        if el.text:
            current.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block:
            flush()

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return "\n\n".join(blocks), title


def _date(value: Optional[str]) -> Optional[str]:
    from redline.ingest.dateline import parse_iso_date

    return parse_iso_date(value) if value else None


def extract_html(html: str, url: Optional[str] = None) -> HtmlResult:
    """Main text and metadata of an HTML page; ``text`` is empty when nothing could be found."""
    text = ""
    title = date = sitename = found_url = None
    try:
        doc = _trafilatura(html, url, favor_recall=False)
        if doc is not None and len((doc.text or "").strip()) < _SHORT_EXTRACTION:
            # short result: the page may be a fragment or tag soup; try harder, keep the longer
            recall = _trafilatura(html, url, favor_recall=True)
            if recall is not None and len((recall.text or "").strip()) > len((doc.text or "").strip()):
                doc = recall
    except Exception:  # trafilatura can fail on pathological markup; fall back to lxml
        doc = None
    if doc is not None:
        text = _paragraphs(doc.text or "")
        title, date, sitename, found_url = doc.title, doc.date, doc.sitename, doc.url
    fallback_title = None
    if not text:
        text, fallback_title = render_text(html)
    return HtmlResult(
        text=text,
        title=_clean(title) or fallback_title,
        date=_date(date),
        sitename=_clean(sitename),
        url=_clean(found_url) or url,
    )
