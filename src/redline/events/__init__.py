"""The events stage: PLOVER events coded from verbs and event nouns."""

from __future__ import annotations

from redline.events.coder import EventCoder
from redline.events.lexicon import load_lexicon


def run_events(state) -> None:
    coder = EventCoder(state, load_lexicon(tuple(getattr(state, "lexicon_paths", ()))))
    events = []
    for sent in state.doc.sents:
        events.extend(coder.code_sentence(sent))
    state.output.events = events


__all__ = ["run_events"]
