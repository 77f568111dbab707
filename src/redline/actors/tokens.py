"""Knowledge-base names split into words the way the spaCy tokenizer splits text.

The pipeline hands over its own tokenizer (:func:`use_tokenizer`) so that names
and text are split alike and no second spaCy language has to be built at start-up.
"""

from __future__ import annotations

_tokenizer = None


def use_tokenizer(tokenizer) -> None:
    global _tokenizer
    _tokenizer = tokenizer


def _get_tokenizer():
    global _tokenizer
    if _tokenizer is None:
        import spacy

        _tokenizer = spacy.blank("en").tokenizer
    return _tokenizer


def split_words(text: str) -> list[str]:
    return [t.text for t in _get_tokenizer()(text) if not t.is_space]
