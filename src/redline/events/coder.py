"""Event coding: triggers from the lexicon, arguments from the dependency parse.

A trigger is a verb ("struck", "pulled out", "imposed sanctions") or an event
noun ("the attack on Sirte", "air raids by LNA fighter jets"). Its source and
target come from the parse: subject and object in the active voice, the
``by`` agent and the subject in the passive, the possessor, ``by`` phrase and
the type's target prepositions for nouns, and the subject of a light verb
("launched an attack", "was subjected to an attack"). Arguments are the
actor mentions the actors stage resolved; an event is coded only when its
source is one of them, so no event ever has a bare pronoun as its source.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Optional

from redline.events.lexicon import LexEntry, Lexicon
from redline.model import ActorRef, Event

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
PARTICLE_DEPS = {"prt", "prep", "dative", "agent", "advmod"}
COMPLEMENT_DEPS = {"xcomp", "ccomp", "advcl"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
PLACE_HEADS = {"city", "town", "village", "province", "region", "district", "area", "capital", "port", "outskirts",
               "vicinity", "suburb", "base", "headquarters", "position", "stronghold", "camp", "territory",
               "neighbourhood", "neighborhood", "border", "compound", "embassy", "office", "home", "house"}
OBJECT_CONTROL_HINT = {"dobj", "dative"}


@dataclass
class Trigger:
    token: object
    entry: LexEntry
    span_start: int
    span_end: int


def _event_id(doc_id: str, start: int, end: int, type_: str) -> str:
    return "e" + hashlib.sha1(f"{doc_id}:{start}:{end}:{type_}".encode()).hexdigest()[:12]


class EventCoder:
    def __init__(self, state, lexicon: Lexicon):
        self.state = state
        self.doc = state.doc
        self.lex = lexicon
        self.inferred_refs = {id(m.ref) for m in state.mentions if m.inferred}

    # --- triggers ------------------------------------------------------------------------------
    def match_verb(self, tok) -> Optional[Trigger]:
        if tok.pos_ != "VERB":
            return None
        entries = self.lex.verbs.get(tok.lemma_.lower())
        if not entries:
            return None
        attached = [c for c in tok.children if c.dep_ in PARTICLE_DEPS]
        particles = {c.lower_ for c in attached}
        objects = set()
        for c in tok.children:
            if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
                objects.add(c.lemma_.lower())
                objects.update(g.lemma_.lower() for g in c.children if g.dep_ == "compound")
            if c.dep_ == "prep":
                objects.update(g.lemma_.lower() for g in c.children if g.dep_ == "pobj")
        for entry in entries:
            if not all(p in particles for p in entry.words[1:]):
                continue
            if entry.objects and not (entry.objects & objects):
                continue
            end = tok.i + 1
            for c in attached:
                if c.lower_ in entry.words[1:] and c.i == end:
                    end = c.i + 1
            return Trigger(tok, entry, tok.i, end)
        return None

    def match_noun(self, tok) -> Optional[Trigger]:
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        entries = self.lex.nouns.get(tok.lemma_.lower()) or self.lex.nouns.get(tok.lower_)
        if not entries:
            return None
        for entry in entries:
            n = len(entry.words)
            if n > 1:
                if tok.i - n + 1 < 0:
                    continue
                words = self.doc[tok.i - n + 1:tok.i]
                if tuple(w.lemma_.lower() for w in words) != entry.words[:-1] and tuple(
                        w.lower_ for w in words) != entry.words[:-1]:
                    continue
            return Trigger(tok, entry, tok.i - n + 1, tok.i + 1)
        return None

    # --- arguments -----------------------------------------------------------------------------
    def mention_refs(self, tok, depth: int = 0) -> list[ActorRef]:
        """The actors a noun phrase headed by ``tok`` names, with its coordinated phrases."""
        refs: list[ActorRef] = []
        mention = self.state.mention_at.get(tok.i)
        if mention is not None:
            refs.append(mention.ref)
        elif depth < 2 and tok.pos_ in ("NOUN", "PROPN"):
            # "militia positions", "Sirte's defenders", "the city of Sirte": the actor behind the noun.
            for child in tok.children:
                if child.dep_ in ("compound", "poss", "amod") and child.i in self.state.mention_at:
                    refs.extend(self.mention_refs(child, depth + 1))
                    break
            else:
                if tok.lemma_.lower() in PLACE_HEADS:
                    for prep in tok.children:
                        if prep.dep_ == "prep" and prep.lower_ == "of":
                            for pobj in prep.children:
                                if pobj.dep_ == "pobj":
                                    refs.extend(self.mention_refs(pobj, depth + 1))
        for conj in tok.children:
            if conj.dep_ == "conj" and conj.pos_ in ("NOUN", "PROPN", "PRON"):
                refs.extend(self.mention_refs(conj, depth))
        return refs

    def subjects(self, verb, depth: int = 0) -> tuple[list, bool]:
        """Subject tokens of a verb and whether the verb is passive."""
        if depth > 4:
            return [], False
        subj = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if subj or passive:
            tokens = subj or passive
            resolved = []
            for t in tokens:
                if t.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    resolved.append(verb.head)
                else:
                    resolved.append(t)
            return resolved, bool(passive) and not subj
        if verb.dep_ == "relcl":
            return [verb.head], False
        if verb.dep_ in ("acl",) and verb.head.pos_ in ("NOUN", "PROPN"):
            return [verb.head], verb.tag_ == "VBN"
        if verb.dep_ == "xcomp" or (verb.dep_ in ("advcl", "pcomp") and verb.tag_ in ("VBG", "VB")):
            governor = verb.head if verb.dep_ != "pcomp" else verb.head.head
            objects = [c for c in governor.children if c.dep_ in OBJECT_CONTROL_HINT]
            if verb.dep_ == "xcomp" and objects and objects[0].i < verb.i:
                return objects, False
            return self.subjects(governor, depth + 1)[0], False
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            return self.subjects(verb.head, depth + 1)
        return [], False

    def agent_tokens(self, tok) -> list:
        return [p for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]

    def prep_objects(self, tok, preps) -> list:
        found = []
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                found.extend(p for p in prep.children if p.dep_ == "pobj")
        return found

    def complements(self, tok) -> list:
        return [c for c in tok.children if c.dep_ in COMPLEMENT_DEPS and c.pos_ in ("VERB", "AUX")]

    def verb_arguments(self, trig: Trigger) -> tuple[list, list]:
        tok = trig.token
        subjects, passive = self.subjects(tok)
        preps = self.lex.types[trig.entry.type].target_preps
        if passive:
            sources = self.agent_tokens(tok)
            targets = subjects
        else:
            sources = subjects
            targets = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
        targets = [t for t in targets if self.mention_refs(t)] or self.prep_objects(tok, preps)
        if not targets and trig.entry.frame == "ctrl":
            for comp in self.complements(tok):
                comp_targets = [c for c in comp.children if c.dep_ in ("dobj", "dative")]
                comp_targets = [t for t in comp_targets if self.mention_refs(t)]
                targets = comp_targets or self.prep_objects(comp, preps + ("from", "against", "on", "with"))
                if targets:
                    break
        return sources, targets

    def noun_arguments(self, trig: Trigger) -> tuple[list, list]:
        tok = trig.token
        preps = self.lex.types[trig.entry.type].target_preps
        sources = [c for c in tok.children if c.dep_ == "poss"]
        sources += self.prep_objects(tok, ("by",)) + self.agent_tokens(tok)
        if not sources:
            sources = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < trig.span_start
                       and c.i in self.state.mention_at]
        targets = self.prep_objects(tok, preps)
        governor = tok.head
        if tok.dep_ == "pobj" and governor.dep_ == "prep":
            role = self.lex.light_verbs.get(f"{governor.head.lemma_.lower()} {governor.lower_}")
            governor_verb = governor.head
        else:
            role = self.lex.light_verbs.get(governor.lemma_.lower()) if tok.dep_ in ("dobj", "nsubjpass") else None
            governor_verb = governor
        if role is not None:
            subj, passive = self.subjects(governor_verb)
            if role == "agent" and not passive and not sources:
                sources = subj
            elif role == "patient" and not targets:
                targets = subj
        return sources, targets

    # --- modality ------------------------------------------------------------------------------
    def modality(self, tok) -> tuple[bool, bool, bool]:
        negated = future = hypothetical = False
        chain = [tok]
        cur = tok
        while cur.dep_ in ("xcomp", "dobj", "pobj", "prep", "ccomp", "conj") and cur.head.i != cur.i and len(chain) < 5:
            cur = cur.head
            chain.append(cur)
            if cur.pos_ == "VERB" and cur.dep_ not in ("xcomp", "conj"):
                break
        neg_words = self.lex.words("negation")
        for i, t in enumerate(chain):
            for c in t.children:
                if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in neg_words):
                    negated = True
                if c.dep_ in ("aux", "auxpass"):
                    if c.lower_ in self.lex.words("future"):
                        future = True
                    if c.lower_ in self.lex.words("hypothetical"):
                        hypothetical = True
                if c.dep_ == "mark" and c.lower_ in self.lex.words("hypothetical_markers"):
                    hypothetical = True
            if i > 0:
                lemma = t.lemma_.lower()
                if lemma in self.lex.words("future_verbs"):
                    future = True
                if lemma in self.lex.words("failure_verbs"):
                    negated = True
                if lemma in self.lex.words("attempt_verbs"):
                    hypothetical = True
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.lex.words("hypothetical_markers")
                                       for c in tok.children):
            hypothetical = True
        return negated, future, hypothetical

    # --- coding ------------------------------------------------------------------------------
    def triggers(self, sent) -> list[Trigger]:
        found = []
        for tok in sent:
            trig = self.match_verb(tok) or self.match_noun(tok)
            if trig is not None:
                found.append(trig)
        return found

    def code_sentence(self, sent) -> list[Event]:
        triggers = self.triggers(sent)
        by_token = {t.token.i: t for t in triggers}
        absorbed = set()
        for trig in triggers:
            tok = trig.token
            if trig.entry.pos == "verb" and trig.entry.frame == "ctrl":
                for comp in self.complements(tok):
                    absorbed.add(comp.i)
            if trig.entry.pos == "noun" and tok.dep_ == "dobj" and tok.head.i in by_token:
                # "launched an attack": the noun is the event, the light verb only carries it.
                if self.lex.light_verbs.get(tok.head.lemma_.lower()):
                    absorbed.add(tok.head.i)
        events = []
        for trig in triggers:
            if trig.token.i in absorbed:
                continue
            event = self.code(trig, sent)
            if event is not None:
                events.append(event)
        return events

    def code(self, trig: Trigger, sent) -> Optional[Event]:
        entry = trig.entry
        if entry.pos == "verb":
            source_toks, target_toks = self.verb_arguments(trig)
        else:
            source_toks, target_toks = self.noun_arguments(trig)
        sources = _unique([r for t in source_toks for r in self.mention_refs(t)])
        if not sources:
            return None
        source_ids = {r.actor_id for r in sources}
        targets = _unique([r for t in target_toks for r in self.mention_refs(t) if r.actor_id not in source_ids])
        negated, future, hypothetical = self.modality(trig.token)
        type_ = self.lex.types[entry.type]
        state = self.state
        trigger_span = self.doc[trig.span_start:trig.span_end]
        inferred = any(id(r) in self.inferred_refs for r in sources)
        confidence = 0.45 + (0.2 if not inferred else 0.05) + (0.15 if targets else 0.0)
        confidence += 0.1 if entry.pos == "verb" else 0.0
        return Event(
            id=_event_id(state.info.id, trigger_span.start_char, trigger_span.end_char, entry.type),
            type=entry.type,
            modes=[entry.mode] if entry.mode else [],
            contexts=[entry.context] if entry.context else [],
            source=sources,
            target=targets,
            date=state.default_date,
            negated=negated,
            hypothetical=hypothetical,
            future=future,
            quad=type_.quad,
            score=self.lex.score(entry.type, entry.mode),
            confidence=round(min(confidence, 0.95), 2),
            trigger=state.span_evidence(trigger_span),
            evidence=state.sentence_of(trig.token.i),
        )


def _unique(refs: list[ActorRef]) -> list[ActorRef]:
    seen = set()
    out = []
    for r in refs:
        key = (r.actor_id, r.evidence.start)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
