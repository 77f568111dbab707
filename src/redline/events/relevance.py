"""What the sentence model's reading does to the events the rules coded in that sentence.

The rules find the words of an event; the model reads the whole sentence and
says how likely it is to report a political event at all. Neither is trusted
alone: the model has seen a few thousand sentences, the rules know grammar
but not the world. So the model vetoes in proportion to how weak the rule's
own evidence is:

* an event the rules could give no named doer (an implied "Unidentified Armed
  Group" from "were killed", a bare "explosion") is dropped when the model
  reads the sentence as no political event (probability of ``NONE`` at or
  above :data:`WEAK_VETO`): a gas cylinder that "exploded", a quake that
  "killed";
* an event with a named or described doer ("Turkish drones", "Sanders") is
  dropped only when the model is nearly sure (:data:`STRONG_VETO`): "Arsenal
  crushed Chelsea in a derby clash";
* an event whose doer is an armed force ("insurgents", "police", "the army")
  is dropped only when the model is all but certain (:data:`ARMED_VETO`): that
  an armed side "gained ground" or "fired" is the rules' strongest evidence,
  and the model, which reads words and not who did what, has learnt that
  parties gain ground in the polls.

Every kept event records the model, its probability of a political event and
the type it found most likely, so an analyst sees where rule and model agree
(:class:`redline.model.Provenance`).
"""

from __future__ import annotations

from redline.events.common import ARMED_SECTORS
from redline.model import Event

WEAK_VETO = 0.5
STRONG_VETO = 0.85
ARMED_VETO = 0.97


def weak(event: Event) -> bool:
    """Whether the rules found no doer in the text: every source is implied by the event itself."""
    return all(r.implicit for r in event.source)


def armed(event: Event) -> bool:
    """Whether the text names an armed force as the doer (not one the event implies)."""
    return any(r.sector in ARMED_SECTORS and not r.implicit for r in event.source)


def veto_threshold(event: Event) -> float:
    return WEAK_VETO if weak(event) else ARMED_VETO if armed(event) else STRONG_VETO


def judge_sentence(events: list[Event], view, model_label: str) -> list[Event]:
    kept = []
    for event in events:
        if view.p_none >= veto_threshold(event):
            continue
        provenance = event.provenance.model_copy(update={
            "model": model_label, "model_type": view.best_type, "model_score": view.p_event})
        kept.append(event.model_copy(update={"provenance": provenance}))
    return kept
