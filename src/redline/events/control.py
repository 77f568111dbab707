"""Verbs that take another event as complement ("threatened to strike", "demanded the withdrawal"),
refined by ctrl_rules.json, and demands reported with "must".

A part of :class:`redline.events.coder.EventCoder`; it reads the coder's state (``self.doc``,
``self.state``, ``self.lex`` ...).
"""

from __future__ import annotations

from redline.events.common import COMPLEMENT_DEPS, CONFLICT_QUADS, OBLIGATION_WORDS, unique_refs
from redline.events.triggers import Trigger
from redline.model import ActorRef


class ControlVerbs:
    def _complement_of(self, trig: Trigger, by_token: dict) -> None:
        tok = trig.token
        comps = [c for c in tok.children if c.dep_ in COMPLEMENT_DEPS and c.pos_ in ("VERB", "AUX")]
        # "have sworn to fight": the parser often calls the infinitive an adverbial clause.
        comps += [c for c in tok.children if c.dep_ == "advcl" and c.pos_ == "VERB"
                  and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
        comps += [c for c in tok.children if c.dep_ == "dobj" and c.i in by_token]
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in trig.entry.words[1:]:
                comps += [p for p in prep.children if p.dep_ in ("pobj", "pcomp")]
        trig.complement_tokens = comps
        for comp in comps:
            if comp.i in by_token:
                trig.complement = by_token[comp.i]
                break

    def refine_ctrl(self, trig: Trigger) -> bool:
        """Type and mode of a control verb from its complement; False when it is no event."""
        lemma = trig.token.lemma_.lower()
        for comp in trig.complement_tokens:
            # "declined to comment" is no event; "refused to respond to a demand" is.
            if (comp.pos_ in ("VERB", "AUX") and comp.lemma_.lower() in self.non_event_complements
                    and not any(c.dep_ in ("dobj", "prep", "dative", "ccomp") for c in comp.children)):
                return False
        comp = trig.complement
        if comp is not None:
            comp_quad = self.lex.types[comp.type].quad
            if lemma in self.polarity_verbs and comp_quad in CONFLICT_QUADS and comp.type not in self.keep_agree:
                trig.type = "THREATEN"
            if not trig.entry.mode:
                modes = self.complement_mode.get(trig.type, {})
                mode = modes.get(f"{comp.type}/{comp.mode}") if comp.mode else None
                trig.mode = mode or modes.get(comp.type) or None
        elif not trig.entry.mode and trig.type in ("REQUEST", "REJECT"):
            for c in trig.complement_tokens:
                mode = self.noun_modes.get(c.lemma_.lower())
                if mode:
                    trig.mode = mode
                    break
        if trig.mode and trig.mode not in self.lex.types[trig.type].modes:
            trig.mode = None
        return True

    def requester(self, trig: Trigger) -> list[ActorRef]:
        """Who demands an act expressed with "must" in a reported clause ("Britain said Libya must ...")."""
        tok = trig.token
        if not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_WORDS for c in tok.children):
            return []
        clause = tok
        while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ != "ccomp":
            return []
        reporter, _ = self.subjects(clause.head)
        return unique_refs([r for t in reporter for r in self.mention_refs(t)])

    def _carries_event(self, verb, by_token: dict) -> bool:
        """Whether a verb is an event trigger or the light verb of an event noun."""
        if verb.i in by_token:
            return by_token[verb.i].entry.frame != "ctrl"
        return any(c.i in by_token and self.light_verb(c)[0] for c in verb.children if c.dep_ == "dobj")
