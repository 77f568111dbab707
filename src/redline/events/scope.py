"""Acts outside political event data: ordinary crime (police catching "smugglers", a "gang that had
been stealing motorcycles", a shopkeeper shot "during a robbery"), which ACLED and PLOVER leave out,
and ground "gained" by anyone but an armed side (a party in the polls). The word classes are
``criminal_roles``, ``crime_acts`` and ``armed_only_objects`` in ``data/grammar.json``.

A part of :class:`redline.events.coder.EventCoder`; it reads the coder's state (``self.doc``,
``self.state``, ``self.lex`` ...).
"""

from __future__ import annotations

from redline.events.common import (
    ARMED_ONLY_OBJECTS,
    ARMED_SECTORS,
    ARMS_NOUNS,
    CRIME_ACTS,
    CRIMINAL_ROLES,
    OBJECT_DEPS,
    WEAPON_HEADS,
)
from redline.events.triggers import Trigger

CRIME_SCOPED_TYPES = {"ASSAULT", "COERCE"}
# clauses another clause reports or sets beside it: what they say is not the trigger's circumstance
REPORTED_CLAUSE_DEPS = {"ccomp", "parataxis"}
# Armed sides other than the police: a fight with them is conflict whatever crime is named beside it.
FIGHTING_SECTORS = ARMED_SECTORS - {"COP"}


class OutOfScope:
    def figurative_battle(self, trig: Trigger, sources) -> bool:
        """Whether a verb that is a battle only in an armed side's mouth ("gained ground", "made gains")
        has another doer ("the opposition gained ground in the polls")."""
        if not trig.objects or not all(o.lemma_.lower() in ARMED_ONLY_OBJECTS for o in trig.objects):
            return False
        return not any(r.sector in ARMED_SECTORS for r in sources)

    def ordinary_crime(self, trig: Trigger, source_toks: list, target_toks: list) -> bool:
        """Whether an act of force or coercion is crime news: one of its sides is named by a crime
        ("arrested four smugglers", "robbers shot a guard"), or its own phrases name one ("charged with
        fraud and theft", "shot dead during a robbery"). An armed side in it ("intercepted
        a ship smuggling weapons to the rebels", "gunmen robbed a bank") keeps it a conflict event."""
        if trig.type not in CRIME_SCOPED_TYPES:
            return False
        if any(c.dep_ in OBJECT_DEPS and c.lemma_.lower() in WEAPON_HEADS | ARMS_NOUNS for c in trig.token.children):
            return False  # "seized rifles and drugs": arms taken are a conflict event
        sides = list(source_toks) + list(target_toks)
        refs = [r for t in sides for r in self.mention_refs(t)]
        # An attack on someone accused of a crime ("a mob lynched a man accused of cattle theft") is
        # violence all the same; an arrest for one is policing.
        outside = list(source_toks)
        if trig.type == "ASSAULT":
            outside += list(target_toks) + [c for c in trig.token.children if c.dep_ in OBJECT_DEPS]
        scope = self._circumstance_tokens(trig, outside)
        mentioned = [self.state.mention_at[t.i].ref for t in scope if t.i in self.state.mention_at]
        if any(r.sector in FIGHTING_SECTORS for r in refs + mentioned):
            return False
        if any(r.role in CRIMINAL_ROLES for r in refs) or any(t.lemma_.lower() in CRIMINAL_ROLES for t in sides):
            return True
        return any(t.lower_ in CRIME_ACTS or t.lemma_.lower() in CRIME_ACTS for t in scope)

    def _circumstance_tokens(self, trig: Trigger, side_toks: list) -> list:
        """The words of the trigger's clause outside the sides given (``side_toks``): its object, its phrases
        and the clauses that say when or why, shared by the verbs coordinated in it ("one died and two were
        hurt when shots were fired during a robbery"), but not a clause it reports ("police said")."""
        head = trig.token
        for _ in range(3):
            # An event noun's clause is that of the verb it stands in ("the shooting happened during a robbery").
            if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
                break
            head = head.head
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        # The doer's words are not the act's circumstance, unless the act is said inside them ("a gang that
        # had been stealing motorcycles").
        skip = {t.i for s in side_toks if not s.is_ancestor(head) for t in s.subtree}
        for tok in head.subtree:
            if tok.dep_ in REPORTED_CLAUSE_DEPS and tok.i != head.i:
                skip.update(t.i for t in tok.subtree)
        return [t for t in head.subtree if t.i not in skip]
