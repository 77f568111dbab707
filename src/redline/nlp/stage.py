"""Run spaCy over the document text and record the sentences."""

from __future__ import annotations

from redline.model import Evidence
from redline.nlp.loader import load_pipeline

# spaCy's parser needs about 1 GB of working memory per 100,000 characters parsed at once; a long
# document is parsed in paragraph-aligned pieces of at most this size and the pieces joined again.
CHUNK_CHARS = 50_000


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Consecutive pieces of ``text`` (joined they give it back exactly), cut at paragraph or line
    breaks where possible, each at most ``size`` characters."""
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = window.rfind("\n\n")
        if cut < size // 2:
            cut = window.rfind("\n")
        if cut < size // 2:
            cut = window.rfind(". ")
        cut = cut + 1 if cut >= size // 2 else size
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse(nlp, text: str):
    """The parse of ``text``; a long one piece by piece, so that only one piece's working memory is held
    at a time, without the pieces' tensors (no stage reads them, and they cost 400 bytes a token)."""
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    import numpy
    from spacy.tokens import Doc

    pieces = []
    for piece in nlp.pipe(chunks(text), batch_size=1):
        piece.tensor = numpy.zeros((0,), dtype="float32")
        pieces.append(piece)
    return Doc.from_docs(pieces, ensure_whitespace=False, exclude=("tensor",))


def sentence_evidence(doc) -> list[Evidence]:
    sentences = []
    for sent in doc.sents:
        span = sent
        # Trailing whitespace belongs to no sentence.
        while len(span) and span[-1].is_space:
            span = span[:-1]
        while len(span) and span[0].is_space:
            span = span[1:]
        if not len(span):
            continue
        sentences.append(Evidence(sentence=len(sentences), start=span.start_char, end=span.end_char, text=span.text))
    return sentences


def run_nlp(state) -> None:
    if state.doc is None:
        state.doc = parse(load_pipeline(state.model), state.text)
    state.prepare_sentences()
