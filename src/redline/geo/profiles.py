"""Where a news source writes about: its "local lexicon", learnt from the corpus.

Local papers rarely name the state beside their own town: a story from a
Tennessee paper says "a Paris man", and the reader knows which Paris. Over a
corpus, the source tells us too. Each article's places that are unambiguous
(a name with one reading, a name qualified by its state, a first-level area)
are counted by the source that published it; an ambiguous name in a later
article of that source then leans towards the first-level areas and countries
the source usually writes about.

Learning is opt-in, because it makes an article's output depend on the other
articles of the run (in the order they are read). ``redline extract
--learn-sources`` and ``extract_many(..., learn_sources=True)`` turn it on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, Optional
from urllib.parse import urlparse

# A source needs this many unambiguous places before its profile counts.
MIN_EVIDENCE = 3


def source_key(source: Optional[str], url: Optional[str]) -> Optional[str]:
    """The source a document came from: its ``source`` field, else its URL's host without "www."."""
    if source and source.strip():
        key = source.strip().lower()
        host = urlparse(key).netloc if "://" in key else ""
        return (host or key).removeprefix("www.")
    if url and "://" in url:
        host = urlparse(url).netloc.lower()
        return host.removeprefix("www.") or None
    return None


class SourceProfiles:
    """First-level areas and countries each source's articles name unambiguously."""

    def __init__(self) -> None:
        self._areas: dict[str, Counter] = defaultdict(Counter)
        self._countries: dict[str, Counter] = defaultdict(Counter)
        # Set to False to use what was learnt without learning more (a second pass over a corpus).
        self.learning = True

    def observe(self, source: Optional[str], places: Iterable) -> None:
        """Count the unambiguous gazetteer ``places`` of one article of ``source``."""
        if not source or not self.learning:
            return
        for place in places:
            if place.country:
                self._countries[source][place.country] += 1
            if place.country and place.admin1:
                self._areas[source][(place.country, place.admin1)] += 1

    def home(self, source: Optional[str]) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
        """({(country, admin1): share}, {country: share}) of ``source``; empty until it has evidence."""
        if not source:
            return {}, {}
        return _shares(self._areas.get(source)), _shares(self._countries.get(source))


def _shares(counts: Optional[Counter]) -> dict:
    if not counts:
        return {}
    total = sum(counts.values())
    if total < MIN_EVIDENCE:
        return {}
    return {key: n / total for key, n in counts.items()}


__all__ = ["SourceProfiles", "source_key", "MIN_EVIDENCE"]
