"""Dating an event from the time expressions around its trigger.

An event takes, in this order:

1. *anchored*: when its trigger is inside the clause a duration introduces with
   "after"/"before" ("came less than 24 hours after the militia suffered heavy
   losses"), the date of the event it is measured from (the date of the main
   clause, else the last day the text mentioned) moved back (after) or forward
   (before) by that duration, as a range;
2. *explicit*: the time expression hanging from the trigger itself ("air raids on
   Saturday") or from the nearest clause that contains it ("On Sunday, the city was
   subjected to another attack"), in the same sentence;
3. otherwise nothing here: the caller keeps the publication window.

Only expressions that name calendar time count (a day, a week, a month...), not
durations, sets or PAST_REF.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Optional

from redline.model import TimePoint
from redline.time.tagger import Timex
from redline.time.tense import governing_verb
from redline.time.values import duration_days, window

# How many sentences back the anchor of "24 hours after ..." may be looked for.
ANCHOR_SENTENCES = 2
_CLIMB = 12
CLAUSE_BOUNDARIES = frozenset({"relcl", "ccomp", "advcl", "acl", "csubj", "parataxis"})


def timepoint(state, timex: Timex, basis: str = "explicit") -> Optional[TimePoint]:
    covered = window(timex.value or "")
    if covered is None:
        return None
    precision, first, last = covered
    ranged = first != last
    return TimePoint(
        value=timex.value,
        precision=precision,
        start=first.isoformat() if ranged else None,
        end=last.isoformat() if ranged else None,
        basis=basis,
        mod=timex.mod,
        evidence=state.evidence(timex.start, timex.end, timex.token_start),
    )


_dated_of: list = [None, []]  # [the timexes list last asked about, its dated ones]


def _dated(timexes) -> list[Timex]:
    """The calendar dates among a document's time expressions. Every event of a document asks, so the
    answer for the document at hand is kept (one document at a time: a long article has thousands of
    events and of expressions, and asking anew each time made dating quadratic)."""
    if _dated_of[0] is not timexes:
        _dated_of[:] = [timexes, [t for t in timexes if t.is_date and t.token_start >= 0
                                  and window(t.value or "") is not None]]
    return _dated_of[1]


def _ancestors(token) -> list[int]:
    """The token and its heads up to the head of its clause, as indexes. A relative or reported
    clause ends the climb: "since 2014" in the main clause does not date what a relative
    clause inside it tells."""
    chain = [token.i]
    for _ in range(_CLIMB):
        if token.head.i == token.i or token.dep_ in CLAUSE_BOUNDARIES:
            break
        token = token.head
        chain.append(token.i)
    return chain


def _hanging_from(doc, timex: Timex):
    """The token a time expression modifies: the first head above it outside its own span."""
    span = doc[timex.token_start:timex.token_end]
    head = span.root
    while timex.token_start <= head.i < timex.token_end and head.head.i != head.i:
        head = head.head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        head = head.head
    return head


def _dated_in_sentence(state, sentence: int) -> list[Timex]:
    by_sentence = _by_sentence_of
    if by_sentence[0] is not state.timexes:
        grouped: dict[int, list[Timex]] = {}
        for timex in _dated(state.timexes):
            grouped.setdefault(state.token_sentence[timex.token_start], []).append(timex)
        by_sentence[:] = [state.timexes, grouped]
    return by_sentence[1].get(sentence, [])


_by_sentence_of: list = [None, {}]  # [the timexes list last asked about, its dates by sentence]


def explicit_date(state, trigger) -> Optional[TimePoint]:
    sentence = state.token_sentence[trigger.i]
    chain = _ancestors(trigger)
    best, best_rank = None, None
    for timex in _dated_in_sentence(state, sentence):
        if timex.token_start <= trigger.i < timex.token_end:
            continue
        head = _hanging_from(state.doc, timex)
        if head.i not in chain:
            verb = governing_verb(head)
            if verb is None or verb.i not in chain:
                continue
            head = verb
        rank = (chain.index(head.i), abs(timex.token_start - trigger.i))
        if best_rank is None or rank < best_rank:
            best, best_rank = timex, rank
    return timepoint(state, best) if best else None


def _clause_after(doc, timex: Timex):
    """The clause an "after"/"before" right behind a duration introduces, as a token range."""
    if timex.token_end >= len(doc):
        return None
    marker = doc[timex.token_end]
    if marker.lower_ not in ("after", "before", "later", "earlier"):
        return None
    clause = marker.head if marker.dep_ == "mark" else marker
    tokens = [t.i for t in clause.subtree]
    return min(tokens), max(tokens) + 1


def _last_day_before(state, timex: Timex) -> Optional[Timex]:
    sentence = state.token_sentence[timex.token_start]
    earlier = [t for t in _dated(state.timexes)
               if t.end <= timex.start and sentence - state.token_sentence[t.token_start] <= ANCHOR_SENTENCES
               and window(t.value)[0] in ("day", "hour")]
    return earlier[-1] if earlier else None


_relative_of: list = [None, []]  # [the timexes list last asked about, its "N days after" durations]


def _relative_durations(timexes) -> list[Timex]:
    """The durations that date a clause from another event ("three days after the strike")."""
    if _relative_of[0] is not timexes:
        _relative_of[:] = [timexes, [t for t in timexes if t.type == "DURATION" and t.relation in ("after", "before")
                                     and t.token_end >= 0]]
    return _relative_of[1]


def anchored_date(state, trigger) -> Optional[TimePoint]:
    doc = state.doc
    for timex in _relative_durations(state.timexes):
        clause = _clause_after(doc, timex)
        if clause is None or not clause[0] <= trigger.i < clause[1]:
            continue
        main = explicit_date(state, governing_verb(doc[timex.token_start]) or doc[timex.token_start])
        anchor = None
        if main is None:
            anchor = _last_day_before(state, timex)
            main = timepoint(state, anchor) if anchor else None
        days = duration_days(timex.value)
        if main is None or days is None or main.precision not in ("day", "hour"):
            continue
        span = window(main.value)
        if span is None:
            continue
        day = span[1]
        try:
            gap = timedelta(days=max(1, round(days)))
            first, last = (day - gap, day) if timex.relation == "after" else (day, day + gap)
            if timex.mod not in ("LESS_THAN", "EQUAL_OR_LESS", "APPROX"):
                first = last = (day - gap) if timex.relation == "after" else (day + gap)
        except (OverflowError, ValueError):
            continue  # "10,000 years after ...": past the calendar, left undated
        ranged = first != last
        return TimePoint(
            value=first.isoformat() if timex.relation == "after" else last.isoformat(),
            precision="day",
            start=first.isoformat() if ranged else None,
            end=last.isoformat() if ranged else None,
            basis="anchored",
            mod=timex.mod,
            evidence=state.evidence(timex.start, timex.end, timex.token_start),
        )
    return None


def event_date(state, trigger) -> Optional[TimePoint]:
    """The date of the event whose trigger is ``trigger`` (a spaCy token), None when the text gives none."""
    if not state.timexes or trigger is None:
        return None
    return anchored_date(state, trigger) or explicit_date(state, trigger)


__all__ = ["anchored_date", "event_date", "explicit_date", "timepoint"]
