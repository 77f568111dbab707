"""Bytes to text: binary detection, encoding fallback, size and emptiness checks.

Rules, in order:

1. no bytes at all: E101;
2. a known magic number (PDF, ZIP/Office, PNG, GIF, JPEG, gzip, ...): E102;
3. a UTF-32/UTF-16 byte order mark, or BOM-less UTF-16 (NUL bytes in every other
   position): decoded as such, with warning W002;
4. other NUL bytes in the first 8 KB: E102;
5. UTF-8 (a UTF-8 BOM is stripped); if invalid: the encoding an HTML page declares
   in its ``<meta charset>``, if any; UTF-8 with the bad bytes replaced when
   the text is otherwise clearly UTF-8 (a few bad bytes among many valid multi-byte
   characters), else cp1252, else latin-1; each fallback adds W002 naming the encoding;
6. more than 5 % control characters (other than tab, newlines, form feed) in the
   first 8 K characters: E102;
7. only whitespace: E101.

Failures are raised as :class:`redline.errors.RedlineError`; the caller turns them
into :class:`~redline.ingest.types.IngestProblem` records.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Optional

from redline.errors import Errors, RedlineError

SNIFF_BYTES = 8192
CONTROL_SHARE_MAX = 0.05

MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office/EPUB document"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh9", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
]

_BOMS: list[tuple[bytes, str, str]] = [
    # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
]

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1b"}


def _problem(error: Errors, **kwargs) -> RedlineError:
    return RedlineError(error, **kwargs)


def sniff_magic(head: bytes) -> Optional[str]:
    """The kind of binary file ``head`` starts with, or None."""
    for magic, reason in MAGIC:
        if head.startswith(magic):
            return reason
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a RIFF media file"
    if head[4:8] == b"ftyp":
        return "an MP4/QuickTime media file"
    return None


def _bomless_utf16(sample: bytes) -> Optional[str]:
    """'utf-16-le' / 'utf-16-be' when NUL bytes sit in every other position, as in ASCII-heavy UTF-16."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def control_share(text: str) -> float:
    """Share of control characters (other than whitespace and ESC) in the first 8 K characters."""
    sample = text[:SNIFF_BYTES]
    if not sample:
        return 0.0
    bad = sum(
        1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return bad / len(sample)


def _decode_fallback(data: bytes, declared: Optional[str] = None) -> tuple[str, str]:
    """Decode bytes that are not valid UTF-8; return the text and the encoding's display name."""
    if declared:
        try:
            codec = codecs.lookup(declared).name
            if codec in ("iso8859-1", "ascii"):
                codec = "cp1252"  # as browsers do (WHATWG encoding standard)
            if codec not in ("utf-8", "utf-16", "utf-32"):
                return data.decode(codec), f"{codec} (declared by the page)"
        except (LookupError, UnicodeDecodeError):
            pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    good = sum(1 for ch in replaced if ord(ch) > 0x7F and ch != "\ufffd")
    if good >= 5 and bad * 10 <= good:
        return replaced, f"UTF-8 with {bad} invalid byte(s) replaced by U+FFFD"
    try:
        return data.decode("cp1252"), "cp1252 (Windows-1252)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1 (ISO-8859-1)"


def decode_bytes(
    data: bytes, source: str, *, check_magic: bool = True, declared: Optional[str] = None
) -> tuple[str, Optional[str]]:
    """Decode ``data`` following the module rules.

    ``declared`` is an encoding named by the input itself (an HTML ``<meta charset>``);
    it is tried first when the bytes are not valid UTF-8.

    Returns ``(text, fallback_encoding)``; ``fallback_encoding`` is None for plain UTF-8
    and otherwise names the encoding used (for warning W002). Raises RedlineError with
    E101 (empty) or E102 (binary).
    """
    if not data:
        raise _problem(Errors.E101, source=source)
    head = data[:SNIFF_BYTES]
    if check_magic:
        reason = sniff_magic(head)
        if reason:
            raise _problem(Errors.E102, source=source, reason=f"it starts like {reason}")

    text: Optional[str] = None
    encoding: Optional[str] = None
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
                encoding = name
            except UnicodeDecodeError:
                raise _problem(
                    Errors.E102, source=source, reason=f"it has a {name} byte order mark but is not {name}"
                ) from None
            break
    if text is None and b"\x00" in head:
        codec = _bomless_utf16(head)
        if codec:
            try:
                text = data.decode(codec)
                encoding = "UTF-16 (no byte order mark)"
            except UnicodeDecodeError:
                text = None
        if text is None:
            raise _problem(Errors.E102, source=source, reason="it contains NUL bytes")
    if text is None:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, encoding = _decode_fallback(data, declared)

    if control_share(text) > CONTROL_SHARE_MAX:
        raise _problem(Errors.E102, source=source, reason="it is full of control characters")
    if not text.strip():
        raise _problem(Errors.E101, source=source)
    return text, encoding


_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", re.I)


def declared_charset(head: bytes) -> Optional[str]:
    """The encoding an HTML page names in a ``<meta charset>`` near its start, or None."""
    m = _META_CHARSET.search(head[:SNIFF_BYTES])
    return m.group(1).decode("ascii").lower() if m else None


def normalize_newlines(text: str) -> str:
    """The only change made to plain text: Windows line ends become "\\n"."""
    return text.replace("\r\n", "\n")
