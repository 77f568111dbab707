"""Sentence boundaries at paragraph and line breaks.

The statistical parser sometimes joins the last sentence of a paragraph with
the first of the next, or a headline and dateline with the body; news
paragraphs never share a sentence. A blank line always starts a sentence. A
single line break starts one unless it looks like hard-wrapped prose (the
line ends in a lowercase word or a comma, or the next line starts lowercase).
The parser keeps preset boundaries.
"""

from __future__ import annotations

import re

from spacy.language import Language

PARAGRAPH_COMPONENT = "redline_paragraphs"
_CONTINUING_PUNCT = {",", ";", ":", "-", "–", "(", "&"}


def _wrapped(prev, nxt) -> bool:
    if nxt.text[:1].islower():
        return True
    return prev.text in _CONTINUING_PUNCT or (prev.is_alpha and prev.text.islower())


DASHES = {"-", "–", "—", "--"}


def _dateline_end(doc, start: int):
    """Index after a wire dateline opening a paragraph ("TRIPOLI–", "WASHINGTON (Reuters) -"), or None."""
    i = start
    words = 0
    while i < len(doc) and i - start < 8:
        t = doc[i]
        if t.is_alpha and t.text.isupper() and len(t.text) > 1:
            words += 1
        elif t.text in (",", ".") and words:
            pass
        elif t.text == "(" and words:
            close = next((k for k in range(i + 1, min(i + 6, len(doc))) if doc[k].text == ")"), None)
            if close is None:
                return None
            i = close
        elif t.text in DASHES and words:
            return i + 1 if i + 1 < len(doc) else None
        else:
            return None
        i += 1
    return None


# A closing curly quote with the space after it missing ("a red line’and you") glues two words into
# one token. Contractions ("don’t", "it’ll") are tokenizer exceptions and never reach this pattern.
GLUED_CLOSING_QUOTE = re.compile(r"^([A-Za-z]+)(’)([a-z]{2,})$")


def split_glued_quotes(doc) -> None:
    glued = [(t, m) for t in doc if "’" in t.text and (m := GLUED_CLOSING_QUOTE.match(t.text))]
    if not glued:
        return
    with doc.retokenize() as retokenizer:
        for token, match in glued:
            parts = list(match.groups())
            retokenizer.split(token, parts, heads=[(token, i) for i in range(len(parts))],
                              attrs={"SPACY": [False, False, bool(token.whitespace_)]})


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_boundaries(doc):
    split_glued_quotes(doc)
    # A wire dateline is not part of the first sentence: "TRIPOLI" would otherwise be its subject.
    starts = [0] + [t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text]
    for start in starts:
        end = _dateline_end(doc, start)
        if end is not None:
            doc[end].is_sent_start = True
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
