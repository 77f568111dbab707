"""The claims stage's word lists, read once from ``data/claims/`` (data, not code)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from redline.datafiles import data_path, read_json


@dataclass(frozen=True)
class ClaimLexicon:
    speech_verbs: frozenset
    attitude_verbs: frozenset
    object_content_verbs: frozenset
    naming_verbs: frozenset
    cue_nouns: frozenset
    phrasal_cues: dict
    content_preps: frozenset
    preposition_cues: tuple
    source_nouns: frozenset
    hedge_adverbs: frozenset
    hedge_verbs: frozenset
    hedge_adjectives: frozenset

    def is_cue_verb(self, lemma: str) -> bool:
        return lemma in self.speech_verbs or lemma in self.attitude_verbs or lemma in self.naming_verbs


def _words(data: dict, key: str) -> frozenset:
    return frozenset(str(w).lower() for w in data.get(key, []))


@functools.lru_cache(maxsize=1)
def claim_lexicon() -> ClaimLexicon:
    cues = read_json(data_path("claims", "cues.json"))
    hedges = read_json(data_path("claims", "hedges.json"))
    return ClaimLexicon(
        speech_verbs=_words(cues, "speech_verbs"),
        attitude_verbs=_words(cues, "attitude_verbs"),
        object_content_verbs=_words(cues, "object_content_verbs"),
        naming_verbs=_words(cues, "naming_verbs"),
        cue_nouns=_words(cues, "cue_nouns"),
        phrasal_cues={str(k).lower(): frozenset(v) for k, v in cues.get("phrasal_cues", {}).items()},
        content_preps=_words(cues, "content_preps"),
        preposition_cues=tuple(tuple(w.lower() for w in words) for words in cues.get("preposition_cues", [])),
        source_nouns=_words(cues, "source_nouns"),
        hedge_adverbs=_words(hedges, "hedge_adverbs"),
        hedge_verbs=_words(hedges, "hedge_verbs"),
        hedge_adjectives=_words(hedges, "hedge_adjectives"),
    )
