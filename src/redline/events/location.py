"""Where an event happened: a place among its arguments, else the most precise place of its sentence
or of the two before it, else the country the document is about.

A part of :class:`redline.events.coder.EventCoder`; it reads the coder's state (``self.doc``,
``self.state``, ``self.lex`` ...).
"""

from __future__ import annotations

from typing import Optional

from redline.events.triggers import Trigger
from redline.model import Location


class EventLocation:
    def event_location(self, trig: Trigger, target_toks: list) -> Optional[Location]:
        """Where the event happened: a place among its arguments or locative phrases, else the
        sentence's place, else the country the document is about (precision 3)."""
        place_at = self.state.place_at
        if not place_at:
            return self.focus_location
        tok = trig.token
        heads = [t for t in target_toks] + self.locations(tok)
        if tok.dep_ in ("dobj", "pobj", "nsubjpass", "nsubj") and tok.head.pos_ in ("VERB", "ADP"):
            # "an attack on X", "clashes erupted in X": the phrases of the verb that carries the noun.
            heads += self.locations(tok.head if tok.head.pos_ == "VERB" else tok.head.head)
        for head in heads:
            for t in [head] + [c for c in head.subtree if c.dep_ == "pobj"]:
                place = place_at.get(t.i)
                if place is not None and place.lat is not None:
                    return self._location(place, t.i, precision=None)
        # Else the most precise place of the sentence, then of the two sentences before it (a report goes
        # on about the place it has named: "Clashes erupted outside Sirte. Rockets were fired ...").
        sent = tok.sent
        found = self.sentence_place(sent)
        cursor = sent.start
        for _ in range(2):
            if found is not None or cursor == 0:
                break
            previous = self.doc[cursor - 1].sent
            found, cursor = self.sentence_place(previous), previous.start
        return found or self.focus_location

    def sentence_place(self, sent) -> Optional[Location]:
        if sent.start not in self._sentence_place:
            self._sentence_place[sent.start] = self._most_precise_place(sent)
        return self._sentence_place[sent.start]

    def _most_precise_place(self, span) -> Optional[Location]:
        from redline.geo import feature_code_precision

        best = None
        for t in span:
            place = self.state.place_at.get(t.i)
            if place is not None and place.lat is not None:
                rank = feature_code_precision(place)
                if best is None or rank < best[0]:
                    best = (rank, place, t.i)
        return self._location(best[1], best[2], precision=None) if best else None

    def _location(self, place, token_index: int, precision: Optional[int]) -> Location:
        from redline.geo import feature_code_precision

        evidence = self._mention_at(place, self.doc[token_index].idx)
        return Location(place_id=place.id, name=place.name, lat=place.lat, lon=place.lon, country=place.country,
                        geo_precision=precision or feature_code_precision(place), evidence=evidence)

    def _mention_at(self, place, char: int):
        """The mention of ``place`` that covers character ``char``. A place named a thousand times is searched
        by bisection over its mentions' starts, worked out once per place and document."""
        import bisect

        starts_of = self.mention_starts
        if place.id not in starts_of:
            ordered = sorted(place.mentions, key=lambda m: m.start)
            starts_of[place.id] = ([m.start for m in ordered], ordered)
        starts, ordered = starts_of[place.id]
        i = bisect.bisect_right(starts, char) - 1
        return ordered[i] if i >= 0 and ordered[i].start <= char < ordered[i].end else None

    @property
    def focus_location(self) -> Optional[Location]:
        """The country the document is about, as the places stage found it (precision 3)."""
        return self.state.focus

