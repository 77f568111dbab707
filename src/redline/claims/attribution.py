"""Who an event is told by (``Event.attributed_to``) and whether the article asserts it (``Event.asserted``).

An event whose trigger lies in a claim's content is that speaker's claim; any
other is the article's own (``attributed_to`` None). The article does not
assert an event it hedges: one governed by a hedge verb ("accused of
sending"), carrying a hedge adverb ("allegedly") or adjective ("the alleged
attack"), or told in a relative clause of reported speech ("which Washington
says are Russian"). Word lists: ``data/claims/hedges.json``.
"""

from __future__ import annotations

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
    updated = []
    for event in state.output.events:
        trigger = state.token_at(event.trigger.start)
        speaker, asserted = None, True
        for claim in claims:
            if any(start <= event.trigger.start < end for start, end in claim.parts):
                speaker = claim.speaker
                asserted = not claim.relative
                break
        if trigger is not None and hedged(trigger, lexicon):
            asserted = False
        updated.append(event.model_copy(update={"attributed_to": speaker, "asserted": asserted}))
    state.output.events = updated
