"""Event coding: triggers from the lexicon, arguments from the dependency parse.

A trigger is a verb ("struck", "pulled out", "imposed sanctions") or an event
noun ("the attack on Sirte", "air raids by LNA fighter jets"). Its source and
target come from the parse: subject and object in the active voice, the
``by`` agent and the subject in the passive, the possessor, ``by`` phrase and
the type's target prepositions for nouns, and the subject of a light verb
("launched an attack", "was subjected to an attack"). Verbs that take another
event as complement ("threatened to strike", "condemned the attack") are the
event themselves, refined by ``ctrl_rules.json``. Arguments are the actor
mentions the actors stage resolved; an event is coded only when its source is
one of them, so no event ever has a bare pronoun as its source.
"""

from __future__ import annotations

import hashlib
from typing import Optional

from redline.datafiles import unidentified_actors
from redline.events.arguments import ArgumentReading
from redline.events.common import (
    OBLIGATION_FRAME,
    PATIENT_EVENT_TYPES,
    PURPOSE_TYPES,
    RECIPIENT_PREPS,
    unique_refs,
)
from redline.events.control import ControlVerbs
from redline.events.lexicon import Lexicon
from redline.events.location import EventLocation
from redline.events.merge import MergeLinked
from redline.events.modality import Modality
from redline.events.scope import OutOfScope
from redline.events.triggers import Trigger, TriggerMatching
from redline.events.unnamed import UnnamedActors
from redline.model import ActorRef, Event, Location, Provenance
from redline.time.dating import event_date


def _event_id(doc_id: str, start: int, end: int, type_: str) -> str:
    return "e" + hashlib.sha1(f"{doc_id}:{start}:{end}:{type_}".encode()).hexdigest()[:12]


def _rule_words(rules: dict, *path) -> frozenset:
    node = rules
    for key in path:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    return frozenset(node) if isinstance(node, list) else frozenset()


class EventCoder(TriggerMatching, ArgumentReading, UnnamedActors, OutOfScope, EventLocation, Modality, ControlVerbs,
                 MergeLinked):
    """Codes the events of one document, sentence by sentence. Each part of the work is a module of its own
    (:mod:`~redline.events.triggers`, :mod:`~redline.events.arguments`, :mod:`~redline.events.unnamed`,
    :mod:`~redline.events.scope`, :mod:`~redline.events.location`, :mod:`~redline.events.modality`,
    :mod:`~redline.events.control`, :mod:`~redline.events.merge`); this class holds the document's state and
    codes one trigger at a time."""

    def __init__(self, state, lexicon: Lexicon):
        self.state = state
        self.doc = state.doc
        self.lex = lexicon
        self.inferred_refs = {id(m.ref) for m in state.mentions if m.inferred}
        # the actor mentions by the token they end at, and in the order of their heads, so that the mention
        # before or after a word is looked up, not searched for among all of a long article's mentions
        self.mentions_ending: dict[int, list] = {}
        for mention in state.mentions:
            self.mentions_ending.setdefault(mention.end, []).append(mention)
        self.mentions_by_head = sorted(state.mentions, key=lambda m: m.head)  # stable: ties keep their order
        self.mention_heads = [m.head for m in self.mentions_by_head]
        self.placed_refs: dict[int, ActorRef] = {}  # id(mention) -> its ref with the country of its place
        self.actor_kind = {a.id: a.kind for a in state.output.actors}
        self.purpose_clauses: set[int] = set()  # verbs absorbed as the purpose of another event
        self.trigger_tokens: set[int] = set()  # trigger tokens of the sentence being coded
        self.assault_tokens: set[int] = set()  # those of them that are ASSAULT triggers
        rules = lexicon.ctrl_rules
        self.polarity_verbs = _rule_words(rules, "polarity_switch", "verbs")
        self.keep_agree = _rule_words(rules, "polarity_switch", "exceptions", "keep_agree_for")
        self.non_event_complements = _rule_words(rules, "non_event_complements", "lemmas")
        self.condemn_like = _rule_words(rules, "target_from_complement", "condemn_like")
        self.complement_mode = rules.get("complement_mode", {})
        self.noun_modes = {w: mode for mode, words in rules.get("complement_noun_mode", {}).items()
                           if isinstance(words, list) for w in words}
        # Types whose events imply a doer when the text names none (data/actors/unidentified.json). Only a
        # reported act implies one, and a stated intention is what changes a type, so an event of another
        # type with no named source can be left at once.
        self.implied_types = {key.split("/")[0] for key in unidentified_actors().get("implicit_agents", {})}
        self._sentence_place: dict[int, Optional[Location]] = {}
        self.mention_starts: dict[str, tuple] = {}  # place id -> its mentions' starts, for EventLocation

    def code_sentence(self, sent) -> list[Event]:
        triggers = self.triggers(sent)
        by_token = {t.token.i: t for t in triggers}
        self.trigger_tokens = set(by_token)
        self.assault_tokens = {i for i, t in by_token.items() if t.type == "ASSAULT"}
        absorbed: set[int] = set()
        for trig in triggers:
            tok = trig.token
            # "went on strike": the object named by a verb+object entry is part of that event.
            absorbed.update(o.i for o in trig.objects)
            if trig.entry.pos == "noun":
                role, verb = self.light_verb(tok)
                verb_trig = by_token.get(verb.i) if verb is not None else None
                if (role is not None and verb_trig is not None and verb_trig.entry.frame != "ctrl"
                        and tok not in verb_trig.objects):
                    # "launched an attack": the noun is the event, the light verb only carries it.
                    absorbed.add(verb.i)
            if (trig.entry.pos == "noun" and trig.type not in PATIENT_EVENT_TYPES and tok.dep_ in ("dobj", "nsubjpass")
                    and tok.head.i in by_token and by_token[tok.head.i].type in ("ASSAULT", "COERCE")
                    and tok not in by_token[tok.head.i].objects):
                # "ambushed a patrol", "their convoy was attacked": what is attacked is no event of its own.
                absorbed.add(tok.i)
            if trig.type in PURPOSE_TYPES and tok.dep_ in ("advcl", "xcomp") and self._carries_event(tok.head, by_token):
                # "staged demonstrations to demand reforms": the demand is the protest's purpose.
                absorbed.add(tok.i)
                self.purpose_clauses.add(tok.i)
        ordered = sorted(triggers, key=lambda t: (t.entry.frame != "ctrl", t.token.i))
        events = {}
        for trig in ordered:
            if trig.token.i in absorbed:
                continue
            if trig.entry.frame == "ctrl" and trig.entry.pos == "verb":
                self._complement_of(trig, by_token)
                if not self.refine_ctrl(trig):
                    continue
            event = self.code(trig)
            if event is None:
                continue
            events[trig.token.i] = event
            if trig.entry.frame == "ctrl":
                # What a control verb threatens, demands or condemns is its content, not another event.
                absorbed.update(t.i for c in trig.complement_tokens for t in c.subtree)
        return self.merge_linked(events)

    def code(self, trig: Trigger) -> Optional[Event]:
        if trig.sides is not None:
            source_toks, target_toks = trig.sides
        elif trig.entry.pos == "verb":
            source_toks, target_toks = self.verb_arguments(trig)
        else:
            source_toks, target_toks = self.noun_arguments(trig)
        conj = not trig.split_sides
        sources = unique_refs([r for t in source_toks for r in self.mention_refs(t, conj=conj) if self.can_act(r)])
        if not sources and trig.type not in self.implied_types:
            return None  # no doer named, and none implied by this kind of event
        if self.ordinary_crime(trig, source_toks, target_toks):
            return None  # crime news ("arrested four smugglers"), not political event data
        negated, future, hypothetical, intended = self.modality(trig.token)
        self.apply_stance(trig, intended, negated)
        negated = negated and not trig.negation_absorbed
        location = self.event_location(trig, target_toks)
        implicit = False
        if (not sources and not (negated or future or hypothetical or intended) and self.reported_as_fact(trig)
                and self.agentless(trig, source_toks) and self.violent_context(trig, target_toks)):
            # Only an act the text reports as done implies a doer ("were arrested"), not one it
            # announces, fears or denies ("would be arrested", "to prevent an attack").
            sources = self.implicit_agent(trig, location)
            implicit = bool(sources)
        if not sources:
            return None
        sources = [self.with_country(r, location) for r in sources]
        if self.figurative_battle(trig, sources):
            return None
        source_ids = {r.actor_id for r in sources if r.actor_id}
        targets = unique_refs([r for t in target_toks for r in self.mention_refs(t) if r.actor_id not in source_ids])
        source_codes = {r.code for r in sources}
        if trig.entry.pos == "verb" and (not targets or {r.code for r in targets} <= source_codes):
            # "offered its troops to Lebanon": what the source gives is its own; the recipient is the target.
            preps = self.lex.types[trig.type].target_preps + RECIPIENT_PREPS
            others = unique_refs([r for t in self.prep_objects(trig.token, preps) for r in self.mention_refs(t)
                              if r.actor_id not in source_ids and r.code not in source_codes])
            targets = others or targets
        if (not trig.split_sides and len({r.code for r in targets} - source_codes)
                and any(r.code in source_codes for r in targets)):
            # "apologized to Brazil for one of its gunboats": the source's own side is not its target.
            targets = [r for r in targets if r.code not in source_codes]
        if not targets:
            # Where an act with no named target happens stands for whom it affects
            # ("lifted the curfew in Montenegro").
            targets = unique_refs([r for t in self.locations(trig.token) for r in self.mention_refs(t)
                               if r.actor_id not in source_ids])
        targets = [self.with_country(r, location) for r in targets]
        requester = self.requester(trig)
        if trig.entry.frame == OBLIGATION_FRAME and not requester:
            # A "must" nobody is reported to have said is no demand.
            return None
        if requester:
            # "X said Y must withdraw": X demands that Y act.
            targets = [r for r in sources if not r.implicit]
            sources = requester
            implicit = False
            trig.type, trig.mode = "REQUEST", None
        type_ = self.lex.types[trig.type]
        state = self.state
        trigger_span = self.doc[trig.span_start:trig.span_end]
        # Surest when the text names the doer and its country, less when the country is inferred, least when
        # the doer itself is only implied.
        own_country = not any(id(r) in self.inferred_refs or r.code_basis not in (None, "words") for r in sources)
        confidence = 0.45 + (0.05 if implicit else 0.2 if own_country else 0.12) + (0.15 if targets else 0.0)
        confidence += 0.1 if trig.entry.pos == "verb" else 0.0
        return Event(
            id=_event_id(state.info.id, trigger_span.start_char, trigger_span.end_char, trig.type),
            location=location,
            type=trig.type,
            modes=[trig.mode] if trig.mode else [],
            contexts=[trig.entry.context] if trig.entry.context else [],
            source=sources,
            target=targets,
            date=event_date(state, trig.token) or state.default_date,
            negated=negated,
            hypothetical=hypothetical,
            future=future,
            quad=type_.quad,
            score=self.lex.score(trig.type, trig.mode),
            confidence=round(min(confidence, 0.95), 2),
            trigger=state.span_evidence(trigger_span),
            evidence=state.sentence_of(trig.token.i),
            provenance=Provenance(rule=trig.rule, lexicon=trig.entry.row,
                                  arguments=["implicit agent"] if implicit else list(trig.argument_rules)),
        )
