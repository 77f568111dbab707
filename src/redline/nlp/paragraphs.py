"""Sentence boundaries at paragraph and line breaks.

The statistical parser sometimes joins the last sentence of a paragraph with
the first of the next, or a headline and dateline with the body; news
paragraphs never share a sentence. A blank line always starts a sentence. A
single line break starts one unless it looks like hard-wrapped prose (the
line ends in a lowercase word or a comma, or the next line starts lowercase).
The parser keeps preset boundaries.
"""

from __future__ import annotations

from spacy.language import Language

PARAGRAPH_COMPONENT = "redline_paragraphs"
_CONTINUING_PUNCT = {",", ";", ":", "-", "–", "(", "&"}


def _wrapped(prev, nxt) -> bool:
    if nxt.text[:1].islower():
        return True
    return prev.text in _CONTINUING_PUNCT or (prev.is_alpha and prev.text.islower())


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_boundaries(doc):
    for token in doc[1:-1]:
        if not (token.is_space and "\n" in token.text):
            continue
        nxt = doc[token.i + 1]
        prev = doc[token.i - 1]
        if nxt.is_space:
            continue
        if token.text.count("\n") >= 2 or not _wrapped(prev, nxt):
            nxt.is_sent_start = True
    return doc
