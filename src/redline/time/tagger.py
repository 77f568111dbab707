"""Finding time expressions in a parsed document and normalizing them to TIMEX3 values.

The patterns and words are data (``data/time/rules.tsv`` and ``lexicon.json``); this
module matches them over the text, keeps the longest of overlapping matches, joins a
clock time to the day it is given with ("Monday at 6:00 pm"), and computes each
expression's value against the reference date (the publication date). Where the words
leave the direction open ("on Sunday", "in March") the tense of the governing verb
decides it (:mod:`redline.time.tense`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Optional

from redline.time.rules import TimeData, load_time_data
from redline.time.tense import FUTURE, PAST, PRESENT, tense_at
from redline.time.values import duration_value, quarter_of, shifted_value, week_value, window

# Where a clock time and a day may be joined into one expression: "Monday at 6:00 pm", "9 a.m. Tuesday".
_CLOCK_JOIN = re.compile(r"\s*(?:,|on|at|this|of)?\s*", re.IGNORECASE)
# A duration followed by one of these anchors a date on another event: "24 hours after the losses".
_ANCHOR = re.compile(r"\s+(after|before|later|earlier)\b", re.IGNORECASE)
_DAY_VALUE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T(?:MO|AF|EV|NI|MI))?")
_VERB_TAGS = {"MD", "VB", "VBP", "VBZ", "VBD", "VBN", "VBG"}
_CAPITALIZED_GROUPS = ("month", "weekday")
_NAME_ENTITIES = {"PERSON"}  # "Jan Kavan"; ORG is too often a misread date ("Sunday &" in "Sunday & left")


@dataclass
class Timex:
    """One time expression: its characters, TIMEX3 type, value and modifier."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION or SET
    value: Optional[str]  # None when the expression is relative and there is no reference date
    mod: Optional[str] = None
    rule: str = ""
    token_start: int = -1
    token_end: int = -1
    relation: Optional[str] = None  # "after"/"before" when a duration anchors on a following event

    @property
    def is_date(self) -> bool:
        return self.type in ("DATE", "TIME")


class _Context:
    """What the normalizers read: the lexicon, the reference date and the tense at the expression."""

    def __init__(self, data: TimeData, reference: Optional[date], doc, start: int, end: int,
                 anchor: Optional[str] = None, text: Optional[str] = None):
        self.data = data
        self.reference = reference
        self.anchor = anchor  # the value of the last calendar date the text mentioned
        self.doc = doc
        # the document's text, given once: spaCy rebuilds Doc.text from its tokens at every reading
        self.text = text if text is not None else (doc.text if doc is not None else "")
        self.start, self.end = start, end
        self._tense: object = ...

    def anaphoric(self, rel: Optional[str]) -> bool:
        return bool(rel) and " ".join(rel.lower().split()) in self.data.lexicon["anaphoric"]

    def anchor_day(self) -> Optional[date]:
        """The first day of the last mentioned date, for "the following year", "that week"."""
        covered = window(self.anchor) if self.anchor else None
        return covered[1] if covered else None

    def word(self, list_name: str, word: Optional[str]):
        return self.data.meaning(list_name, word) if word else None

    @property
    def tense(self) -> Optional[int]:
        if self._tense is ...:
            self._tense = None
            before = self.text[max(0, self.start - 20):self.start].lower() if self.doc is not None else ""
            if any(before.rstrip().endswith(w) for w in self.data.lexicon["forward_words"]):
                self._tense = FUTURE  # "postponed until Tuesday"
            elif self.doc is not None:
                span = self.doc.char_span(self.start, self.end, alignment_mode="expand")
                if span is not None and len(span):
                    self._tense = tense_at(self.doc, span.root.i)
        return self._tense


def _number(text: Optional[str], data: TimeData):
    if text is None:
        return None
    words = " ".join(text.lower().replace("-", " ").split())
    half = words.endswith(" 1/2") or words.endswith(" ½")
    words = words.replace(" 1/2", "").replace(" ½", "")
    if re.fullmatch(r"\d+(?:,\d{3})*", words):
        return int(words.replace(",", "")) + (0.5 if half else 0)
    if re.fullmatch(r"\d+[.,]\d+", words):
        return float(words.replace(",", "."))
    known = data.lexicon["number"].get(words)
    if known is not None:
        return known
    parts = words.split()
    if len(parts) == 2 and parts[0] in data.lexicon["number_tens"] and parts[1] in data.lexicon["number_units"]:
        return data.lexicon["number_tens"][parts[0]] + data.lexicon["number_units"][parts[1]]
    return None


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _year_for(ctx: _Context, month: int, day: Optional[int]) -> Optional[int]:
    """The year of a month (and day) given without one: the one the tense points to, else the nearest."""
    ref = ctx.reference
    if ref is None:
        return None
    # Months from the reference to the date in the reference's year. News mostly speaks of the
    # months around publication, so the year is the reference's unless the tense points the other
    # way by more than a couple of months, or the date is more than half a year away.
    distance = (month - ref.month) + (((day or 15) - ref.day) / 31 if day else 0)
    tense = ctx.tense
    if tense == PAST:
        return ref.year - 1 if distance > 2 else ref.year
    if tense == FUTURE:
        return ref.year + 1 if distance < -2 else ref.year
    if distance > 6:
        return ref.year - 1
    if distance < -6:
        return ref.year + 1
    return ref.year


def _modifier(ctx: _Context, groups: dict) -> Optional[str]:
    return ctx.word("modifier", groups.get("mod"))


def _time_of(groups: dict) -> Optional[str]:
    word = (groups.get("clockword") or "").lower()
    if word in ("noon", "midday"):
        return "12:00"
    if word == "midnight":
        return "24:00"
    if groups.get("hour") is None:
        return None
    hour, minute = int(groups["hour"]), int(groups.get("minute") or 0)
    meridiem = (groups.get("ampm") or "").lower()
    if meridiem.startswith("p") and hour < 12:
        hour += 12
    elif meridiem.startswith("a") and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _with_part(day: date, part: Optional[str], ctx: _Context) -> str:
    code = ctx.word("part_of_day", part)
    return day.isoformat() + (f"T{code}" if code else "")


# --- normalizers: (context, groups) -> (type, value, mod) or None to drop the match -----------------------

def _calendar(ctx: _Context, g: dict):
    data = ctx.data
    year = g.get("year") or g.get("year2")
    year = int(year) if year else _spoken_year(g.get("spokenyear"), data)
    if g.get("spokenyear") and year is None:
        return None
    month = ctx.word("month", g.get("month")) or (int(g["monthnum"]) if g.get("monthnum") else None)
    day = _day_number(g["day"]) if g.get("day") else None
    mod = "MID" if g.get("mid") else _modifier(ctx, g)
    if month is None:
        return ("DATE", f"{year:04d}", mod) if year else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    rel = (g.get("rel") or "").lower()
    if year is None and rel and ctx.reference is not None:
        ref = ctx.reference
        step = data.lexicon["relative"].get(rel, 0)
        if step < 0:
            year = ref.year if month < ref.month else ref.year - 1
        elif step > 0:
            year = ref.year if month > ref.month else ref.year + 1
        else:
            year = ref.year
    if year is None and day is not None and g.get("weekday") and ctx.reference is not None:
        year = _year_matching_weekday(ctx, month, day, ctx.word("weekday", g["weekday"]))
    if year is None:
        year = _year_for(ctx, month, day)
    if year is None:
        return ("DATE", f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""), mod)
    if day is None:
        return "DATE", f"{year:04d}-{month:02d}", mod
    try:
        value = date(year, month, day).isoformat()
    except ValueError:
        return None
    if g.get("hour"):
        return "TIME", f"{value}T{g['hour']}:{g['minute']}", mod
    return "DATE", value, mod


def _spoken_year(text: Optional[str], data: TimeData) -> Optional[int]:
    """"nineteen ninety-six" is 1996, "two thousand and one" 2001."""
    if not text:
        return None
    words = " ".join(text.lower().replace("-", " ").split()).replace(" and", "")
    if words.startswith("two thousand"):
        rest = words[len("two thousand"):].strip()
        return 2000 + (_number(rest, data) or 0 if rest else 0)
    first, _, rest = words.partition(" ")
    rest = rest.replace("hundred", "").strip()
    century = data.lexicon["spoken_year_century"].get(first)
    tail = _number(rest, data) if rest else 0
    if century is None or tail is None or not 0 <= tail < 100 or (tail < 10 and "hundred" not in words):
        return None  # "twenty six percent" is a number, "nineteen ninety-six" a year
    return century * 100 + int(tail)


def _year_matching_weekday(ctx: _Context, month: int, day: int, weekday: Optional[int]) -> Optional[int]:
    for year in (ctx.reference.year, ctx.reference.year - 1, ctx.reference.year + 1):
        try:
            if date(year, month, day).isoweekday() == weekday:
                return year
        except ValueError:
            continue
    return None


def _numeric(ctx: _Context, g: dict):
    first, second = int(g["first"]), int(g["second"])
    year = int(g["year"])
    if year < 100:
        year += 1900 if year >= 50 else 2000
    readings = []
    for month, day in ((first, second), (second, first)):  # month/day (US) first, then day/month
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    if not readings:
        return None
    weekday = ctx.word("weekday", g.get("weekday"))
    if weekday:
        matching = [d for d in readings if d.isoweekday() == weekday]
        readings = matching or readings
    if ctx.reference is not None and len(readings) > 1:
        readings.sort(key=lambda d: abs((d - ctx.reference).days))
    return "DATE", readings[0].isoformat(), None


def _weekday(ctx: _Context, g: dict):
    weekday = ctx.word("weekday", g["weekday"])
    ref = ctx.reference
    if ref is None or weekday is None:
        return "DATE", f"XXXX-WXX-{weekday}", None
    rel = (g.get("rel") or "").lower()
    step = ctx.data.lexicon["relative"].get(rel, 0) if rel else 0
    back = (ref.isoweekday() - weekday) % 7
    ahead = (weekday - ref.isoweekday()) % 7
    if step < 0:
        day = ref - timedelta(days=back or 7)
    elif step > 0:
        day = ref + timedelta(days=ahead or 7)
    elif back == 0:
        day = ref
    elif g.get("poss"):
        day = ref - timedelta(days=back)  # "Wednesday's ruling" is done
    else:
        tense = ctx.tense
        day = ref + timedelta(days=ahead) if tense == FUTURE else ref - timedelta(days=back)
    part = g.get("part")
    return ("TIME" if part else "DATE"), _with_part(day, part, ctx), _modifier(ctx, g)


def _day_word(ctx: _Context, g: dict):
    word = (g.get("dayword") or "").lower()
    part = g.get("part")
    if word == "tonight":
        part = "night"
    anaphoric = {"the same": 0, "that same": 0, "that": 0, "the next": 1, "the following": 1, "the previous": -1}
    if word in anaphoric and ctx.anchor_day() and window(ctx.anchor)[0] in ("day", "hour"):
        # "the next morning", "that same day": the day the text last spoke of.
        day = ctx.anchor_day() + timedelta(days=anaphoric[word])
        return ("TIME" if part else "DATE"), _with_part(day, part, ctx), _modifier(ctx, g)
    offset = {"this": 0, "last": -1}.get(word, anaphoric.get(word))
    if offset is None:
        offset = ctx.word("day_word", word) or 0
    if ctx.reference is None:
        return None
    day = ctx.reference + timedelta(days=offset)
    return ("TIME" if part else "DATE"), _with_part(day, part, ctx), _modifier(ctx, g)


def _clock(ctx: _Context, g: dict):
    clock = _time_of(g)
    if clock is None or ctx.reference is None:
        return None
    return "TIME", f"{ctx.reference.isoformat()}T{clock}", _modifier(ctx, g)


def _relative(ctx: _Context, g: dict):
    ref = ctx.reference
    rel = (g.get("rel") or "").lower()
    step = {"current": 0, "same": 0, "that": 0}.get(rel, ctx.data.lexicon["relative"].get(rel, 0))
    mod = _modifier(ctx, g)
    if ctx.anaphoric(rel) and ctx.anchor_day():
        ref = ctx.anchor_day()
        step = 1 if rel.lower().endswith("following") else (-1 if rel.lower().endswith(("previous", "preceding")) else 0)
    if ref is None:
        return None
    if g.get("season"):
        return "DATE", _season_value(ctx, ctx.word("season", g["season"]), step), mod
    unit = ctx.word("calendar_unit", g.get("unit"))
    if unit == "WE" and rel in ("the", "over the", "during the"):
        # "over the weekend": the last one in a report, the next one in a plan.
        if ctx.tense == FUTURE:
            day = ref + timedelta(days=max(0, 6 - ref.isoweekday()))
        else:
            day = ref if ref.isoweekday() >= 6 else ref - timedelta(days=ref.isoweekday())
        return "DATE", week_value(day) + "-WE", mod
    value = shifted_value(ref, unit, step)
    return ("DATE", value, mod) if value else None


def _season_value(ctx: _Context, season: str, step: Optional[int]) -> str:
    ref = ctx.reference
    first_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    started = ref.month >= first_month or (season == "WI" and ref.month <= 2)
    if season == "WI" and ref.month <= 2:
        year = ref.year - 1
    else:
        year = ref.year
    if step is None:
        tense = ctx.tense
        step = -1 if tense == PAST else (1 if tense == FUTURE else 0)
        if step == -1 and started:
            step = 0
        if step == 1 and not started:
            step = 0
    if step < 0:
        year = year if started and ref.month > first_month + 2 else year - 1
    elif step > 0:
        year = year + 1 if started else year
    return f"{year:04d}-{season}"


def _season(ctx: _Context, g: dict):
    season = ctx.word("season", g["season"])
    mod = _modifier(ctx, g)
    if g.get("year"):
        return "DATE", f"{int(g['year']):04d}-{season}", mod
    if ctx.reference is None:
        return None
    return "DATE", _season_value(ctx, season, None), mod


def _offset(ctx: _Context, g: dict):
    direction = -1 if g["offset"].lower() in ("ago", "earlier", "before") else 1
    amount = _number(g.get("num"), ctx.data)
    unit = ctx.word("unit", g.get("unit"))
    mod = _modifier(ctx, g)
    if amount is None or unit is None:
        return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", mod
    if ctx.reference is None:
        return None
    if unit in ("Y", "Q") and ctx.anchor and re.fullmatch(r"\d{4}-Q[1-4]", ctx.anchor):
        # "up from $5 million a year earlier" after "third-quarter profit": the same quarter a year before.
        year, quarter = int(ctx.anchor[:4]), int(ctx.anchor[-1])
        back = int(round(amount)) * (4 if unit == "Y" else 1) * direction
        index = year * 4 + quarter - 1 + back
        return "DATE", f"{index // 4:04d}-Q{index % 4 + 1}", mod
    if g["offset"].lower() in ("earlier", "later", "before") and unit not in ("Y", "Q"):
        # "three days later" measures from the story's last event, not from publication: a duration.
        return "DURATION", duration_value(amount, unit), mod
    if unit in ("DE", "CE"):
        amount, unit = amount * (10 if unit == "DE" else 100), "Y"
    if unit == "Y" and amount >= 1 and not float(amount).is_integer():
        amount, unit = round(amount * 12), "M"
    value = shifted_value(ctx.reference, unit, direction * int(round(amount)))
    return ("DATE", value, mod) if value else None


def _duration(ctx: _Context, g: dict):
    unit = ctx.word("unit", g.get("unit"))
    if unit is None:
        return None
    vague = (g.get("vague") or "").lower()
    if vague in ("recent", "coming", "the coming"):
        # "in recent years", "in coming months": TimeML reads these as the past and the future at large.
        return "DATE", "PAST_REF" if vague == "recent" else "FUTURE_REF", _modifier(ctx, g)
    if vague or not (g.get("num") or g.get("rel")):
        amount = "X"
    elif g.get("num"):
        amount = _number(g["num"], ctx.data)
        if amount is None:
            return None
    else:
        amount = 1
    return "DURATION", duration_value(amount, unit), _modifier(ctx, g)


def _quarter(ctx: _Context, g: dict):
    ref = ctx.reference
    if g.get("periodyear"):
        # "the 1988 quarter" after "third-quarter": that quarter of 1988.
        if ctx.anchor and re.fullmatch(r"\d{4}-Q[1-4]", ctx.anchor):
            return "DATE", f"{g['periodyear']}-{ctx.anchor[-2:]}", None
        return "DATE", g["periodyear"], None
    if g.get("quarterword"):
        rel = g["rel"].lower()
        if ref is None or (g["quarterword"].lower() == "period" and rel not in ("year-ago", "year-earlier", "latest")):
            return None
        current = shifted_value(ref, "Q", 0)
        if rel == "the":
            # "profit for the quarter": the quarter the text is about, else the last one completed.
            if ctx.anchor and re.fullmatch(r"\d{4}-Q[1-4]", ctx.anchor):
                return "DATE", ctx.anchor, _modifier(ctx, g)
            return "DATE", shifted_value(ref, "Q", -1), _modifier(ctx, g)
        if rel in ("current", "this", "same"):
            return "DATE", current, None
        if rel in ("next", "coming"):
            return "DATE", shifted_value(ref, "Q", 1), None
        back = -5 if rel in ("year-ago", "year-earlier") else -1
        return "DATE", shifted_value(ref, "Q", back), None
    ordinal = g["ord"].lower()
    quarter = 4 if ordinal in ("final", "last") else int(ordinal[0]) if ordinal[0].isdigit() else \
        ctx.word("ordinal", ordinal)
    year = g.get("year") or g.get("year2")
    if year:
        year = int(year)
    elif ref is None:
        return "DATE", f"XXXX-Q{quarter}", None
    elif g.get("rel"):
        year = ref.year + ctx.data.lexicon["relative"].get(g["rel"].lower(), 0)
    else:
        year = ref.year
        if quarter > quarter_of(ref) and ctx.tense == PAST:
            year -= 1
    return "DATE", f"{year:04d}-Q{quarter}", _modifier(ctx, g)


def _half(ctx: _Context, g: dict):
    half = 1 if g["ord"].lower() == "first" else 2
    if g.get("year"):
        year = int(g["year"])
    elif ctx.reference is None:
        return None
    else:
        year = ctx.reference.year + (ctx.data.lexicon["relative"].get(g["rel"].lower(), 0) if g.get("rel") else 0)
    return "DATE", f"{year:04d}-H{half}", None


def _decade(ctx: _Context, g: dict):
    mod = _modifier(ctx, g)
    if g.get("decade"):
        return "DATE", g["decade"][:3], mod
    tens = int(g["decade2"][0]) if g.get("decade2") else ctx.word("decade_word", g.get("decadeword"))
    if tens is None:
        return None
    century = (ctx.reference.year // 100) if ctx.reference else 19
    if ctx.reference and century * 100 + tens * 10 > ctx.reference.year:
        century -= 1
    return "DATE", f"{century:02d}{tens}", mod


def _century(ctx: _Context, g: dict):
    text = g["ord"].lower()
    number = int(re.match(r"\d+", text).group()) if text[0].isdigit() else ctx.word("ordinal", text)
    if not number or number < 1:
        return None
    return "DATE", f"{number - 1:02d}", _modifier(ctx, g)


def _reference(ctx: _Context, g: dict):
    return "DATE", ctx.word("reference", g["ref"]), None


def _set(ctx: _Context, g: dict):
    if g.get("setword"):
        return "SET", ctx.word("set_word", g["setword"]), None
    if g.get("weekdays"):
        weekday = ctx.word("weekday", g["weekdays"][:-1])
        return "SET", f"XXXX-WXX-{weekday}", None
    if g.get("weekday"):
        return "SET", f"XXXX-WXX-{ctx.word('weekday', g['weekday'])}", None
    if g.get("month"):
        return "SET", f"XXXX-{ctx.word('month', g['month']):02d}", None
    unit = ctx.word("unit", g.get("unit"))
    amount = _number(g.get("num"), ctx.data) or 1
    return "SET", duration_value(amount, unit), None


def _holiday(ctx: _Context, g: dict):
    month, day = map(int, ctx.word("holiday", g["holiday"]).split("-"))
    year = int(g["year"]) if g.get("year") else _year_for(ctx, month, day)
    if year is None:
        return None
    return "DATE", date(year, month, day).isoformat(), None


NORMALIZERS: dict[str, Callable] = {
    "calendar": _calendar,
    "numeric": _numeric,
    "weekday": _weekday,
    "day_word": _day_word,
    "clock": _clock,
    "relative": _relative,
    "season": _season,
    "offset": _offset,
    "duration": _duration,
    "quarter": _quarter,
    "half": _half,
    "decade": _decade,
    "century": _century,
    "reference": _reference,
    "set": _set,
    "holiday": _holiday,
}


# --- finding -------------------------------------------------------------------------------------------

def _groups(match: re.Match, text: str) -> dict:
    """The named groups of a match over the lower-cased text, in the original case."""
    return {name: (text[match.start(name):match.end(name)] if match.start(name) >= 0 else None)
            for name in match.re.groupindex}


def _lowered(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)  # keep offsets ("İ" lowers to two)


def _plausible(match: re.Match, groups: dict, doc) -> bool:
    """Month and day names are capitalized; "May", "March" as verbs and bare numbers that count
    things ("1500 troops") are no dates."""
    for name in _CAPITALIZED_GROUPS:
        word = groups.get(name)
        if word and not word[0].isupper():
            return False
    month = groups.get("month")
    if month and match.end() - match.start() == len(month) and not month.endswith(".") and len(month) <= 4 \
            and month.lower() not in ("may", "june", "july"):
        return False  # a bare "Jan" or "Dec" is a name more often than a month
    if doc is None:
        return True
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if span is None or not len(span):
        return True
    if (groups.get("month") or groups.get("weekday")) and any(t.ent_type_ in _NAME_ENTITIES for t in span):
        return False
    if len(span) == 1 and groups.get("month") and span[0].tag_ in _VERB_TAGS:
        return False
    if groups.get("year") and len(span) == 1:
        token = span[0]
        if token.dep_ == "nummod" and token.head.tag_ == "NNS" and token.head.i > token.i:
            return False  # "1500 troops" counts troops
    return True


def _candidates(text: str, data: TimeData, doc) -> list[tuple[int, int, object, dict]]:
    found = []
    regions = data.regions(text, doc if doc is not None and doc.text == text else None)
    lowered = _lowered(text)
    for order, rule in enumerate(data.rules):
        for start, end in regions:
            for match in rule.pattern.finditer(lowered, start, end):
                if match.end() > match.start():
                    groups = _groups(match, text)
                    if _plausible(match, groups, doc):
                        found.append((match.start(), match.end(), order, rule, groups))
    # Longest first, then earliest, then the rule listed first.
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list = []
    occupied = bytearray(len(text) + 1)  # 1 where a longer expression already lies: linear, not pairwise
    for start, end, _order, rule, groups in found:
        if occupied.find(1, start, end) == -1:
            taken.append((start, end, rule, groups))
            occupied[start:end] = b"\x01" * (end - start)
    taken.sort(key=lambda c: c[0])
    return taken


def _join_clock_times(text: str, timexes: list[Timex]) -> list[Timex]:
    """One expression for a clock time and the day it is on: "Monday at 6:00 pm" is 2020-06-08T18:00."""
    out: list[Timex] = []
    for timex in timexes:
        previous = out[-1] if out else None
        if previous is not None and _CLOCK_JOIN.fullmatch(text[previous.end:timex.start]):
            clock, day = (timex, previous) if timex.rule.startswith("clock") else (previous, timex)
            day_match = _DAY_VALUE.fullmatch(day.value or "")
            if clock.rule.startswith("clock") and clock is not day and day_match and clock.value:
                out[-1] = Timex(previous.start, timex.end, text[previous.start:timex.end], "TIME",
                                f"{day_match.group(1)}T{clock.value.split('T', 1)[1]}", clock.mod or day.mod,
                                rule=f"{day.rule}+{clock.rule}")
                continue
        out.append(timex)
    return out


def find_timexes(doc, reference: Optional[date], text: Optional[str] = None,
                 out_of_range: Optional[list] = None) -> list[Timex]:
    """The time expressions of a parsed document, normalized against ``reference``.

    ``doc`` is the spaCy Doc the pipeline parsed (its tags and parse give the tense);
    ``text`` defaults to ``doc.text``. Without a reference date, relative expressions
    are still found but those that need a date to resolve are dropped. An expression whose
    date falls outside years 1 to 9999 ("800000 days ago") is dropped too, and its words are
    added to ``out_of_range`` when a list is given.
    """
    data = load_time_data()
    text = doc.text if text is None else text
    timexes = []
    anchor = None
    for start, end, rule, groups in _candidates(text, data, doc):
        ctx = _Context(data, reference, doc, start, end, anchor, text)
        try:
            result = NORMALIZERS[rule.kind](ctx, groups)
        except (OverflowError, ValueError):
            # calendar arithmetic past date.min or date.max: left unresolved, not a crash
            if out_of_range is not None:
                out_of_range.append(text[start:end])
            continue
        if result is None or result[1] is None:
            continue
        type_, value, mod = result
        timexes.append(Timex(start, end, text[start:end], type_, value, mod, rule=rule.name))
        if type_ in ("DATE", "TIME") and rule.kind != "offset" and window(value) is not None:
            anchor = value  # "a year ago" is measured from the period under discussion, never becomes it
    timexes = _join_clock_times(text, timexes)
    for timex in timexes:
        if timex.type == "DURATION":
            anchor = _ANCHOR.match(text, timex.end)
            timex.relation = anchor.group(1).lower() if anchor else None
        if doc is not None:
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None:
                timex.token_start, timex.token_end = span.start, span.end
    return timexes


__all__ = ["NORMALIZERS", "PAST", "PRESENT", "FUTURE", "Timex", "find_timexes"]
