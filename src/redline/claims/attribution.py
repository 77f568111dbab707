"""Who an event is told by (``Event.attributed_to``) and whether the article asserts it (``Event.asserted``).

An event whose trigger lies in a claim's content is that speaker's claim; any
other is the article's own (``attributed_to`` None). The article does not
assert an event it hedges: one governed by a hedge verb ("accused of
sending"), carrying a hedge adverb ("allegedly") or adjective ("the alleged
attack"), or told in a relative clause of reported speech ("which Washington
says are Russian"). Word lists: ``data/claims/hedges.json``.
"""

from __future__ import annotations

from bisect import bisect_left

from redline.claims.lexicon import ClaimLexicon

# How far up the parse a hedge verb still governs an event ("accused of having instigated and led").
HEDGE_DEPTH = 4


def hedged(token, lexicon: ClaimLexicon) -> bool:
    for child in token.children:
        if child.lower_ in lexicon.hedge_adverbs or (child.dep_ == "amod" and child.lower_ in lexicon.hedge_adjectives):
            return True
    node = token
    for _ in range(HEDGE_DEPTH):
        if node.head.i == node.i:
            break
        node = node.head
        if node.lemma_.lower() in lexicon.hedge_verbs and node.pos_ == "VERB":
            return True
        if any(c.lower_ in lexicon.hedge_adverbs for c in node.children if c.dep_ == "advmod"):
            return True
    return False


def attribute_events(state, claims, lexicon: ClaimLexicon) -> None:
    # the first claim (in their order) whose content holds the event's trigger reports it: each claim's
    # parts pick their events by bisection over the triggers, so a long article costs no claims x events
    events = state.output.events
    order = sorted(range(len(events)), key=lambda i: events[i].trigger.start)
    starts = [events[i].trigger.start for i in order]
    reported_by: dict[int, object] = {}
    for claim in claims:
        for start, end in claim.parts:
            for position in range(bisect_left(starts, start), bisect_left(starts, end)):
                reported_by.setdefault(order[position], claim)
    updated = []
    for i, event in enumerate(events):
        trigger = state.token_at(event.trigger.start)
        speaker, asserted = None, True
        claim = reported_by.get(i)
        if claim is not None:
            speaker = claim.speaker
            asserted = not claim.relative
        if trigger is not None and hedged(trigger, lexicon):
            asserted = False
        updated.append(event.model_copy(update={"attributed_to": speaker, "asserted": asserted}))
    state.output.events = updated
