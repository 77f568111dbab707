"""One event for the words of one act: triggers of the same type joined by the parse are merged.

A part of :class:`redline.events.coder.EventCoder`; it reads the coder's state (``self.doc``,
``self.state``, ``self.lex`` ...).
"""

from __future__ import annotations

from redline.model import Event


class MergeLinked:
    def merge_linked(self, events: dict) -> list[Event]:
        """One event for the words of one act: "a car bomb exploded ..., killing five", "two soldiers were
        killed when their patrol was ambushed" and "killed in clashes" each report one attack, so triggers
        of the same type joined by the parse (head and dependent, through at most a preposition or a
        subordinate clause) are merged. The kept event is the one with a named source, else the head."""
        order = sorted(events)
        keep = {i: i for i in order}

        def root(i):
            while keep[i] != i:
                i = keep[i]
            return i

        for a_pos, a in enumerate(order):
            for b in order[a_pos + 1:]:
                ra, rb = root(a), root(b)
                if ra == rb or events[ra].type != events[rb].type or events[ra].negated != events[rb].negated:
                    continue
                if not self._linked(self.doc[a], self.doc[b]):
                    continue
                implicit_a = all(r.implicit for r in events[ra].source)
                implicit_b = all(r.implicit for r in events[rb].source)
                if not (implicit_a or implicit_b or {r.code for r in events[ra].source} == {r.code for r in events[rb].source}):
                    continue
                winner, loser = (ra, rb)
                if implicit_a and not implicit_b:
                    winner, loser = rb, ra
                elif implicit_a == implicit_b and self._is_ancestor(self.doc[rb], self.doc[ra]):
                    winner, loser = rb, ra
                events[winner] = self._absorb(events[winner], events[loser])
                keep[loser] = winner
        return [events[i] for i in order if keep[i] == i]

    @staticmethod
    def _is_ancestor(a, b) -> bool:
        return any(t.i == a.i for t in b.ancestors)

    @staticmethod
    def _linked(a, b) -> bool:
        for x, y in ((a, b), (b, a)):
            if y.head.i == x.i and y.i != x.i:
                return True
            if y.head.head.i == x.i and y.head.dep_ in ("prep", "agent", "advcl", "acl", "relcl", "xcomp"):
                return True
        return False

    @staticmethod
    def _absorb(kept: Event, other: Event) -> Event:
        """``kept`` with the targets, place and modes ``other`` adds."""
        seen = {(r.actor_id, r.evidence.start) for r in kept.target}
        targets = kept.target + [r for r in other.target if (r.actor_id, r.evidence.start) not in seen
                                 and r.actor_id not in {s.actor_id for s in kept.source}]
        update = {"target": targets}
        if kept.location is None or (kept.location.geo_precision == 3 and other.location is not None):
            update["location"] = other.location or kept.location
        if not kept.modes and other.modes:
            update["modes"] = other.modes
        if targets and not kept.target:
            update["confidence"] = round(min(kept.confidence + 0.15, 0.95), 2)
        return kept.model_copy(update=update)
