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

import functools
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from redline.datafiles import unidentified_actors, unidentified_name, word_class, word_sequence
from redline.events.lexicon import BLOCKER, LexEntry, Lexicon
from redline.model import ActorRef, Event, Location, Provenance
from redline.time.dating import event_date

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
PARTICLE_DEPS = {"prt", "prep", "dative", "agent", "advmod", "acomp", "oprd"}
COMPLEMENT_DEPS = {"xcomp", "ccomp"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
PLACE_HEADS = word_class("location_heads")
PARTITIVE_HEADS = word_class("partitive_heads")
MEASURE_HEADS = word_class("measure_heads")
OBJECT_DEPS = ("dobj", "dative")
CONFLICT_QUADS = ("verbal_conflict", "material_conflict")
OBLIGATION_WORDS = word_class("obligation_words")
OBLIGATION_FRAME = "obligation"  # frame of the REQUEST coded from a reported "must"
PURPOSE_TYPES = {"REQUEST", "ACCUSE"}
PATIENT_EVENT_TYPES = {"PROTEST"}  # event nouns that stay events when acted upon ("police broke up the protest")
NAME_LABELS = {"ORG", "GPE", "PERSON", "NORP", "FAC", "LOC", "WORK_OF_ART", "LAW", "PRODUCT"}
SUPPORT_NOUNS = word_class("support_nouns")
RECIPIENT_PREPS = word_sequence("recipient_preps")
NAMED_KINDS = {"person", "organization", "group", "igo", "ngo"}
LOCATIVE_PREPS = word_sequence("event_locative_preps")
WEAPON_HEADS = word_class("weapon_heads")
OCCURRENCE_VERBS = word_class("occurrence_verbs")
RECIPROCAL_PREPS = word_sequence("reciprocal_preps")
WITNESS_VERBS = word_class("witness_verbs")


@dataclass
class Trigger:
    token: object
    entry: LexEntry
    span_start: int
    span_end: int
    type: str = ""
    mode: Optional[str] = None
    complement: Optional["Trigger"] = None
    complement_tokens: list = field(default_factory=list)
    objects: list = field(default_factory=list)  # object tokens a verb+object entry matched
    negation_absorbed: bool = False  # the negation is part of the type ("will not accept" -> REJECT)
    rule: str = ""  # the coding rule that found it (provenance)
    split_sides: bool = False  # "clashes between X and Y": the coordinated actors are the two sides
    argument_rules: list = field(default_factory=list)  # how the arguments were found (provenance)

    def __post_init__(self):
        self.type = self.type or self.entry.type
        self.mode = self.mode or self.entry.mode
        self.rule = self.rule or ("control" if self.entry.frame == "ctrl" else self.entry.frame or self.entry.pos)


def _event_id(doc_id: str, start: int, end: int, type_: str) -> str:
    return "e" + hashlib.sha1(f"{doc_id}:{start}:{end}:{type_}".encode()).hexdigest()[:12]


def _rule_words(rules: dict, *path) -> frozenset:
    node = rules
    for key in path:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    return frozenset(node) if isinstance(node, list) else frozenset()


class EventCoder:
    def __init__(self, state, lexicon: Lexicon):
        self.state = state
        self.doc = state.doc
        self.lex = lexicon
        self.inferred_refs = {id(m.ref) for m in state.mentions if m.inferred}
        self.placed_refs: dict[int, ActorRef] = {}  # id(mention) -> its ref with the country of its place
        self.actor_kind = {a.id: a.kind for a in state.output.actors}
        self.purpose_clauses: set[int] = set()  # verbs absorbed as the purpose of another event
        self.trigger_tokens: set[int] = set()  # trigger tokens of the sentence being coded
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

    # --- triggers ------------------------------------------------------------------------------
    @staticmethod
    def _attached(tok) -> list:
        """Particles and prepositions of a verb, with chained ones ("pull out of")."""
        found = []
        for c in tok.children:
            if c.dep_ in PARTICLE_DEPS:
                found.append(c)
                found.extend(g for g in c.children if g.dep_ == "prep")
        return found

    def _object_matches(self, alternatives: frozenset, candidates: list) -> list:
        """The candidate objects that one of the alternatives names (empty when none does)."""
        matched = []
        for alt in alternatives:
            words = alt.split()
            for cand in candidates:
                if cand.lemma_.lower() != words[-1] and cand.lower_ != words[-1]:
                    continue
                modifiers = {c.lemma_.lower() for c in cand.children if c.dep_ in ("compound", "amod")}
                modifiers |= {c.lower_ for c in cand.children if c.dep_ in ("compound", "amod")}
                if all(w in modifiers for w in words[:-1]) and cand not in matched:
                    matched.append(cand)
        return matched

    def match_verb(self, tok) -> Optional[Trigger]:
        # An adjectival participle ("disputed islands", "jailed activists") describes, it does not report.
        if tok.pos_ != "VERB" or tok.dep_ == "amod":
            return None
        hyphenated = self.match_hyphenated_verb(tok)
        if hyphenated is not None:
            return hyphenated
        entries = self.lex.verbs.get(tok.lemma_.lower())
        if not entries:
            return None
        attached = self._attached(tok)
        words = {c.lower_ for c in attached}
        for entry in entries:
            if not all(p in words for p in entry.words[1:]):
                continue
            matched_objects = []
            if entry.objects:
                preps = [c for c in attached if len(entry.words) > 1 and c.lower_ == entry.words[-1]]
                candidates = [g for p in preps for g in p.children if g.dep_ == "pobj"]
                if not candidates:
                    # "called off a strike": a particle, not a preposition; the verb's object is the object.
                    candidates = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
                # "provided 25,000 tons of food aid": the measured noun is the object;
                # "photographs and other intelligence": so is every coordinated one.
                candidates += [g for c in candidates if c.lemma_.lower() in MEASURE_HEADS or c.pos_ == "NUM"
                               for g in self.prep_objects(c, ("of",))]
                candidates += [g for c in candidates for g in c.conjuncts]
                matched_objects = self._object_matches(entry.objects, candidates)
                if not matched_objects:
                    continue
            if entry.type == BLOCKER:
                return None
            end = tok.i + 1
            for c in sorted(attached, key=lambda t: t.i):
                if c.lower_ in entry.words[1:] and c.i == end:
                    end = c.i + 1
            return Trigger(tok, entry, tok.i, end, objects=matched_objects)
        # A verb with a single reading whose objects the lexicon only exemplifies by kind, applied to
        # a named object ("extradited Aswad" where the lexicon lists suspect|militant|...).
        readings = {e.type for e in entries if len(e.words) == 1}
        named_object = any(c.dep_ == "dobj" and (c.pos_ == "PROPN" or c.i in self.state.mention_at)
                           for c in tok.children)
        if (named_object and len(readings) == 1 and BLOCKER not in readings
                and not any(e.frame == "ctrl" for e in entries)):
            entry = min((e for e in entries if len(e.words) == 1), key=lambda e: len(e.objects))
            return Trigger(tok, entry, tok.i, tok.i + 1)
        return None

    def match_hyphenated_verb(self, tok) -> Optional[Trigger]:
        """ "police lathi-charged the mob": a verb written with a hyphenated first part is the verb of the
        noun the lexicon lists ("lathi - charge"), coded as a verb so its subject is the source."""
        i = tok.i
        if i < 2 or self.doc[i - 1].text != "-":
            return None
        words = (self.doc[i - 2].lower_, "-", tok.lemma_.lower())
        for entry in self.lex.nouns.get(words[-1], ()):
            if entry.words == words and entry.type != BLOCKER:
                as_verb = LexEntry(pos="verb", words=entry.words, objects=frozenset(), type=entry.type,
                                   mode=entry.mode, context=entry.context, frame=None, row=entry.row)
                return Trigger(tok, as_verb, i - 2, i + 1)
        return None

    def match_noun(self, tok) -> Optional[Trigger]:
        # "Government of National Accord": a word inside a name is not an event.
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in NAME_LABELS:
            return None
        entries = self.lex.nouns.get(tok.lemma_.lower()) or self.lex.nouns.get(tok.lower_)
        if not entries and tok.lemma_.lower() in SUPPORT_NOUNS:
            # "a mediation effort", "an assassination attempt": the modifier names the event.
            for c in tok.children:
                if c.dep_ == "compound" and c.i == tok.i - 1:
                    inner = self.match_noun(c)
                    if inner is not None:
                        return Trigger(tok, inner.entry, inner.span_start, tok.i + 1)
            return None
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
            if entry.type == BLOCKER:
                return None
            return Trigger(tok, entry, tok.i - n + 1, tok.i + 1)
        return None

    # --- arguments -----------------------------------------------------------------------------
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

    def is_event_noun(self, tok) -> bool:
        entries = self.lex.nouns.get(tok.lemma_.lower()) or self.lex.nouns.get(tok.lower_)
        return bool(entries) and any(e.type != BLOCKER for e in entries)

    def subjects(self, verb, depth: int = 0) -> tuple[list, bool]:
        """Subject tokens of a verb and whether the verb is passive."""
        if depth > 4:
            return [], False
        subj = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
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
            sources = subjects
            targets = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
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

    def event_location(self, trig: Trigger, target_toks: list) -> Optional[Location]:
        """Where the event happened: a place among its arguments or locative phrases, else the
        sentence's place, else the country the document is about (precision 3)."""
        place_at = self.state.place_at
        if not place_at:
            return None
        tok = trig.token
        heads = [t for t in target_toks] + self.locations(tok)
        if tok.dep_ in ("dobj", "pobj", "nsubjpass", "nsubj") and tok.head.pos_ in ("VERB", "ADP"):
            # "an attack on X", "clashes erupted in X": the phrases of the verb that carries the noun.
            heads += self.locations(tok.head if tok.head.pos_ == "VERB" else tok.head.head)
        for head in heads:
            for t in [head] + [c for c in head.subtree if c.dep_ == "pobj"]:
                place = place_at.get(t.i)
                if place is not None and place.lat is not None:
                    return self._location(place, t.i, precision=None)
        # Else the most precise place of the sentence, then of the two sentences before it (a report goes
        # on about the place it has named: "Clashes erupted outside Sirte. Rockets were fired ...").
        sent = tok.sent
        found = self.sentence_place(sent)
        cursor = sent.start
        for _ in range(2):
            if found is not None or cursor == 0:
                break
            previous = self.doc[cursor - 1].sent
            found, cursor = self.sentence_place(previous), previous.start
        return found or self.focus_location

    def sentence_place(self, sent) -> Optional[Location]:
        if sent.start not in self._sentence_place:
            self._sentence_place[sent.start] = self._most_precise_place(sent)
        return self._sentence_place[sent.start]

    def _most_precise_place(self, span) -> Optional[Location]:
        from redline.geo import feature_code_precision

        best = None
        for t in span:
            place = self.state.place_at.get(t.i)
            if place is not None and place.lat is not None:
                rank = feature_code_precision(place)
                if best is None or rank < best[0]:
                    best = (rank, place, t.i)
        return self._location(best[1], best[2], precision=None) if best else None

    def _location(self, place, token_index: int, precision: Optional[int]) -> Location:
        from redline.geo import feature_code_precision

        evidence = next((m for m in place.mentions if m.start <= self.doc[token_index].idx < m.end), None)
        return Location(place_id=place.id, name=place.name, lat=place.lat, lon=place.lon, country=place.country,
                        geo_precision=precision or feature_code_precision(place), evidence=evidence)

    @functools.cached_property
    def focus_location(self) -> Optional[Location]:
        """The country most of the document's places lie in, as a precision-3 location."""
        places = [p for p in self.state.output.places if p.country and p.lat is not None]
        counts = Counter(p.country for p in places for _ in p.mentions)
        if not counts:
            return None
        (country, _n), = counts.most_common(1)
        country_place = next((p for p in places if p.country == country and p.feature == "country"), None)
        if country_place is None:
            return None
        return Location(place_id=country_place.id, name=country_place.name, lat=country_place.lat,
                        lon=country_place.lon, country=country, geo_precision=3, evidence=None)

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

    def light_verb(self, noun) -> tuple[Optional[str], object]:
        """The light verb carrying an event noun and its role: ("agent"|"patient", verb) or (None, None)."""
        if (noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in MEASURE_HEADS
                and noun.head.head.i != noun.i):
            # "launched a wave of assaults", "carried out a series of raids": the measure is the object.
            noun = noun.head.head
        if noun.dep_ in ("dobj", "nsubjpass"):
            verb = noun.head
            particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
            keys = [f"{verb.lemma_.lower()} {p}" for p in particles] + [verb.lemma_.lower()]
        elif noun.dep_ == "pobj" and noun.head.dep_ in ("prep", "agent"):
            prep = noun.head
            verb = prep.head
            if verb.dep_ in ("prt", "prep") and verb.head.pos_ == "VERB":
                keys = [f"{verb.head.lemma_.lower()} {verb.lower_} {prep.lower_}"]
                verb = verb.head
            else:
                particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
                keys = [f"{verb.lemma_.lower()} {p} {prep.lower_}" for p in particles]
                keys.append(f"{verb.lemma_.lower()} {prep.lower_}")
        else:
            return None, None
        if verb.pos_ not in ("VERB", "AUX"):
            return None, None
        for key in keys:
            role = self.lex.light_verbs.get(key)
            if role:
                return role, verb
        return None, None

    def noun_arguments(self, trig: Trigger) -> tuple[list, list]:
        tok = trig.token
        preps = self.lex.types[trig.type].target_preps
        sources = [c for c in tok.children if c.dep_ == "poss"]
        sources += self.prep_objects(tok, ("by", "from")) + self.agent_tokens(tok)
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

    # --- modality ------------------------------------------------------------------------------
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

    # --- control verbs -------------------------------------------------------------------------
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

    # --- coding ------------------------------------------------------------------------------
    def triggers(self, sent) -> list[Trigger]:
        found = []
        for tok in sent:
            trig = self.match_verb(tok) or self.match_noun(tok) or self.match_obligation(tok)
            if trig is not None:
                found.append(trig)
        return found

    def match_obligation(self, tok) -> Optional[Trigger]:
        """ "Britain said Libya must hand over the suspects": whatever the act, reporting that another
        actor must do it is a demand (PLOVER REQUEST)."""
        if tok.pos_ != "VERB" or tok.dep_ != "ccomp":
            return None
        if not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_WORDS for c in tok.children):
            return None
        entry = LexEntry(pos="verb", words=(tok.lemma_.lower(),), objects=frozenset(), type="REQUEST",
                         mode=None, context=None, frame=OBLIGATION_FRAME)
        return Trigger(tok, entry, tok.i, tok.i + 1)

    def code_sentence(self, sent) -> list[Event]:
        triggers = self.triggers(sent)
        by_token = {t.token.i: t for t in triggers}
        self.trigger_tokens = set(by_token)
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

    def merge_linked(self, events: dict) -> list[Event]:
        """One event for the words of one act: "a car bomb exploded ..., killing five", "two soldiers were
        killed when their patrol was ambushed" and "killed in clashes" each report one attack, so triggers
        of the same type joined by the parse (head and dependent, through at most a preposition or a
        subordinate clause) are merged. The kept event is the one with a named source, else the head."""
        order = sorted(events)
        keep = {i: i for i in order}

        def root(i):
            while keep[i] != i:
                i = keep[i]
            return i

        for a_pos, a in enumerate(order):
            for b in order[a_pos + 1:]:
                ra, rb = root(a), root(b)
                if ra == rb or events[ra].type != events[rb].type or events[ra].negated != events[rb].negated:
                    continue
                if not self._linked(self.doc[a], self.doc[b]):
                    continue
                implicit_a = all(r.implicit for r in events[ra].source)
                implicit_b = all(r.implicit for r in events[rb].source)
                if not (implicit_a or implicit_b or {r.code for r in events[ra].source} == {r.code for r in events[rb].source}):
                    continue
                winner, loser = (ra, rb)
                if implicit_a and not implicit_b:
                    winner, loser = rb, ra
                elif implicit_a == implicit_b and self._is_ancestor(self.doc[rb], self.doc[ra]):
                    winner, loser = rb, ra
                events[winner] = self._absorb(events[winner], events[loser])
                keep[loser] = winner
        return [events[i] for i in order if keep[i] == i]

    @staticmethod
    def _is_ancestor(a, b) -> bool:
        return any(t.i == a.i for t in b.ancestors)

    @staticmethod
    def _linked(a, b) -> bool:
        for x, y in ((a, b), (b, a)):
            if y.head.i == x.i and y.i != x.i:
                return True
            if y.head.head.i == x.i and y.head.dep_ in ("prep", "agent", "advcl", "acl", "relcl", "xcomp"):
                return True
        return False

    @staticmethod
    def _absorb(kept: Event, other: Event) -> Event:
        """``kept`` with the targets, place and modes ``other`` adds."""
        seen = {(r.actor_id, r.evidence.start) for r in kept.target}
        targets = kept.target + [r for r in other.target if (r.actor_id, r.evidence.start) not in seen
                                 and r.actor_id not in {s.actor_id for s in kept.source}]
        update = {"target": targets}
        if kept.location is None or (kept.location.geo_precision == 3 and other.location is not None):
            update["location"] = other.location or kept.location
        if not kept.modes and other.modes:
            update["modes"] = other.modes
        if targets and not kept.target:
            update["confidence"] = round(min(kept.confidence + 0.15, 0.95), 2)
        return kept.model_copy(update=update)

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

    def _carries_event(self, verb, by_token: dict) -> bool:
        """Whether a verb is an event trigger or the light verb of an event noun."""
        if verb.i in by_token:
            return by_token[verb.i].entry.frame != "ctrl"
        return any(c.i in by_token and self.light_verb(c)[0] for c in verb.children if c.dep_ == "dobj")

    def _conditional_on_refusal(self, tok) -> bool:
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children):
                return True
        return False

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
        return _unique([r for t in reporter for r in self.mention_refs(t)])

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
            named = self.agent_tokens(tok) if passive else subjects
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
        # "killed in clashes", "wounded during the shelling": the cause of what the verb reports.
        return (head.dep_ == "pobj" and head.head.lower_ in ("in", "during", "amid")
                and head.head.head.pos_ == "VERB" and head.head.head.i in self.trigger_tokens)

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

    def code(self, trig: Trigger) -> Optional[Event]:
        if trig.entry.pos == "verb":
            source_toks, target_toks = self.verb_arguments(trig)
        else:
            source_toks, target_toks = self.noun_arguments(trig)
        conj = not trig.split_sides
        sources = _unique([r for t in source_toks for r in self.mention_refs(t, conj=conj) if self.can_act(r)])
        if not sources and trig.type not in self.implied_types:
            return None  # no doer named, and none implied by this kind of event
        negated, future, hypothetical, intended = self.modality(trig.token)
        self.apply_stance(trig, intended, negated)
        negated = negated and not trig.negation_absorbed
        location = self.event_location(trig, target_toks)
        implicit = False
        if (not sources and not (negated or future or hypothetical or intended) and self.reported_as_fact(trig)
                and self.agentless(trig, source_toks)):
            # Only an act the text reports as done implies a doer ("were arrested"), not one it
            # announces, fears or denies ("would be arrested", "to prevent an attack").
            sources = self.implicit_agent(trig, location)
            implicit = bool(sources)
        if not sources:
            return None
        sources = [self.with_country(r, location) for r in sources]
        source_ids = {r.actor_id for r in sources if r.actor_id}
        targets = _unique([r for t in target_toks for r in self.mention_refs(t) if r.actor_id not in source_ids])
        source_codes = {r.code for r in sources}
        if trig.entry.pos == "verb" and (not targets or {r.code for r in targets} <= source_codes):
            # "offered its troops to Lebanon": what the source gives is its own; the recipient is the target.
            preps = self.lex.types[trig.type].target_preps + RECIPIENT_PREPS
            others = _unique([r for t in self.prep_objects(trig.token, preps) for r in self.mention_refs(t)
                              if r.actor_id not in source_ids and r.code not in source_codes])
            targets = others or targets
        if (not trig.split_sides and len({r.code for r in targets} - source_codes)
                and any(r.code in source_codes for r in targets)):
            # "apologized to Brazil for one of its gunboats": the source's own side is not its target.
            targets = [r for r in targets if r.code not in source_codes]
        if not targets:
            # Where an act with no named target happens stands for whom it affects
            # ("lifted the curfew in Montenegro").
            targets = _unique([r for t in self.locations(trig.token) for r in self.mention_refs(t)
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


def _unique(refs: list[ActorRef]) -> list[ActorRef]:
    seen = set()
    out = []
    for r in refs:
        key = (r.actor_id, r.evidence.start)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
