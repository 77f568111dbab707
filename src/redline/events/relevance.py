"""What the sentence model's reading does to the events the rules coded in that sentence.

The rules find the words of an event; the model reads the whole sentence and
says how likely it is to report a political event at all. Neither is trusted
alone: the model has seen a few thousand sentences, the rules know grammar
but not the world. So the model vetoes in proportion to how weak the rule's
own evidence is:

* an event the rules could give no named doer (an implied "Unidentified Armed
  Group" from "were killed", a bare "explosion") is dropped when the model
  reads the sentence as no political event (probability of ``NONE`` at or
  above :data:`WEAK_VETO`): a gas tank that "exploded", a quake that
  "killed";
* an event with a named or described doer ("Turkish drones", "police",
  "Sanders") is dropped only when the model is nearly sure (:data:`STRONG_VETO`):
  "Arsenal crushed Chelsea in a derby clash".

Every kept event records the model, its probability of a political event and
the type it found most likely, so an analyst sees where rule and model agree
(:class:`redline.model.Provenance`).
"""

from __future__ import annotations

from redline.model import Event

WEAK_VETO = 0.5
STRONG_VETO = 0.85


def weak(event: Event) -> bool:
    """Whether the rules found no doer in the text: every source is implied by the event itself."""
    return all(r.implicit for r in event.source)


def judge_sentence(events: list[Event], view, model_label: str) -> list[Event]:
    kept = []
    for event in events:
        if view.p_none >= (WEAK_VETO if weak(event) else STRONG_VETO):
            continue
        provenance = event.provenance.model_copy(update={
            "model": model_label, "model_type": view.best_type, "model_score": view.p_event})
        kept.append(event.model_copy(update={"provenance": provenance}))
    return kept
