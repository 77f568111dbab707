"""The events stage: PLOVER events coded from verbs and event nouns, checked by the sentence model.

Reads: the parse (``state.doc``), actor mentions (``mention_at``), places (``place_at``), times.
Writes: ``state.output.events`` (with their casualty counts) and, when the learned model ran, ``state.output.models``.
"""

from __future__ import annotations

from redline.events.casualties import attach_casualties
from redline.events.coder import EventCoder
from redline.events.lexicon import load_lexicon
from redline.events.model import load_event_model
from redline.events.relevance import judge_sentence


def run_events(state) -> None:
    coder = EventCoder(state, load_lexicon(tuple(getattr(state, "lexicon_paths", ()))))
    coded = [(sent, coder.code_sentence(sent)) for sent in state.doc.sents]
    model = load_event_model(getattr(state, "event_model_path", None))
    events = []
    if model is None:
        events = [e for _sent, found in coded for e in found]
    else:
        with_events = [(sent, found) for sent, found in coded if found]
        views = model.read([sent for sent, _found in with_events])
        for (_sent, found), view in zip(with_events, views):
            events.extend(judge_sentence(found, view, model.label))
        state.output.models = [model.label]
    state.output.events = attach_casualties(state, events)


__all__ = ["run_events"]
