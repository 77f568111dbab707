"""TIMEX3 values: calendar arithmetic on them and the window of days each one covers."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Optional

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def shifted_value(reference: date, unit: str, amount: int) -> Optional[str]:
    """The calendar unit ``amount`` units away from ``reference``, at that unit's granularity:
    ``("W", -1)`` is last week's ISO week, ``("Y", -3)`` the year three years ago."""
    if unit == "D":
        return (reference + timedelta(days=amount)).isoformat()
    if unit in ("W", "WE"):
        value = week_value(reference + timedelta(weeks=amount))
        return value + "-WE" if unit == "WE" else value
    if unit == "FN":
        return week_value(reference + timedelta(weeks=2 * amount))
    if unit == "M":
        year, month = add_months(reference.year, reference.month, amount)
        return f"{year:04d}-{month:02d}"
    if unit == "Q":
        year, month = add_months(reference.year, (quarter_of(reference) - 1) * 3 + 1, 3 * amount)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if unit == "Y":
        return f"{reference.year + amount:04d}"
    if unit == "DE":
        return f"{reference.year // 10 + amount:03d}"
    if unit == "CE":
        return f"{reference.year // 100 + amount:02d}"
    if unit in ("H", "MIN", "S"):
        return reference.isoformat()
    return None


_SMALLER = {"Y": ("M", 12), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}


def duration_value(amount, unit: str) -> str:
    """``P3D``, ``PT24H``, ``P10Y`` (a decade): the TIMEX3 duration of ``amount`` units; X when vague."""
    if amount == "X":
        number = "X"
    elif not float(amount).is_integer() and unit in _SMALLER:
        # "2 1/2 years" is P2Y6M, "5 1/2 hours" PT5H30M.
        smaller, per = _SMALLER[unit]
        whole, rest = int(amount), round((amount - int(amount)) * per)
        first = duration_value(whole, unit) if whole else ("PT" if unit == "H" else "P")
        second = duration_value(rest, smaller)
        return first + second[2:] if second.startswith("PT") and "T" in first else first + second[1:]
    else:
        scale = {"DE": 10, "CE": 100, "FN": 2}.get(unit, 1)
        amount = amount * scale
        number = str(int(amount)) if float(amount).is_integer() else f"{amount:g}"
    designator = {"S": "TS", "MIN": "TM", "H": "TH", "D": "D", "W": "W", "FN": "W", "M": "M", "Q": "Q",
                  "Y": "Y", "DE": "Y", "CE": "Y", "WE": "WE"}[unit]
    if designator.startswith("T"):
        return f"PT{number}{designator[1:]}"
    if unit == "DE" and number == "X":
        return "PXDE"
    if unit == "CE" and number == "X":
        return "PXCE"
    return f"P{number}{designator}"


def duration_days(value: str) -> Optional[float]:
    """How many days a simple duration value lasts (``PT24H`` is 1.0), None when vague or compound."""
    match = re.fullmatch(r"P(T?)(\d+(?:\.\d+)?)([A-Z]+)", value)
    if not match:
        return None
    time_part, number, designator = match.groups()
    amount = float(number)
    if time_part:
        return amount * {"H": 1 / 24, "M": 1 / 1440, "S": 1 / 86400}.get(designator, 0)
    return amount * {"D": 1, "W": 7, "M": 30.4, "Q": 91.3, "Y": 365.25, "WE": 7}.get(designator, 0) or None


def window(value: str) -> Optional[tuple[str, date, date]]:
    """The precision of a date value and the first and last day it covers; None if it is no
    calendar date (a duration, a set, PAST_REF...) or none the calendar can write (year 0)."""
    try:
        return _window(value)
    except (OverflowError, ValueError):
        return None


def _window(value: str) -> Optional[tuple[str, date, date]]:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T\d{2}(?::\d{2})?)?(T(?:MO|AF|EV|NI|MI|DT))?", value)
    if m:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return ("hour" if m.group(4) else "day"), day, day
    m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
    if m:
        try:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return None
        if m.group(3):
            return "day", monday + timedelta(days=5), monday + timedelta(days=6)
        return "week", monday, monday + timedelta(days=6)
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        return "month", date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    m = re.fullmatch(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)", value)
    if m:
        year, part = int(m.group(1)), m.group(2)
        if part[0] == "Q":
            first = (int(part[1]) - 1) * 3 + 1
            last = first + 2
        elif part[0] == "H":
            first = 1 if part == "H1" else 7
            last = first + 5
        else:
            first, last = SEASON_MONTHS[part]
        end_year = year + 1 if last < first else year
        return "month", date(year, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])
    m = re.fullmatch(r"\d{4}", value)
    if m:
        year = int(value)
        return "year", date(year, 1, 1), date(year, 12, 31)
    m = re.fullmatch(r"\d{3}", value)
    if m:
        decade = int(value) * 10
        return "year", date(decade, 1, 1), date(decade + 9, 12, 31)
    return None


def iso_label(start: Optional[str], end: Optional[str], precision: Optional[str]) -> str:
    """A date as ISO 8601 says what it knows: a day, a month ('2020-06'), a year ('2020'), or the interval
    of the first and last day it can be ('2020-06-02/2020-06-08') for a week or a report's window; never
    a week printed as a day. ``start``, ``end``: YYYY-MM-DD."""
    if not start:
        return ""
    if precision in ("day", "hour") and (not end or end == start):
        return start
    if precision == "month" and end and start[:7] == end[:7] and start.endswith("-01"):
        return start[:7]
    if precision == "year" and end and start[:4] == end[:4] and start.endswith("-01-01"):
        return start[:4]
    return f"{start}/{end}" if end and end != start else start
