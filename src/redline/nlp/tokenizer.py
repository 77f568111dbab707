"""A tokenizer whose work grows linearly with the text.

spaCy's tokenizer reads a run of characters without a space as one chunk and peels prefixes and
suffixes off it one at a time, which is quadratic in the run's length: 8,000 quotation marks in a row
take seconds, 32,000 take minutes. Runs longer than :data:`RUN_LIMIT` characters (never a word of
any language) are cut into pieces of that length and each piece is tokenized alone; the text of the
Doc is unchanged, so every offset still points at the same characters.
"""

from __future__ import annotations

import re

RUN_LIMIT = 200
_LONG_RUN = re.compile(r"\S{%d,}" % (RUN_LIMIT + 1))


class BoundedTokenizer:
    """Wraps a spaCy tokenizer; text without a long run goes to it untouched."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        if _LONG_RUN.search(text) is None:
            return self.tokenizer(text)
        from spacy.tokens import Doc

        pieces: list[str] = []
        position = 0
        for run in _LONG_RUN.finditer(text):
            if run.start() > position:
                pieces.append(text[position:run.start()])
            pieces.extend(text[i:min(i + RUN_LIMIT, run.end())] for i in range(run.start(), run.end(), RUN_LIMIT))
            position = run.end()
        if position < len(text):
            pieces.append(text[position:])
        doc = Doc.from_docs([self.tokenizer(piece) for piece in pieces], ensure_whitespace=False)
        assert doc.text == text  # offsets are the text's: nothing may have been added or lost
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name):
        # the rest of the tokenizer's interface (vocab, rules, to_bytes ...) is the wrapped one's
        return getattr(self.tokenizer, name)


__all__ = ["BoundedTokenizer", "RUN_LIMIT"]
