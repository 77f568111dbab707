"""Events whose doer the text does not name: sector-only actors ("gunmen") given the country of the
event, and the actor an agentless event implies ("were killed" -> Unidentified Armed Group), only for
acts the text reports as done and, for verbs of harm, done by force.

A part of :class:`redline.events.coder.EventCoder`; it reads the coder's state (``self.doc``,
``self.state``, ``self.lex`` ...).
"""

from __future__ import annotations

from typing import Optional

from redline.datafiles import unidentified_actors, unidentified_name
from redline.events.common import (
    ARMED_SECTORS,
    HARM_VERBS,
    MEASURE_HEADS,
    NAMED_KINDS,
    OBJECT_DEPS,
    RELATIVE_PRONOUNS,
    WEAPON_HEADS,
    WITNESS_VERBS,
    is_explosion_word,
    needs_violent_cause,
)
from redline.events.triggers import Trigger
from redline.model import ActorRef, Location


# Prepositions that give the cause of a harm ("killed in", "died of", "due to", "as a result of", "after").
CAUSE_PREPS = {"in", "during", "amid", "after", "from", "of", "to", "following"}
CAUSE_LINKS = {"due", "result", "because", "consequence", "as"}
DEFINITE_DETERMINERS = {"the", "this", "that", "these", "those"}


class UnnamedActors:
    def can_act(self, ref: ActorRef) -> bool:
        """Whether a mention can be an event's source: any actor with a country, a named one, or one named
        only by its role or sector ("gunmen", "rival militias", "police"), whose country the event's place
        or the document then gives."""
        return bool(ref.code) or self.actor_kind.get(ref.actor_id) in NAMED_KINDS | {"sector"}

    def agentless(self, trig: Trigger, source_toks: list) -> bool:
        """Whether the text leaves the agent of an event unsaid, rather than naming something that is no
        actor: "two soldiers were killed", "fighting resumed", "a car bomb exploded" are agentless;
        "an earthquake struck", "killed by a landslide" are not political events at all."""
        tok = trig.token
        if trig.entry.pos == "verb":
            subjects, passive = self.subjects(tok)
            exploded = self.unaccusative(tok)
            if exploded and not any(t.lemma_.lower() in WEAPON_HEADS for t in subjects):
                return False  # "a gas cylinder exploded": no weapon went off
            named = self.agent_tokens(tok) if passive or exploded else subjects
        else:
            named = source_toks
        for t in named:
            if t.pos_ == "PRON" or t.lower_ in RELATIVE_PRONOUNS:
                continue
            if t.lemma_.lower() in WEAPON_HEADS or t.lower_ in WEAPON_HEADS or self.is_event_noun(t):
                continue
            return False
        return True

    def reported_as_fact(self, trig: Trigger) -> bool:
        """Whether the trigger's words report an act rather than name one in passing: a finite or passive
        verb that is no infinitive ("to recapture"), or an event noun that is the subject of its clause
        ("clashes erupted", "an attack was launched") or a sentence of its own ("Heavy fighting in Sirte.").
        An event noun elsewhere ("to prevent an attack", "the threat of war") is only talked about."""
        tok = trig.token
        if trig.entry.pos == "verb":
            return not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and tok.dep_ != "pcomp"
        head = tok
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if head.dep_ in ("nsubj", "nsubjpass", "ROOT"):
            return True
        if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.lower_ == "of" and (
                head.head.head.lemma_.lower() in MEASURE_HEADS):
            head = head.head.head  # "launched a wave of assaults": the measure carries the event
        role, verb = self.light_verb(head)
        if role is not None:
            # "came under heavy mortar fire", "exchange gunfire": the light verb reports the act.
            return not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if head.dep_ == "dobj" and head.head.lemma_.lower() in WITNESS_VERBS:
            return True
        if (head.dep_ == "pobj" and head.head.lower_ == "of"
                and head.head.head.lemma_.lower() in WITNESS_VERBS | {"news", "account"}):
            return True  # "reports of heavy fighting in the north", "news of clashes"
        # "killed in clashes", "wounded during the shelling", "died from torture in custody", "died as a
        # result of the beatings": the cause of the harm or the act the verb reports.
        if head.dep_ != "pobj" or head.head.lower_ not in CAUSE_PREPS:
            return False
        verb = head.head.head
        for _ in range(3):
            # through "due to", "as a result of", "because of" to the verb; not "allegations of abuse".
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i or verb.lemma_.lower() not in CAUSE_LINKS:
                break
            verb = verb.head
        return verb.pos_ == "VERB" and (verb.i in self.trigger_tokens or verb.lemma_.lower() in HARM_VERBS)

    def violent_context(self, trig: Trigger, target_toks: list) -> bool:
        """For a verb of harm ("killed", "were injured"): whether the sentence says the harm was done by force,
        through a weapon or a conflict event among the verb's phrases ("killed in clashes", "wounded by a
        roadside bomb"), armed forces as the victims ("two soldiers were killed"), or another act of violence
        reported in the sentence ("shelled the town, killing five"). A quake, a crash or a gas leak harms
        people too. An explosion needs the same, anywhere in its sentence ("a car bomb exploded", "blasts
        were heard as jets flew over the city", not "a gas cylinder exploded")."""
        tok = trig.token
        if not needs_violent_cause(tok):
            return True
        explosion = is_explosion_word(tok)
        words = list(tok.sent) if explosion else list(tok.subtree)
        if any(self._names_earlier_event(t) for t in words) and tok.sent.start > 0:
            # "Militants planted a bomb under a bridge. The blast killed two civilians": the explosion the
            # sentence before told of, and its weapon.
            words += list(self.doc[tok.sent.start - 1].sent)
        for t in words:
            if t.i != tok.i and (t.lemma_.lower() in WEAPON_HEADS or (
                    not needs_violent_cause(t) and self.is_event_noun(t)
                    and any(e.type == "ASSAULT" for e in self.lex.nouns.get(t.lemma_.lower(), ())))):
                return True
        armed = target_toks if not explosion else [t for t in words if t.i in self.state.mention_at]
        if any(r.sector in ARMED_SECTORS for t in armed for r in self.mention_refs(t)):
            return True
        return any(i != tok.i and not needs_violent_cause(self.doc[i]) and self._done_by_someone(self.doc[i])
                   for i in self.assault_tokens)

    def _done_by_someone(self, verb) -> bool:
        """Whether an act of violence beside a harm verb is one someone did: not a verb whose subject is a
        thing it happened to ("chemicals burned", "the roof collapsed")."""
        if verb.pos_ != "VERB" or any(c.dep_ in OBJECT_DEPS for c in verb.children):
            return True
        subjects, passive = self.subjects(verb)
        return passive or not subjects or any(
            s.pos_ == "PRON" or s.lemma_.lower() in WEAPON_HEADS or self.mention_refs(s) for s in subjects)

    @staticmethod
    def _names_earlier_event(tok) -> bool:
        """Whether ``tok`` is a definite noun of harm or explosion, one the text has already told of ("the
        explosion", "the blasts")."""
        return (tok.pos_ == "NOUN" and needs_violent_cause(tok)
                and any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in tok.children))

    def implicit_agent(self, trig: Trigger, location: Optional[Location]) -> list[ActorRef]:
        """The actor an agentless event implies, in ACLED's manner ("Unidentified Armed Group (Libya)",
        "Protesters (India)"), of the country where the event happened; its evidence is the trigger."""
        table = unidentified_actors().get("implicit_agents", {})
        spec = table.get(f"{trig.type}/{trig.mode}") if trig.mode else None
        spec = spec or table.get(trig.type)
        if not isinstance(spec, dict) or not spec.get("sector"):
            return []
        code, basis = self.event_country(location)
        trigger_span = self.doc[trig.span_start:trig.span_end]
        label = unidentified_name(spec["sector"], spec.get("role"))
        return [ActorRef(text=trigger_span.text, name=self.country_label(label, code), code=code,
                         sector=spec["sector"], role=spec.get("role"), implicit=True, code_basis=basis,
                         evidence=self.state.span_evidence(trigger_span))]

    def event_country(self, location: Optional[Location]) -> tuple[Optional[str], Optional[str]]:
        """The country of an event the text does not tie to one through its actors: where it happened,
        else the country the document is about."""
        if location is not None and location.country and location.geo_precision != 3:
            return location.country, "event_place"
        focus = self.focus_location
        if focus is not None and focus.country:
            return focus.country, "document"
        return None, None

    def country_label(self, label: str, code: Optional[str]) -> str:
        country = self.state.kb.countries.get(code) if code and self.state.kb is not None else None
        return f"{label} ({country.name if country else code})" if code else label

    def with_country(self, ref: ActorRef, location: Optional[Location]) -> ActorRef:
        """An actor named only by its sector ("gunmen") takes the country of the event; the basis says so."""
        if ref.code or ref.implicit or self.actor_kind.get(ref.actor_id) != "sector":
            return ref
        code, basis = self.event_country(location)
        if code is None:
            return ref
        return ref.model_copy(update={"code": code, "code_basis": basis, "name": self.country_label(ref.name, code)})
