"""Knowledge-base names split into words the way the spaCy tokenizer splits text."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def split_words(text: str) -> list[str]:
    return [t.text for t in _tokenizer()(text) if not t.is_space]
