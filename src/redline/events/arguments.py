"""Reading an event's source and target from the parse: subjects and objects, by-agents, possessors,
the type's target prepositions, light verbs and the phrases of control verbs.

A part of :class:`redline.events.coder.EventCoder`; it reads the coder's state (``self.doc``,
``self.state``, ``self.lex`` ...).
"""

from __future__ import annotations

from redline.events.common import (
    LOCATIVE_PREPS,
    NOMINAL_DEPS,
    OBJECT_DEPS,
    OCCURRENCE_VERBS,
    PARTITIVE_HEADS,
    PASSIVE_SUBJECT_DEPS,
    PLACE_HEADS,
    RECIPIENT_PREPS,
    RECIPROCAL_PREPS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    WEAPON_HEADS,
    is_explosion_word,
)
from redline.events.triggers import Trigger
from redline.model import ActorRef


class ArgumentReading:
    def mention_refs(self, tok, depth: int = 0, conj: bool = True) -> list[ActorRef]:
        """The actors a noun phrase headed by ``tok`` names, with its coordinated phrases (``conj``)."""
        refs: list[ActorRef] = []
        mention = self.state.mention_at.get(tok.i)
        if mention is not None:
            refs.append(self.placed_ref(mention))
        elif depth < 2 and tok.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            # "militia positions", "Sirte's defenders", "the city of Sirte": the actor behind the noun
            # (but "its demand" is the act of its owner, not an actor).
            behind = ("compound", "amod", "nmod") if self.is_event_noun(tok) else ("compound", "poss", "amod", "nmod")
            for child in tok.children:
                if child.dep_ in behind and child.i in self.state.mention_at:
                    refs.extend(self.mention_refs(child, depth + 1))
                    break
            else:
                # "the city of Sirte", "thousands of Nigerians", "members of the opposition".
                if tok.lemma_.lower() in PLACE_HEADS or tok.lemma_.lower() in PARTITIVE_HEADS or tok.pos_ == "NUM":
                    # "a camp for Congolese refugees": whom a place is for is who is there.
                    preps = ("of", "for") if tok.lemma_.lower() in PLACE_HEADS else ("of",)
                    for pobj in self.prep_objects(tok, preps):
                        refs.extend(self.mention_refs(pobj, depth + 1))
        for other in tok.children if conj else ():
            if other.dep_ == "conj" and other.pos_ in ("NOUN", "PROPN", "PRON"):
                refs.extend(self.mention_refs(other, depth))
        return refs

    def placed_ref(self, mention) -> ActorRef:
        """A mention's actor ref; a place the actors stage could give no country ("Sirte" in a text
        that names none) takes the country the places stage found it in, as its civilians."""
        ref = mention.ref
        if ref.code is not None or self.actor_kind.get(ref.actor_id) != "place":
            return ref
        if id(mention) not in self.placed_refs:
            place = self.state.place_at.get(mention.head)
            placed = ref
            if place is not None and place.country:
                placed = ref.model_copy(update={"code": place.country, "sector": ref.sector or "CVL"})
                self.inferred_refs.add(id(placed))
            self.placed_refs[id(mention)] = placed
        return self.placed_refs[id(mention)]

    def subjects(self, verb, depth: int = 0) -> tuple[list, bool]:
        """Subject tokens of a verb and whether the verb is passive."""
        if depth > 4:
            return [], False
        subj = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if subj and self.reduced_passive(verb):
            # "At least 12 killed", "Six wounded.": a headline's participle, its subject the victims.
            passive, subj = subj, []
        if subj or passive:
            resolved = []
            for t in subj or passive:
                if t.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    resolved.append(verb.head)
                elif t.pos_ == "VERB":
                    # "The Red Cross operating in Iraq said": the parser made the participle the subject.
                    resolved.extend(c for c in t.children if c.dep_ in SUBJECT_DEPS)
                else:
                    resolved.append(t)
            return resolved, bool(passive) and not subj
        if verb.dep_ == "relcl":
            return [verb.head], False
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            noun = verb.head
            if verb.tag_ != "VBN" and noun.i not in self.state.mention_at and noun.dep_ == "dobj":
                # "issued a declaration demanding ...": the declaration's author demands.
                return self.subjects(noun.head, depth + 1)[0], False
            return [noun], verb.tag_ == "VBN"
        if verb.dep_ == "xcomp" or (verb.dep_ in ("advcl", "pcomp") and verb.tag_ in ("VBG", "VB")):
            governor = verb.head if verb.dep_ != "pcomp" else verb.head.head
            # "is about to restore", "is ready to contribute": through the adjective to its verb.
            hops = 0
            while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i and hops < 3:
                governor, hops = governor.head, hops + 1
            objects = [c for c in governor.children if c.dep_ in OBJECT_DEPS]
            if verb.dep_ == "xcomp" and objects and objects[0].i < verb.i:
                return objects, False
            return self.subjects(governor, depth + 1)[0], False
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            return self.subjects(verb.head, depth + 1)
        return [], False

    @staticmethod
    def reduced_passive(verb) -> bool:
        """A past participle with a subject but no auxiliary and no object: the passive of a headline or a
        coder's note ("12 killed", "two soldiers wounded"), not an active past ("rebels killed two")."""
        return (verb.tag_ == "VBN" and verb.dep_ in ("ROOT", "conj")
                and not any(c.dep_ in ("aux", "auxpass") or c.dep_ in OBJECT_DEPS for c in verb.children))

    @staticmethod
    def unaccusative(verb) -> bool:
        """Whether a verb says something exploded rather than that someone exploded something: an explosion
        verb with no object ("the car bomb exploded", "a bomb went off")."""
        return is_explosion_word(verb) and not any(c.dep_ in OBJECT_DEPS for c in verb.children)

    def agent_tokens(self, tok) -> list:
        return [p for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]

    def prep_objects(self, tok, preps) -> list:
        found = []
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                for p in prep.children:
                    if p.dep_ == "pobj":
                        found.append(p)
                    elif p.dep_ == "prep":
                        # "from the outskirts of Sirte": a chained preposition.
                        found.extend(g for g in p.children if g.dep_ == "pobj")
        return found

    def with_actors(self, tokens) -> list:
        return [t for t in tokens if self.mention_refs(t)]

    def verb_arguments(self, trig: Trigger) -> tuple[list, list]:
        tok = trig.token
        subjects, passive = self.subjects(tok)
        preps = self.lex.types[trig.type].target_preps
        if passive:
            sources, targets = self.agent_tokens(tok), subjects
        else:
            # "Shelling by government forces killed 11": a verb with no subject but a by-phrase is done by it.
            sources = subjects or self.agent_tokens(tok)
            targets = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
            if not targets and self.unaccusative(tok):
                # "a boiler exploded": what exploded did not set itself off.
                sources = self.agent_tokens(tok)
        if not sources and tok.tag_ == "VBG" and tok.dep_ in NOMINAL_DEPS:
            # "died in police firing": a gerund used as a noun has its doer before it, as a noun does.
            sources = [c for c in tok.children if c.dep_ in ("compound", "poss", "amod", "nmod")
                       and c.i in self.state.mention_at]
        if trig.entry.frame == "inverse":
            # "X hosted Y", "X received aid from Y": the subject is the recipient.
            givers = self.with_actors(targets) or self.prep_objects(tok, ("from", "by"))
            return givers, sources
        direct = targets
        targets = self.with_actors(direct) or self.with_actors(self.prep_objects(tok, preps))
        if not targets and trig.entry.frame == "ctrl":
            targets = self.complement_targets(trig, preps)
        if not targets:
            # "halted economic aid to Serbia", "imposed sanctions on the Taliban": the object's recipient.
            targets = self.with_actors([p for t in direct
                                        for p in self.prep_objects(t, preps + RECIPIENT_PREPS)])
        if not targets:
            # "rejected an Indian proposal", "denounced Serbia's suppression", "conceded to demands from X":
            # the target is whoever the object belongs to.
            targets = [o for t in direct + self.prep_objects(tok, preps) for o in self.owners(t)]
        if not targets:
            targets = self.purpose_targets(tok)
        return sources, targets

    def purpose_targets(self, tok) -> list:
        """Whom a protest is directed at, from its purpose ("to demand reforms by X", "to protest
        against Sweden's decision", "in protest against violations by the security forces")."""
        for c in tok.children:
            if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB" and (
                    c.i in self.purpose_clauses or any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)):
                found = self.action_targets(c)
                if found:
                    return found
        for pobj in self.prep_objects(tok, ("in",)):
            if pobj.lemma_.lower() in ("protest", "response", "retaliation", "reaction", "solidarity"):
                against = self.prep_objects(pobj, ("against", "at", "over", "of", "to"))
                found = self.with_actors(against) or [o for a in against for o in self.owners(a)]
                if found:
                    return found
        return []

    def owners(self, noun) -> list:
        """The actors a non-actor noun phrase belongs to: possessor, by/from phrase, demonym modifier."""
        if noun.pos_ not in ("NOUN", "PROPN"):
            return []
        found = [c for c in noun.children if c.dep_ == "poss"]
        found += self.prep_objects(noun, ("by", "from"))
        # "the demonstration staged by students": the author through a participle.
        found += [p for c in noun.children if c.dep_ == "acl" for p in self.agent_tokens(c)]
        found += [c for c in noun.children if c.dep_ in ("amod", "compound") and c.i in self.state.mention_at]
        found = self.with_actors(found)
        # "allow the return of U.N. inspectors": failing an owner, whom the act concerns.
        return found or self.with_actors(self.prep_objects(noun, ("of",)))

    def complement_targets(self, trig: Trigger, preps) -> list:
        """Whom a control verb's content is aimed at, trying the most telling phrase first."""
        verb_lemma = trig.token.lemma_.lower()
        for comp in trig.complement_tokens:
            if comp.pos_ in ("NOUN", "PROPN"):
                candidates = []
                if verb_lemma in self.condemn_like:
                    # "condemned the attack by X": the accused is the attack's author.
                    candidates.append(self.prep_objects(comp, ("by",)) + [c for c in comp.children if c.dep_ == "poss"])
                # "demanded the withdrawal of Serbian forces from Bosnia": who is to act, then where.
                candidates.append([c for c in comp.children if c.dep_ in ("poss", "amod", "compound")]
                                  + self.prep_objects(comp, ("of",)))
                candidates.append(self.prep_objects(comp, preps + ("against", "on", "with", "from")))
            else:
                candidates = []
                if comp.dep_ == "ccomp" and trig.type in ("REQUEST", "REJECT", "ACCUSE", "THREATEN"):
                    # "demanded that the US cancel plans": the one asked to act; "vowed that government
                    # forces would recapture Sirte": not the source's own forces.
                    candidates.append(self._not_own(self.with_actors(
                        [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")])))
                # "threatened to deploy troops": forces whose owner is only guessed are the source's own.
                candidates.append(self._not_own(self.action_targets(comp, preps)))
            if trig.type == "THREATEN":
                # "threatened to stop talks if the United States goes ahead": the one the condition is on.
                candidates.append(self.condition_subjects(comp) or self.condition_subjects(trig.token))
            candidates.append(self.locations(comp))
            for found in candidates:
                found = self.with_actors(found)
                if found:
                    return found
        return []

    def _not_own(self, tokens: list) -> list:
        """Drop forces named without an owner ("troops", "government forces"): the source's own."""
        return [t for t in tokens
                if not all(id(r) in self.inferred_refs and self.actor_kind.get(r.actor_id) == "sector"
                           for r in self.mention_refs(t))]

    def action_targets(self, verb, preps=()) -> list:
        """Whom an action in a complement or purpose clause is directed at."""
        preps = tuple(preps) + ("from", "against", "on", "with", "to")
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
        found = self.with_actors(objects) or self.with_actors(self.prep_objects(verb, preps))
        if not found:
            # "impose restrictions against German goods", "halt aid to Serbia", "Sweden's decision".
            for obj in objects:
                found = self.with_actors(self.prep_objects(obj, preps))
                found = found or [o for p in self.prep_objects(obj, preps) for o in self.owners(p)]
                found = found or self.owners(obj)
                if found:
                    break
        return found

    def condition_subjects(self, verb) -> list:
        for c in verb.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
                return self.with_actors([s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")])
        return []

    def locations(self, tok) -> list:
        """Places named by locative phrases of the trigger or of its object, looking one phrase deeper
        ("killed in a car bomb explosion in eastern Beirut")."""
        heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        found = []
        for depth in range(2):
            deeper = []
            for h in heads:
                for pobj in self.prep_objects(h, LOCATIVE_PREPS):
                    if any(self.actor_kind.get(r.actor_id) in ("country", "place") for r in self.mention_refs(pobj)):
                        found.append(pobj)
                    else:
                        deeper.append(pobj)
            if found:
                break
            heads = deeper
        return found

    def noun_arguments(self, trig: Trigger) -> tuple[list, list]:
        tok = trig.token
        preps = self.lex.types[trig.type].target_preps
        sources = [c for c in tok.children if c.dep_ == "poss"]
        sources += self.prep_objects(tok, ("by", "from")) + self.agent_tokens(tok)
        # "a mine planted by the Taliban", "the explosion of a bomb planted by X": who set the weapon.
        weapons = [tok] + [p for p in self.prep_objects(tok, ("of",)) if p.lemma_.lower() in WEAPON_HEADS]
        sources += [a for w in weapons for c in w.children if c.dep_ == "acl" for a in self.agent_tokens(c)]
        sources = self.with_actors(sources)
        if not sources:
            # "the GNA militias’ attack": with a curly apostrophe the parser makes the owner an nmod.
            sources = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < trig.span_start
                       and c.i in self.state.mention_at]
        targets = self.with_actors(self.prep_objects(tok, preps))
        if not sources:
            # "clashes between rebels and government forces", "fighting among tribal groups erupted".
            first, others = self.reciprocal_sides(tok)
            if first is not None:
                sources, targets = [first], targets or others
                trig.split_sides = bool(others)
                trig.argument_rules.append("between")
        role, verb = self.light_verb(tok)
        if role is not None:
            subj, passive = self.subjects(verb)
            if role == "agent" and not passive and not sources:
                sources = subj
            elif role == "agent" and passive and not sources:
                # "the attack on Sirte is being led by the Misrata militias".
                sources = self.agent_tokens(verb)
            elif role == "patient" and not targets:
                targets = subj
        if tok.dep_ in ("attr", "acomp") and tok.head.lemma_ == "be":
            # "Sirte is a red line": what the predicate is said of is what the event is about.
            if not targets:
                targets = self.with_actors([c for c in tok.head.children if c.dep_ == "nsubj"])
        if not sources and tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB":
            # "converged for a rally", "gathered in protest": who moves to the event takes part in it.
            verb = tok.head.head
            if verb.i not in self.trigger_tokens and tok.head.lower_ in ("for", "in", "into", "at"):
                sources = self.subjects(verb)[0]
        if not sources and self.lex.types[trig.type].quad.startswith("verbal"):
            sources = self.speaker(tok)
        if not targets and verb is not None:
            targets = self.purpose_targets(verb)
        return sources, targets

    def reciprocal_sides(self, tok) -> tuple[object, list]:
        """The sides of a reciprocal event noun: the first actor of its "between"/"among" phrase and the
        ones coordinated with it, on the noun or on the verb that says it happened ("clashes erupted
        between X and Y")."""
        holders = [tok]
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in OCCURRENCE_VERBS:
            holders.append(tok.head)
        for holder in holders:
            for pobj in self.prep_objects(holder, RECIPROCAL_PREPS):
                if not self.mention_refs(pobj, conj=False):
                    continue
                others = [c for c in pobj.conjuncts if c.i > pobj.i and self.mention_refs(c, conj=False)]
                return pobj, others
        return None, []

    def speaker(self, tok) -> list:
        """Who says the clause a verbal event noun stands in ("a message from the Russians telling him
        that Sirte was a red line")."""
        clause = tok
        for _ in range(6):
            if clause.dep_ == "ccomp":
                reporter = clause.head
                subj, _passive = self.subjects(reporter)
                found = self.with_actors(subj) or [o for s in subj for o in self.owners(s)]
                if found:
                    return found
                return []
            if clause.head.i == clause.i:
                return []
            clause = clause.head
        return []
