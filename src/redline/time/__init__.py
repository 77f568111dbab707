"""The time stage: time expressions normalized against the publication date, and the date
window every event falls back on.

The stage finds the document's time expressions in the text spaCy already parsed
(:mod:`redline.time.tagger`, patterns and words in ``data/time/``) and leaves them
on ``state.timexes`` for the events stage. Without a time expression of its own, an
event reported in an article happened at most a few days before publication: its
date is the week ending on the publication day, never a made-up day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

from redline.errors import Errors
from redline.model import TimePoint, Warning
from redline.time.tagger import Timex, find_timexes

REPORTING_WINDOW_DAYS = 6


def publication_window(published: str | None) -> TimePoint | None:
    if not published:
        return None
    day = date.fromisoformat(published)
    # the week before publication, cut at the calendar's first day
    first = day - timedelta(days=min(REPORTING_WINDOW_DAYS, day.toordinal() - 1))
    return TimePoint(
        value=published,
        precision="week",
        start=first.isoformat(),
        end=published,
        basis="publication",
    )


def tag_document(doc, reference: Optional[date], out_of_range: Optional[list] = None) -> list[Timex]:
    """The time expressions of a parsed document, valued against ``reference`` (the publication date);
    the words of those outside the calendar go to ``out_of_range``."""
    return find_timexes(doc, reference, out_of_range=out_of_range)


def date_within(state, start: int, end: int) -> Optional[TimePoint]:
    """The first dated expression the time stage found in tokens ``[start, end)``, as a TimePoint
    ("the deadline ... ends on Monday at 6:00 pm" → 2020-06-08T18:00), or None."""
    from redline.time.dating import timepoint

    for timex in state.dated_timexes(start, end):
        point = timepoint(state, timex)
        if point is not None:
            return point
    return None


def run_time(state) -> None:
    state.default_date = publication_window(state.info.published)
    reference = date.fromisoformat(state.info.published) if state.info.published else None
    out_of_range: list[str] = []
    state.timexes = tag_document(state.doc, reference, out_of_range)
    for words in dict.fromkeys(out_of_range):
        state.warnings.append(Warning(code="W007", message=Errors.W007.format(text=words)))


__all__ = ["Timex", "date_within", "find_timexes", "publication_window", "run_time", "tag_document"]
