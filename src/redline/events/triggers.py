"""Finding triggers: the verbs and event nouns the lexicon lists, matched on the parse.

A part of :class:`redline.events.coder.EventCoder`; it reads the coder's state (``self.doc``,
``self.state``, ``self.lex`` ...).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional

from redline.events.common import (
    MEASURE_HEADS,
    PLACE_NOUNS,
    NAME_LABELS,
    OBLIGATION_FRAME,
    OBLIGATION_WORDS,
    PARTICLE_DEPS,
    SUPPORT_NOUNS,
)
from redline.events.lexicon import BLOCKER, LexEntry


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
    sides: Optional[tuple] = None  # (source tokens, target tokens) read off the words, not the parse

    def __post_init__(self):
        self.type = self.type or self.entry.type
        self.mode = self.mode or self.entry.mode
        self.rule = self.rule or ("control" if self.entry.frame == "ctrl" else self.entry.frame or self.entry.pos)


class TriggerMatching:
    @staticmethod
    def _attached(tok) -> list:
        """Particles and prepositions of a verb, with chained ones ("pull out of")."""
        found = []
        for c in tok.children:
            if c.dep_ in PARTICLE_DEPS:
                found.append(c)
                found.extend(g for g in c.children if g.dep_ == "prep")
        return found

    def _object_matches(self, alternatives: frozenset, candidates: list, named_places: bool = False) -> list:
        """The candidate objects that one of the alternatives names (empty when none does). With
        ``named_places``, a named place stands for the place nouns ("took Zlitan" matches take +
        town|city|village); the caller tries that only when no entry matched the words themselves."""
        if named_places:
            if not alternatives & PLACE_NOUNS:
                return []
            return [c for c in candidates if c.i in self.state.place_at and c.pos_ == "PROPN"]
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
        for named_places in (False, True):
            trigger = self._match_verb_entries(tok, entries, attached, words, named_places)
            if trigger is not None:
                return trigger if trigger.entry.type != BLOCKER else None
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

    def _match_verb_entries(self, tok, entries, attached, words, named_places: bool) -> Optional[Trigger]:
        """The first entry (most specific first) whose particles and objects the verb has; a blocker's
        trigger says the verb is no event here. ``named_places``: see :meth:`_object_matches`."""
        for entry in entries:
            if named_places and not entry.objects:
                continue
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
                matched_objects = self._object_matches(entry.objects, candidates, named_places)
                if not matched_objects:
                    continue
            end = tok.i + 1
            for c in sorted(attached, key=lambda t: t.i):
                if c.lower_ in entry.words[1:] and c.i == end:
                    end = c.i + 1
            return Trigger(tok, entry, tok.i, end, objects=matched_objects)
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

    def is_event_noun(self, tok) -> bool:
        entries = self.lex.nouns.get(tok.lemma_.lower()) or self.lex.nouns.get(tok.lower_)
        return bool(entries) and any(e.type != BLOCKER for e in entries)

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

    def triggers(self, sent) -> list[Trigger]:
        found = []
        for tok in sent:
            trig = (self.match_verb(tok) or self.match_headline_verb(tok) or self.match_noun(tok)
                    or self.match_obligation(tok))
            if trig is not None:
                found.append(trig)
        return found

    def match_headline_verb(self, tok) -> Optional[Trigger]:
        """ "Insurgents battle police units", "coalition jets bomb depots near Raqqa", "clan militias and
        the army exchange fire": in the present tense of headlines and coder notes the tagger reads the
        verb after a plural subject as a noun, and the parse around it is wrong. A base-form word the
        lexicon knows as a verb, right after an actor and followed by its object, is that verb; its sides
        are read off the words: the actors before it, and the first actor after it."""
        if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.i + 1 >= tok.sent.end:
            return None
        entries = [e for e in self.lex.verbs.get(tok.lemma_.lower(), ()) if len(e.words) == 1]
        if not entries or self.doc[tok.i + 1].pos_ not in ("DET", "NOUN", "PROPN", "ADJ", "NUM", "PRON"):
            return None
        subject = self._mention_ending(tok.i, tok.sent.start)
        if subject is None:
            return None
        sources = [self.doc[subject.head]]
        before = subject.start - 1
        if before > tok.sent.start and self.doc[before].lower_ in ("and", ","):
            # "clan militias and the army exchange fire": both sides.
            other = self._mention_ending(before, tok.sent.start)
            if other is not None:
                sources.insert(0, self.doc[other.head])
        obj = self._object_head(tok)
        following = self.doc[tok.i + 1]
        if any(e.words == (tok.lemma_.lower(), following.lemma_.lower())
               for e in self.lex.nouns.get(following.lemma_.lower(), ())):
            return None  # "insurgents bomb attack plans": a compound event noun, not a verb and its object
        for entry in sorted(entries, key=lambda e: not e.objects):
            if entry.objects and (obj is None or not self._object_matches(entry.objects, [obj])):
                continue
            if entry.type == BLOCKER or entry.frame == "ctrl":
                return None
            source_heads = {s.i for s in sources}
            after = [m for m in self.mentions_by_head[bisect_right(self.mention_heads, tok.i):
                                                      bisect_left(self.mention_heads, tok.sent.end)]
                     if m.head not in source_heads]
            targets = [self.doc[m.head] for m in after[:1]]
            return Trigger(tok, entry, tok.i, tok.i + 1, objects=[obj] if entry.objects else [], rule="headline",
                           sides=(sources, targets))
        return None

    def _mention_ending(self, end: int, floor: int):
        """The actor mention that ends at token ``end`` (exclusive), or one token before it when that token
        is a plural the tagger misread as a verb ("coalition forces bomb")."""
        for m in self.mentions_ending.get(end, ()):
            if m.start >= floor:
                return m
        misread = self.doc[end - 1] if end - 1 >= floor else None
        if misread is not None and misread.tag_ == "VBZ" and misread.lower_.endswith("s"):
            for m in self.mentions_ending.get(end - 1, ()):
                if m.start >= floor:
                    return m
        return None

    def _object_head(self, verb_tok):
        """The head noun of the words after a misread verb: the last noun of the phrase that follows."""
        head = None
        for t in self.doc[verb_tok.i + 1:verb_tok.sent.end]:
            if t.pos_ in ("NOUN", "PROPN"):
                head = t
            elif t.pos_ in ("DET", "ADJ", "NUM") and head is None:
                continue
            else:
                break
        return head

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
