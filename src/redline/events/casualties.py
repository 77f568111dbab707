"""Casualty and magnitude counts: how many people an event killed, injured, arrested, kidnapped or
displaced, read from the parse and attached to the event they belong to.

A count has an anchor, the word that says what happened to the people ("killed", "dead",
"deaths", "casualties", "arrested"), and a quantity found where the grammar of that anchor puts
the people: the object of an active verb ("killed seven rebels"), the subject of a passive or
intransitive one ("five were killed", "12 died"), the noun an outcome word qualifies ("leaving
seven dead", "five deaths"). A vague quantity ("dozens", "heavy losses") stays without a number.
A count whose own words make it cumulative ("since", "so far", "bringing the toll to",
"in two days") is marked as a total. The words are data: ``redline/data/casualties.json`` and
``redline/data/numbers.json``.

Each count goes to one event: the event whose trigger is the anchor, else the one nearest to it
in the parse among the event types that can carry that kind of count; a sentence that only
counts ("Two bodies were later found.") gives its counts to the last such event of the sentence
before.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple, Optional

from redline.datafiles import layered_json
from redline.model import CasualtyCount, Event
from redline.numbers import Quantity, is_number_word, quantity

HARM_KINDS = frozenset({"killed", "injured", "casualties"})
_CLAUSES = frozenset({"advcl", "conj", "ccomp", "relcl", "parataxis", "xcomp"})
_SUBJECTS = ("nsubj", "nsubjpass")


class Anchor(NamedTuple):
    token: object  # spacy Token
    kind: str
    pos: str  # verb, adjective, noun


@functools.lru_cache(maxsize=1)
def _words() -> dict:
    data = layered_json("casualties.json")
    kinds = data["kinds"]
    by_pos: dict[str, dict[str, str]] = {"verbs": {}, "adjectives": {}, "nouns": {}}
    for kind, words in kinds.items():
        for pos in by_pos:
            for word in words.get(pos, []):
                by_pos[pos].setdefault(word, kind)
    totals = data["total_cues"]
    return {
        "verbs": by_pos["verbs"],
        "adjectives": by_pos["adjectives"],
        "nouns": by_pos["nouns"],
        "intransitive": frozenset(w for words in kinds.values() for w in words.get("intransitive", [])),
        "verb_then_word": {k: frozenset(v) for k, v in data["death_phrases"]["verb_then_word"].items()},
        "loss_of": frozenset(data["death_phrases"]["loss_of"]),
        "need_quantity": frozenset(data["vague_nouns_need_quantity"]),
        "outcome_verbs": frozenset(data["outcome_verbs"]["lemmas"]),
        "one_person": frozenset(data["one_person_pronouns"]),
        "group": frozenset(data["group_pronouns"]),
        "nobody": frozenset(data["nobody"]),
        "collective": frozenset(data["collective_nouns"]),
        "tolls": frozenset(data["toll_nouns"]),
        "people_loss": frozenset(data["people_loss_words"]),
        "person_nouns": frozenset(data["person_nouns"]),
        "total_words": frozenset(w for w in totals["words"] if " " not in w),
        "total_phrases": tuple(w.split() for w in totals["words"] if " " in w),
        "total_verbs": frozenset(totals["verbs"]),
        "period_units": frozenset(totals["period_units"]),
        "carriers": {k: frozenset(v) for k, v in data["carrier_types"].items() if not k.startswith("_")},
    }


@functools.lru_cache(maxsize=1)
def number_phrase_words() -> frozenset:
    """Words that can stand before a number in its phrase: qualifiers ('at least') and 'between'."""
    from redline.numbers import hedge_words

    return hedge_words() | {"between"}


_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _is_number(token) -> bool:
    if _YEAR.fullmatch(token.text) and token.ent_type_ == "DATE":
        return False  # "a 1999 shooting": a year is no count of people
    return token.like_num or is_number_word(token.text)


class CasualtyReading:
    """Reads the counts of one document's sentences and gives them to its events."""

    def __init__(self, state):
        self.state = state
        self.doc = state.doc
        self.words = _words()
        self.outcome_of: dict[int, object] = {}  # verb token index -> the word that makes it say killed

    # ------------------------------------------------------------------ anchors

    def anchors(self, sent) -> list[Anchor]:
        words = self.words
        found: list[Anchor] = []
        taken: set[int] = set()  # words already read as part of a verb phrase ("shot dead")
        for tok in sent:
            if tok.i in taken:
                continue
            lemma, lower = tok.lemma_.lower(), tok.lower_
            if tok.pos_ in ("VERB", "AUX") and lemma in words["verbs"]:
                found.append(Anchor(tok, words["verbs"][lemma], "verb"))
                # "were shot dead" is one count, not a second one for "dead"
                taken.update(c.i for c in tok.children if c.lower_ in words["adjectives"] and c.pos_ == "ADJ"
                             and c.dep_ in ("oprd", "acomp", "advmod", "xcomp"))
            elif tok.pos_ == "VERB" and lemma in words["verb_then_word"]:
                outcome = self._death_phrase_word(tok)
                if outcome is not None:
                    found.append(Anchor(tok, "killed", "verb"))
                    taken.add(outcome.i)
                    self.outcome_of[tok.i] = outcome
            elif lower in words["adjectives"] and tok.pos_ in ("ADJ", "VERB") and tok.dep_ != "compound":
                found.append(Anchor(tok, words["adjectives"][lower], "adjective"))
            elif tok.pos_ in ("NOUN", "PROPN", "ADJ") and (lemma in words["nouns"] or lemma in words["tolls"]):
                kind = "killed" if lemma in words["tolls"] else words["nouns"][lemma]
                if kind == "casualties" and self._of_lives(tok):
                    kind = "killed"  # "heavy losses in lives", "loss of life"
                elif lemma == "loss" and not any(c.lower_ in words["people_loss"] for c in tok.children):
                    continue  # "losses" alone is as often money or ground as people
                found.append(Anchor(tok, kind, "noun"))
        return found

    def _death_phrase_word(self, verb):
        """The word that makes "shot", "gunned", "beat", "lost" say killed ("shot dead", "to death", "their lives")."""
        wanted = self.words["verb_then_word"][verb.lemma_.lower()]
        for child in verb.children:
            if child.lower_ in wanted or child.lemma_.lower() in wanted:
                return child
            if child.dep_ == "prep" and child.lower_ == "to":
                for obj in child.children:
                    if obj.lemma_.lower() in wanted:
                        return obj
        return None

    def _of_lives(self, noun) -> bool:
        return any(c.dep_ == "prep" and any(o.lemma_.lower() in self.words["loss_of"] or o.lower_ in self.words["loss_of"]
                                            for o in c.children) for c in noun.children)

    # ------------------------------------------------------------------ the counted words

    def counted(self, anchor: Anchor):
        """The token that names (or numbers) the people the anchor counts, or None."""
        tok = anchor.token
        if anchor.pos == "verb":
            return self._verb_counted(tok)
        if anchor.pos == "adjective":
            return self._outcome_counted(tok)
        return self._noun_counted(tok)

    def _verb_counted(self, verb):
        by_dep = {}
        for child in verb.children:
            # Of two subjects ("Local radio report 30 villagers were killed"), the one with a number.
            if child.dep_ not in by_dep or (self._numbered(child) and not self._numbered(by_dep[child.dep_])):
                by_dep[child.dep_] = child
        passive = "nsubjpass" in by_dep or "auxpass" in by_dep
        if verb.lemma_.lower() in self.words["intransitive"]:
            found = by_dep.get("nsubj")
        elif passive:
            found = by_dep.get("nsubjpass")
        else:
            found = by_dep.get("dobj")
            if found is None and "nsubj" in by_dep and (verb.tag_ == "VBN" or self._numbered(by_dep["nsubj"])):
                found = by_dep["nsubj"]  # "Six killed in the raid": a reduced passive read as active
        if found is None and verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
            found = verb.head  # "three people killed"
        if found is None and verb.dep_ in ("xcomp", "oprd", "ccomp") and verb.head.lemma_.lower() in self.words["outcome_verbs"]:
            head_deps = {c.dep_: c for c in verb.head.children}
            found = head_deps.get("nsubjpass") or head_deps.get("dobj") or head_deps.get("nsubj")  # "40 feared killed"
        if found is None and verb.dep_ == "conj":
            found = self._verb_counted(verb.head)  # "were killed or wounded"
        if found is None:
            # "Between 12 and 20 soldiers died", parsed as a prepositional phrase of the verb
            found = next((o for p in verb.children if p.dep_ == "prep" and p.lower_ == "between"
                          for o in p.children if o.dep_ == "pobj" and self._numbered(o)), None)
        return found

    @staticmethod
    def _numbered(token) -> bool:
        return _is_number(token) or any(c.dep_ == "nummod" and _is_number(c) for c in token.children)

    def _outcome_counted(self, word):
        """'seven dead', 'leaving one person dead', 'were found dead', 'five people are dead'."""
        for child in word.children:
            if child.dep_ in ("nummod", "nsubj", "nsubjpass") or (_is_number(child) and child.dep_ in ("npadvmod", "advmod")):
                return child
        head = word.head
        if word.dep_ == "amod":
            return head
        if word.dep_ in ("oprd", "xcomp", "ccomp", "acomp", "advcl", "conj") and head is not word:
            deps = {c.dep_: c for c in head.children}
            return deps.get("dobj") or deps.get("nsubjpass") or deps.get("nsubj")
        return None

    def _noun_counted(self, noun):
        if noun.lemma_.lower() in self.words["tolls"]:
            return self._toll_number(noun)
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and (
                _is_number(noun.head.head) or quantity([noun.head.head.text]) is not None):
            return noun.head.head  # "dozens of casualties", "scores of deaths"
        return noun

    def _toll_number(self, toll):
        """'a death toll of 12', 'the toll rose to 63', 'bringing the toll to 63', 'the toll was 12'."""
        def prep_number(token):
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "to", "at")):
                for obj in prep.children:
                    if _is_number(obj):
                        return obj
            return None

        found = prep_number(toll)
        if found is None and toll.dep_ in ("nsubj", "dobj", "nsubjpass"):
            head = toll.head
            found = prep_number(head) or next((c for c in head.children if c.dep_ == "attr" and _is_number(c)), None)
        return found

    # ------------------------------------------------------------------ the quantity

    def quantity_of(self, counted) -> tuple[Optional[Quantity], list, object]:
        """(quantity, its tokens, the victims' token) for the counted token; quantity None: nothing countable."""
        words = self.words
        no = next((c for c in counted.children if c.dep_ == "det" and c.lower_ == "no"), None)
        if no is None and counted.dep_ == "conj":
            # "no injuries or deaths were reported": the "no" of the first noun holds for the second
            no = next((c for c in counted.head.children if c.dep_ == "det" and c.lower_ == "no"), None)
            no = no if no is not None and counted.head.pos_ == "NOUN" else None
        if counted.lower_ in words["nobody"] or no is not None:
            # "no one was hurt", "nobody was hurt", "no casualties were reported"
            tokens = list(self.doc[min(no.i, counted.i):counted.i + 1]) if no is not None else [counted]
            person = _is_number(counted) or counted.lower_ in words["nobody"]
            return Quantity(0, None, None, None), tokens, None if person else counted
        if _is_number(counted):
            tokens = self._number_tokens(counted)
            victims = next((o for p in counted.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children), None)
            return quantity([t.text for t in tokens]), tokens, victims
        number = next((c for c in counted.children if c.dep_ == "nummod" and _is_number(c)), None)
        if number is not None:
            tokens = self._number_tokens(number)
            return quantity([t.text for t in tokens]), tokens, counted
        of_number = next((o for p in counted.children if p.dep_ == "prep" and p.lower_ == "of"
                          for o in p.children if _is_number(o)), None)
        if of_number is not None and counted.lemma_.lower() in words["collective"]:
            tokens = self._number_tokens(of_number)  # "a family of five"
            return quantity([t.text for t in tokens]), tokens, counted
        lower = counted.lower_
        of = next((p for p in counted.children if p.dep_ == "prep" and p.lower_ == "of"), None)
        phrase = [t.text for t in self.doc[counted.left_edge.i:counted.i + 1]] + (["of"] if of is not None else [])
        vague = quantity(phrase)
        if vague is not None and vague.vague is not None and len(vague.vague.split()) >= counted.i - counted.left_edge.i + 1 > 1:
            # "a number of fighters", "an unknown number killed": the noun is the quantity, not one person
            victims = next((o for o in of.children if o.dep_ == "pobj"), None) if of is not None else None
            return vague, list(self.doc[counted.left_edge.i:counted.i + 1]), victims
        vague = quantity([lower])
        if vague is not None and vague.vague is not None:
            victims = next((o for p in counted.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children), None)
            return vague, [counted], victims
        for child in counted.children:
            if child.dep_ in ("amod", "det", "quantmod", "nummod") and child.i < counted.i:
                phrase = [t.text for t in self.doc[child.left_edge.i:child.i + 1]]
                found = quantity(phrase) or quantity([child.text])
                if found is not None and found.vague is not None:
                    return found, list(self.doc[child.left_edge.i:child.i + 1]), counted
        if counted.pos_ == "PRON":
            if lower in words["one_person"]:
                return Quantity(1, None, None, None), [counted], None
            if lower in words["group"]:
                return Quantity(None, None, None, None), [], None
            return None, [], None
        if counted.tag_ in ("NNS", "NNPS"):
            if counted.lemma_.lower() in words["need_quantity"]:
                return None, [], None
            return Quantity(None, None, None, None), [], counted  # "kills civilians": people, no number
        if counted.tag_ in ("NN", "NNP") and self._one_person(counted):
            return Quantity(1, None, None, None), [], counted
        return None, [], None

    def _number_tokens(self, number) -> list:
        """The contiguous words of a number phrase around its head: 'at least 8', 'between 10 and 15',
        'twenty - five'. Words before the number may hedge it; words after it only continue it."""
        hedges = number_phrase_words()
        keep = {number.i}
        for tok in number.subtree:
            if tok.i < number.i and (_is_number(tok) or tok.lower_ in hedges or tok.text in ("-", "–")):
                keep.add(tok.i)
            elif tok.i > number.i and (_is_number(tok) or tok.lower_ in ("and", "to", "or", "-", "–")):
                keep.add(tok.i)
        start = number.i
        while start - 1 in keep:
            start -= 1
        end = number.i
        while end + 1 in keep:
            end += 1
        while end > number.i and not _is_number(self.doc[end]):
            end -= 1  # "10 and" is no range
        return list(self.doc[start:end + 1])

    def _one_person(self, noun) -> bool:
        if noun.lemma_.lower() in self.words["collective"]:
            return False  # "a group of migrants was attacked" counts no one
        one = any(c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in noun.children)
        mention = self.state.mention_at.get(noun.i)
        if mention is not None and mention.ref is not None:
            # "a Norwegian" names a country's actor, and one person
            return one or self._actor_kind(mention.actor_id) in ("person", "sector", None)
        if noun.ent_type_ == "PERSON":
            return True
        if noun.lemma_.lower() in self.words["person_nouns"]:
            return any(c.dep_ in ("det", "poss") for c in noun.children)  # "her brother", "a woman"
        return one and noun.pos_ == "NOUN"

    def _actor_kind(self, actor_id) -> Optional[str]:
        kinds = getattr(self, "_kinds", None)
        if kinds is None:
            kinds = self._kinds = {a.id: a.kind for a in self.state.output.actors}
        return kinds.get(actor_id)

    # ------------------------------------------------------------------ totals

    def is_total(self, anchor: Anchor, counted, number_tokens: list) -> bool:
        words = self.words
        own = self._own_clause(anchor.token) | self._own_clause(counted) if counted is not None else self._own_clause(anchor.token)
        lowers = [self.doc[i].lower_ for i in sorted(own)]
        if any(w in words["total_words"] for w in lowers):
            return True
        joined = " " + " ".join(lowers) + " "
        if any(" " + " ".join(p) + " " in joined for p in words["total_phrases"]):
            return True
        for tok in number_tokens[:1] + [anchor.token]:
            head = tok.head
            if head.dep_ == "prep" and head.lower_ == "to" and head.head.lemma_.lower() in words["total_verbs"]:
                return True  # "bringing the toll to 63"
            if tok.dep_ in ("dobj",) and head.lemma_.lower() in words["total_verbs"]:
                return True
        for clause in (c for c in anchor.token.children if c.dep_ in _CLAUSES):
            if any(c.dep_ in ("mark", "prep") and c.lower_ in words["total_words"] for c in clause.children):
                return True  # "killed since the offensive began"
        if anchor.pos == "noun" and anchor.token.head.pos_ in ("VERB", "AUX"):
            own |= self._own_clause(anchor.token.head)  # "the toll this year rises to 27"
        for i in own:
            tok = self.doc[i]
            if tok.lemma_.lower() not in words["period_units"]:
                continue
            if (tok.dep_ == "pobj" and tok.head.lower_ in ("in", "over", "during", "within")
                    and any(c.lower_ in ("past", "last") for c in tok.children)):
                return True  # "more than 80 dead in the last month"; "killed 12 over three days of fighting" is one battle's count
            if tok.dep_ in ("npadvmod", "pobj", "nmod") and any(c.lower_ == "this" for c in tok.children):
                return True  # "300 have been killed in the province this year"
        return False

    def _own_clause(self, token) -> set[int]:
        """The token's subtree without the clauses hanging from it (they have their own counts)."""
        own = {token.i}
        stack = [c for c in token.children if c.dep_ not in _CLAUSES]
        while stack:
            tok = stack.pop()
            own.add(tok.i)
            stack.extend(c for c in tok.children if c.dep_ not in _CLAUSES)
        return own

    # ------------------------------------------------------------------ counts

    def counts(self, sent) -> list[tuple[CasualtyCount, object]]:
        """The counts a sentence states, each with its anchor token."""
        found = []
        seen: set[tuple] = set()
        for anchor in self.anchors(sent):
            counted = self.counted(anchor)
            if counted is None:
                continue
            qty, number_tokens, victims_tok = self.quantity_of(counted)
            if qty is None:
                continue
            qty, number_tokens = self._with_conjuncts(counted, qty, number_tokens)
            if anchor.pos == "verb" and any(c.dep_ == "neg" for c in anchor.token.children):
                qty = Quantity(0, None, None, None)  # "no one was hurt" is handled above; "were not injured"
            if anchor.pos == "noun" and qty.low is None and qty.vague is None and anchor.token.tag_ not in ("NNS", "NNPS"):
                continue  # "the death of the ceasefire": a singular noun with nothing counted
            key = (anchor.kind, tuple(t.i for t in number_tokens) or (counted.i,))
            if key in seen:
                continue
            seen.add(key)
            parts = [anchor.token, counted, self.outcome_of.get(anchor.token.i, anchor.token)] + number_tokens + ([victims_tok] if victims_tok is not None else [])
            start, end = min(t.i for t in parts), max(t.i for t in parts) + 1
            words = self.doc[number_tokens[0].i:number_tokens[-1].i + 1].text if number_tokens else None
            count = CasualtyCount(
                kind=anchor.kind,
                value=qty.low,
                high=qty.high,
                qualifier=qty.qualifier,
                vague=qty.low is None,
                quantity=words,
                total=self.is_total(anchor, counted, number_tokens),
                victims=self._victims(victims_tok),
                evidence=self.state.span_evidence(self.doc[start:end]),
            )
            found.append((count, anchor.token))
        return found

    def _with_conjuncts(self, counted, qty: Quantity, number_tokens: list) -> tuple[Quantity, list]:
        """'killed two farmers, six soldiers' and 'her brother and two cousins' count them all."""
        if qty.low is None or qty.high is not None:
            return qty, number_tokens
        total, tokens = qty.low, list(number_tokens)
        for conj in counted.conjuncts:
            if conj.i < counted.i:
                continue
            if conj.i - counted.i > 8 or any(t.pos_ in ("VERB", "AUX") for t in self.doc[counted.i:conj.i]):
                break  # a conjunct across a clause is a misparse, not one more victim
            more, more_tokens, _victims = self.quantity_of(conj)
            if more is None or more.low is None or more.high is not None:
                return qty, number_tokens  # "five dead and dozens hurt" is no sum
            total += more.low
            tokens += more_tokens
        return qty._replace(low=total), tokens

    def _victims(self, token):
        if token is None:
            return None
        mention = self.state.mention_at.get(token.i)
        return mention.ref if mention is not None and mention.ref is not None else None

    # ------------------------------------------------------------------ attaching

    def attach(self, events: list[Event]) -> list[Event]:
        """The events with their counts (new Event objects; the input is not changed)."""
        if not events:
            return events
        by_sentence: dict[int, list[tuple[Event, object]]] = {}
        for event in events:
            span = self.doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
            if span is not None:
                by_sentence.setdefault(event.evidence.sentence, []).append((event, span))
        counts_of: dict[str, list[CasualtyCount]] = {}
        previous: list = []
        for sent in self.doc.sents:
            sent_index = self.state.token_sentence[sent.start] if sent.start < len(self.state.token_sentence) else -1
            here = by_sentence.get(sent_index, [])
            found = self.counts(sent)
            harm_anchors = [a for c, a in found if c.kind in HARM_KINDS]
            for count, anchor in found:
                carriers = self.words["carriers"].get(count.kind, frozenset())
                candidates = [(e, s) for e, s in here if e.type in carriers]
                if candidates:
                    # An event named only by a word of harm ("heavy losses", "were killed") takes a count of the
                    # harmed only when no other event of the sentence can: "an air strike killed 20" counts the
                    # strike's dead. An arrest, abduction or expulsion is itself the event its count belongs to.
                    harm = count.kind in HARM_KINDS
                    event = min(candidates, key=lambda es: (
                        harm and any(es[1].start <= a.i < es[1].end for a in harm_anchors),
                        self._distance(anchor, es[1])))[0]
                elif not here and any(e.type in carriers for e, _s in previous):
                    # "Two bodies were later found." right after the attack's sentence
                    event = [e for e, _s in previous if e.type in carriers][-1]
                else:
                    continue
                counts_of.setdefault(event.id, []).append(count)
            previous = sorted(here, key=lambda es: es[1].start)
        return [e.model_copy(update={"casualties": counts_of[e.id]}) if e.id in counts_of else e for e in events]

    @staticmethod
    def _distance(anchor, span) -> tuple:
        if span.start <= anchor.i < span.end:
            return (0, 0)
        root = span.root
        up_anchor = {anchor.i: 0}
        for depth, tok in enumerate(anchor.ancestors, 1):
            up_anchor[tok.i] = depth
        steps = 0
        for tok in [root, *root.ancestors]:
            if tok.i in up_anchor:
                return (steps + up_anchor[tok.i], abs(anchor.i - root.i))
            steps += 1
        return (99, abs(anchor.i - root.i))


def attach_casualties(state, events: list[Event]) -> list[Event]:
    return CasualtyReading(state).attach(events)


__all__ = ["CasualtyReading", "attach_casualties"]
