"""What the sentence model's reading does to the events the rules coded in that sentence.

* A sentence the model reads as no political event (probability of ``NONE`` at
  or above :data:`NO_EVENT_THRESHOLD`: a quake that "struck", a cup final
  "clash", a campaign "fight") loses its events. The rules find the words of
  an event; only the whole sentence says whether they report one.
* Every kept event records the model, its probability of a political event
  and the type it found most likely, so an analyst sees where rule and model
  agree (:class:`redline.model.Provenance`).
"""

from __future__ import annotations

from redline.model import Event

NO_EVENT_THRESHOLD = 0.5


def judge_sentence(events: list[Event], view, model_label: str) -> list[Event]:
    if view.p_none >= NO_EVENT_THRESHOLD:
        return []
    kept = []
    for event in events:
        provenance = event.provenance.model_copy(update={
            "model": model_label, "model_type": view.best_type, "model_score": view.p_event})
        kept.append(event.model_copy(update={"provenance": provenance}))
    return kept
