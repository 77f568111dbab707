"""The time stage: the date window every event falls back on.

Without a time expression of its own, an event reported in an article happened
at most a few days before publication: its date is the week ending on the
publication day, never a made-up day.
"""

from __future__ import annotations

from datetime import date, timedelta

from redline.model import TimePoint

REPORTING_WINDOW_DAYS = 6


def publication_window(published: str | None) -> TimePoint | None:
    if not published:
        return None
    day = date.fromisoformat(published)
    return TimePoint(
        value=published,
        precision="week",
        start=(day - timedelta(days=REPORTING_WINDOW_DAYS)).isoformat(),
        end=published,
        basis="publication",
    )


def run_time(state) -> None:
    state.default_date = publication_window(state.info.published)


__all__ = ["publication_window", "run_time"]
