"""Publication dates: validation of given dates and detection of a dateline in the text.

:func:`find_dateline` looks at the first 15 non-blank lines (at most 1500 characters)
for a *date line*: a line that holds a date and little else (a weekday, a time, a
label such as "Published:" or "Updated", a byline or place name), or a wire-style
dateline at the start of a paragraph ("WASHINGTON, June 8 (Reuters) -"). A date
inside an ordinary sentence ("talks will resume on June 8, 2020") is not a dateline.
The first date line found wins.

Recognised forms: ``2020-06-08`` (also with / or .), ``08/06/2020`` (also with . or -),
``June 8, 2020``, ``8 June 2020``, ``8th of June, 2020``, ``Mon, 8 Jun 2020``, with
optional weekday, time and labels around them; and year-less wire datelines, used only
when the year is known (the ``year`` argument, or a copyright notice "© 2020" in the text).

Numeric dates whose two first parts could both be a month (``08/06/2020``) are resolved:

1. a part above 12 is the day;
2. else a weekday written on the same line picks the reading that falls on it
   ("Monday 08/06/2020" is 8 June 2020, a Monday; 6 August 2020 was a Thursday);
3. else dates written with dots (``06.08.2020``) are day-first (the European style);
4. else month-first when the text writes its dates in the American order
   ("June 8, 2020" more often than "8 June 2020"), or ``month_first=True`` is given;
5. else day-first.

Impossible dates (31/02/2020) are rejected, as are years before 1900 or after next year.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

HEAD_LINES = 15
HEAD_CHARS = 1500
MIN_YEAR = 1900

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
# words that may stand next to a date on a date line without making it a sentence
LABELS = {
    "published", "updated", "posted", "modified", "last", "first", "date", "dated", "on",
    "at", "by", "and", "the", "of", "from", "in", "am", "pm", "a.m", "p.m", "gmt", "utc",
    "et", "edt", "est", "bst", "cet", "cest", "pst", "pdt", "ist", "jst", "local", "time",
    "hrs", "h", "issue", "edition", "created", "release", "released",
}
MAX_OTHER_WORDS = 5

_MONTH_ALT = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_M = rf"(?P<month>(?i:{_MONTH_ALT}))\.?"
_D = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_Y = r"(?P<year>\d{4})(?!\d)"

_PATTERNS = {
    "ymd": re.compile(r"(?<![\d/.-])(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d/])"),
    "num": re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})(?![\d/])"),
    "mdy": re.compile(rf"(?<![\w]){_M}\s+{_D},?\s+{_Y}"),
    "dmy": re.compile(rf"(?<![\w\d]){_D}(?:\s+of)?\s+{_M},?\s+{_Y}"),
}
# "WASHINGTON, June 8 (Reuters) -", "GENEVA/PARIS, Jun 8, 2020 (AFP) —"
_WIRE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Z/ .'’-]+(?:,\s*[A-Z][\w/ .'’-]{{1,30}})?),\s+{_M}\s+{_D}"
    rf"(?:,\s*{_Y})?\s*(?:\([^)]{{1,40}}\))?\s*[-–—:]"
)
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?\s*(?i:[ap]\.?m\.?)?(?!\d)")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_COPYRIGHT = re.compile(r"(?:©|\([cC]\)|[Cc]opyright)\s*(?:©\s*)?(\d{4})(?!\d)")
_WRITTEN_MDY = re.compile(rf"\b(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,\s+\d{{4}}", re.I)
_WRITTEN_DMY = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTH_ALT})\.?,?\s+\d{{4}}", re.I)
_ISO_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_ISO_STRICT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _make(year: int, month: int, day: int, *, bounded: bool = True) -> Optional[date]:
    if bounded and not (MIN_YEAR <= year <= date.today().year + 1):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def validate_date(value: str) -> Optional[str]:
    """``value`` if it is a real calendar date written YYYY-MM-DD (surrounding spaces allowed), else None."""
    if not isinstance(value, str):
        return None
    m = _ISO_STRICT.match(value.strip())
    if not m:
        return None
    d = _make(int(m[1]), int(m[2]), int(m[3]), bounded=False)
    return d.isoformat() if d else None


def parse_iso_date(value: str) -> Optional[str]:
    """The date part of an ISO date or date-time ("2020-06-08", "2020-06-08T09:30:00Z"), or None."""
    if not isinstance(value, str):
        return None
    m = _ISO_PREFIX.match(value.strip())
    if not m:
        return None
    d = _make(int(m[1]), int(m[2]), int(m[3]), bounded=False)
    return d.isoformat() if d else None


def _head_lines(text: str) -> list[str]:
    """The first non-blank lines of the text, within its first characters."""
    return [line for line in text[:HEAD_CHARS].split("\n") if line.strip()][:HEAD_LINES]


def _weekdays_in(line: str) -> set[int]:
    return {WEEKDAYS[w.lower()] for w in re.findall(r"[A-Za-z]+", line) if w.lower() in WEEKDAYS}


def _is_date_line(line: str, start: int, end: int) -> bool:
    """True when, beside the date at ``line[start:end]``, the line holds only labels, times and a few names."""
    rest = _TIME.sub(" ", line[:start] + " " + line[end:])
    others = 0
    for word in _WORD.findall(rest):
        key = word.lower().rstrip(".")
        if key in LABELS or key in WEEKDAYS or key in MONTHS:
            continue
        if not word[0].isupper():
            return False  # a lowercase word: this is a sentence, not a date line
        others += 1
    return others <= MAX_OTHER_WORDS


def _numeric(a: int, b: int, year: int, sep: str, line: str, month_first: bool) -> Optional[date]:
    day_first = _make(year, b, a)
    month_first_d = _make(year, a, b)
    if day_first is None or month_first_d is None or day_first == month_first_d:
        return day_first or month_first_d
    weekdays = _weekdays_in(line)
    if weekdays:
        matching = [d for d in (day_first, month_first_d) if d.weekday() in weekdays]
        if len(matching) == 1:
            return matching[0]
    if sep == ".":
        return day_first
    return month_first_d if month_first else day_first


def _writes_american(text: str) -> bool:
    sample = text[:20000]
    return len(_WRITTEN_MDY.findall(sample)) > len(_WRITTEN_DMY.findall(sample))


def _copyright_year(text: str) -> Optional[int]:
    m = _COPYRIGHT.search(text)
    return int(m[1]) if m else None


def _from_match(kind: str, m: re.Match, line: str, month_first: bool) -> Optional[date]:
    year = int(m["year"])
    if kind == "num":
        return _numeric(int(m["a"]), int(m["b"]), year, m["sep"], line, month_first)
    if kind == "ymd":
        return _make(year, int(m["month"]), int(m["day"]))
    month = MONTHS.get(m["month"].lower().rstrip("."))
    return _make(year, month, int(m["day"])) if month else None


def find_dateline(
    text: str, *, year: Optional[int] = None, month_first: Optional[bool] = None
) -> Optional[str]:
    """The publication date written on a date line near the top of ``text``, as YYYY-MM-DD, or None.

    ``year`` completes year-less wire datelines; ``month_first`` forces the reading of
    ambiguous numeric dates without a weekday (default: guessed from the text, see the module doc).
    """
    if not text:
        return None
    if month_first is None:
        month_first = _writes_american(text)
    for line in _head_lines(text):
        wire = _WIRE.match(line)
        if wire:
            month = MONTHS.get(wire["month"].lower().rstrip("."))
            wire_year = int(wire["year"]) if wire["year"] else (year or _copyright_year(text))
            if month and wire_year:
                found = _make(wire_year, month, int(wire["day"]))
                if found:
                    return found.isoformat()
            continue
        matches = sorted(
            ((m.start(), kind, m) for kind, rx in _PATTERNS.items() for m in rx.finditer(line)),
            key=lambda item: item[0],
        )
        for _start, kind, m in matches:
            found = _from_match(kind, m, line, month_first)
            if found and _is_date_line(line, m.start(), m.end()):
                return found.isoformat()
    return None
