"""Negation, futurity, hypotheticals and stated intentions, and what they do to an event's type
("will provide aid" is AGREE, "would boycott" THREATEN, "will not accept" REJECT).

A part of :class:`redline.events.coder.EventCoder`; it reads the coder's state (``self.doc``,
``self.state``, ``self.lex`` ...).
"""

from __future__ import annotations

from redline.events.triggers import Trigger


class Modality:
    def modality(self, tok) -> tuple[bool, bool, bool, bool]:
        """(negated, future, hypothetical, intended) for the event named by ``tok``."""
        negated = future = hypothetical = intended = False
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
                        future = intended = True
                    elif c.lower_ == "would" and t.dep_ == "ccomp":
                        # "said they would boycott": the future seen from a past report.
                        future = intended = True
                    elif c.lower_ in self.lex.words("hypothetical"):
                        hypothetical = True
                if c.dep_ == "mark" and c.lower_ in self.lex.words("hypothetical_markers"):
                    hypothetical = True
            if i > 0:
                lemma = t.lemma_.lower()
                if lemma in self.lex.words("future_verbs"):
                    future = True
                if lemma in self.lex.words("intent_verbs") or t.lower_ in self.lex.words("intent_verbs"):
                    intended = True
                if lemma in self.lex.words("failure_verbs"):
                    negated = True
                if lemma in self.lex.words("attempt_verbs"):
                    hypothetical = True
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.lex.words("hypothetical_markers")
                                       for c in tok.children):
            hypothetical = True
        return negated, future, hypothetical, intended

    def apply_stance(self, trig: Trigger, intended: bool, negated: bool) -> None:
        """A stated intention is itself the event: PLOVER codes a promise to cooperate as AGREE
        and an announced coercive act as THREATEN ("will provide aid", "would boycott")."""
        if not intended or trig.type in ("AGREE", "THREATEN", "REJECT"):
            return
        quad = self.lex.types[trig.type].quad
        if negated:
            if quad in ("verbal_cooperation", "material_cooperation"):
                # "will not accept any more refugees": announcing a refusal is a rejection.
                trig.type, trig.mode, trig.negation_absorbed = "REJECT", None, True
            return
        if self._conditional_on_refusal(trig.token):
            # "will withdraw its force unless ...": a conditional announcement is a threat.
            trig.type, trig.mode = "THREATEN", None
        elif quad in ("verbal_cooperation", "material_cooperation"):
            trig.type, trig.mode = "AGREE", None
        elif quad == "material_conflict" and trig.type in ("ASSAULT", "MOBILIZE") and self._prepared_by_verb(trig.token):
            # "the army prepared to resume shelling": getting forces ready is mobilization;
            # "is prepared to impose martial law" (an adjective) stays a statement of intent.
            trig.type, trig.mode = "MOBILIZE", None
        elif quad == "material_conflict":
            modes = self.complement_mode.get("THREATEN", {})
            mode = (modes.get(f"{trig.type}/{trig.mode}") if trig.mode else None) or modes.get(trig.type)
            trig.type, trig.mode = "THREATEN", mode if mode in self.lex.types["THREATEN"].modes else None

    def _prepared_by_verb(self, tok) -> bool:
        cur = tok
        for _ in range(3):
            if cur.dep_ not in ("xcomp", "advcl", "dobj") or cur.head.i == cur.i:
                return False
            cur = cur.head
            if cur.lemma_.lower() == "prepare" and cur.pos_ == "VERB" and cur.tag_ in ("VBD", "VBZ", "VBP", "VBG"):
                return True
        return False

    def _conditional_on_refusal(self, tok) -> bool:
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children):
                return True
        return False
