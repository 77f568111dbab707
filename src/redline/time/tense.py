"""Which way an underspecified date points: the tense of the verb that governs it.

"On Sunday" in "the city was attacked on Sunday" is the Sunday before publication,
in "the talks will resume on Sunday" the Sunday after. The parse spaCy already made
gives the governing verb and its auxiliaries, so reading the tense costs nothing more.
"""

from __future__ import annotations

from typing import Optional

from redline.time.rules import load_time_data

PAST, PRESENT, FUTURE = -1, 0, 1
_CLIMB = 8


def _future_auxiliaries() -> frozenset:
    return frozenset(load_time_data().lexicon["future_auxiliary"])


def _forward_verbs() -> frozenset:
    return frozenset(load_time_data().lexicon["forward_verb"])


def _past_perfect(verb) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in verb.children)


def verb_tense(verb) -> Optional[int]:
    """PAST, PRESENT or FUTURE for one verb (with its auxiliaries), None when its form says nothing."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxiliaries}
    if words & _future_auxiliaries():
        return FUTURE
    if verb.lemma_.lower() in _forward_verbs() and not _past_perfect(verb):
        return FUTURE  # "has scheduled a news conference Thursday"
    if verb.tag_ == "VB" and "to" in words:
        return None  # an infinitive takes its time from the verb it depends on ("plans to meet Friday")
    if verb.tag_ == "VBN" and not auxiliaries and verb.dep_ == "acl":
        return PAST  # "the injunction issued Thursday"
    tags = {a.tag_ for a in auxiliaries} | {verb.tag_}
    if "VBD" in tags:
        return PAST
    if any(a.lemma_ == "have" for a in auxiliaries):
        return PAST  # "has attacked", "have been searching": the present perfect reports the past
    if tags & {"VBZ", "VBP"}:
        return PRESENT
    if verb.tag_ == "VBG" and not auxiliaries and verb.dep_ in ("acl", "advcl"):
        return None
    return None


def governing_verb(token):
    verb = token
    for _ in range(_CLIMB):
        if verb.pos_ in ("VERB", "AUX") and verb.dep_ not in ("aux", "auxpass"):
            return verb
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def tense_at(doc, token_index: int) -> Optional[int]:
    """The tense around a token: its governing verb's, else the sentence's first verb that has one."""
    token = doc[token_index]
    verb = governing_verb(token)
    while verb is not None:
        tense = verb_tense(verb)
        if tense is not None:
            return tense
        if verb.head.i == verb.i:
            break
        verb = governing_verb(verb.head)
    for other in token.sent:
        if other.pos_ in ("VERB", "AUX") and other.dep_ not in ("aux", "auxpass"):
            tense = verb_tense(other)
            if tense is not None:
                return tense
    return None
