"""Run spaCy over the document text and record the sentences."""

from __future__ import annotations

from redline.model import Evidence
from redline.nlp.loader import load_pipeline


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
        state.doc = load_pipeline(state.model)(state.text)
    state.prepare_sentences()
