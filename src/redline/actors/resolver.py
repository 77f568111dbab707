"""In-document actor resolution.

Every noun phrase that names an actor becomes a :class:`~redline.pipeline.Mention`
pointing at one :class:`~redline.model.Actor` of the document. Knowledge comes
from the knowledge base (countries, capitals, organizations, sector nouns) and
from the text itself: people and their roles from titles and appositions,
organizations and their acronyms from capitalized names, places from the
prepositions that introduce them. Nothing is listed for a particular article.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from redline.actors.kb import Entity, KnowledgeBase, SectorTerm
from redline.datafiles import unidentified_name, word_class
from redline.model import Actor, ActorRef

NOMINAL = {"NOUN", "PROPN", "PRON"}
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "nummod", "det", "case", "punct", "npadvmod", "quantmod", "advmod"}
LOCATIVE_PREPS = word_class("place_locative_preps")
PLACE_NOUNS = word_class("place_nouns")
ACRONYM_STOPWORDS = word_class("acronym_stopwords")
PERSON_PRONOUNS = word_class("person_pronouns")
GROUP_PRONOUNS = word_class("group_pronouns")
RELATION_PREPS = word_class("relation_preps")
DIRECTIONS = word_class("directions")
ARMED_SECTORS = {"MIL", "REB", "UAF", "SPY"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
GROUP_LABELS = {"ORG", "NORP"}


def _stable_id(prefix: str, key: str) -> str:
    return prefix + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


@dataclass
class Person:
    name: str
    tokens: tuple[str, ...]
    code: Optional[str] = None
    sector: Optional[str] = None
    roles: list[str] = field(default_factory=list)


@dataclass
class Resolution:
    key: str
    name: str
    kind: str
    code: Optional[str]
    sector: Optional[str]
    kb_id: Optional[str] = None
    role: Optional[str] = None
    inferred: bool = False
    basis: Optional[str] = None  # with inferred: "event_place" when a place of the sentence gave the country


class DocumentActors:
    """Resolves the noun phrases of one parsed document to actors."""

    def __init__(self, state, kb: KnowledgeBase):
        self.state = state
        self.doc = state.doc
        self.kb = kb
        self.kb_token: dict[int, tuple[int, int, Entity]] = {}
        self.ent_token: dict[int, object] = {}
        self.persons: dict[str, Person] = {}
        self.surnames: dict[str, Person] = {}
        self.orgs: dict[str, Resolution] = {}
        self.acronyms: dict[str, str] = {}
        self.place_names: set[str] = set()
        self.focus: Optional[str] = None
        self.place_focus: Optional[str] = None
        self.actors: dict[str, Actor] = {}
        self.last_person: Optional[tuple[int, Resolution]] = None
        self.resolved: dict[int, Resolution] = {}
        self.named_evidence: dict[str, object] = {}  # actor key -> evidence of its last named mention
        self._learning: set[str] = set()  # organizations being learned, against cycles in the parse

    # ----------------------------------------------------------------------------------------
    def run(self) -> None:
        doc = self.doc
        for ent in self.state.ents:
            for t in ent:
                self.ent_token[t.i] = ent
        self._match_kb_names()
        self.focus = self._focus_country()
        self.place_focus = self._focus_country(places_only=True)
        self._learn_places()
        self._learn_persons()
        self._learn_organizations()
        for token in doc:
            if token.pos_ not in NOMINAL or self.state.token_sentence[token.i] < 0:
                continue
            res = self.resolve(token)
            if res is None:
                continue
            self.resolved[token.i] = res
            self._add_mention(token, res)
        for token in doc:
            # "an Indian proposal", "Israeli air raids": a demonym on a noun that names no actor itself
            # stands for its country (the owner of the proposal, the author of the raids).
            if token.pos_ == "ADJ" and token.dep_ in ("amod", "compound") and token.head.i not in self.resolved:
                country = self.kb.adjective(token.text)
                if country is not None and self.state.token_sentence[token.i] >= 0:
                    res = Resolution(key=country.kb_id, name=country.name, kind="country", code=country.code,
                                     sector=None, kb_id=country.kb_id)
                    self.resolved[token.i] = res
                    self._add_mention(token, res)
        self.state.output.actors = sorted(self.actors.values(), key=lambda a: (a.mentions[0].start, a.id))

    # --- document-level learning --------------------------------------------------------------
    def _match_kb_names(self) -> None:
        doc = self.doc
        words = [t.text for t in doc]
        i = 0
        while i < len(doc):
            found = self.kb.match_name(words[i:i + self.kb.max_name_tokens])
            if found:
                n, entity = found
                ent = self.ent_token.get(i)
                # A country or city name inside a longer personal name ("George Washington") is not the place.
                inside_person = ent is not None and ent.label_ == "PERSON" and len(ent) > n and entity.kind in (
                    "country", "capital")
                if not inside_person:
                    for k in range(i, i + n):
                        self.kb_token[k] = (i, i + n, entity)
                    i += n
                    continue
            i += 1

    def _focus_country(self, places_only: bool = False) -> Optional[str]:
        """The country the document is most about. With ``places_only``, the country its unknown places
        most likely lie in: armed forces named by nationality ("Turkish drones") often fight abroad,
        so they say who attacked, not where."""
        counts: Counter = Counter()
        for i, (start, _end, entity) in self.kb_token.items():
            if i == start and entity.code and len(entity.code) == 3 and entity.code in self.kb.countries:
                if not places_only or entity.kind in ("country", "capital"):
                    counts[entity.code] += 1
        for t in self.doc:
            adj = self.kb.adjective(t.text)
            if adj is None or t.i in self.kb_token:
                continue
            if places_only:
                term = self._sector_term_ending(t.head) if t.dep_ in ("amod", "compound") else None
                if term is not None and term.sector in ARMED_SECTORS:
                    continue
            counts[adj.code] += 1
        if not counts:
            return None
        (code, n), = counts.most_common(1)
        return code

    def _learn_places(self) -> None:
        """Names the text itself introduces as places: "in X", "the city of X", "X base", "west of X"."""
        for t in self.doc:
            if t.pos_ != "PROPN" or self._inside_name(t) or t.ent_type_ in ("DATE", "TIME"):
                continue
            anchor = t
            while anchor.dep_ == "conj":
                anchor = anchor.head
            of_head = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" else None
            if (
                (anchor.dep_ == "pobj" and anchor.head.lower_ in LOCATIVE_PREPS)
                or (of_head is not None and (of_head.lemma_ in PLACE_NOUNS or of_head.lower_ in DIRECTIONS))
                or (t.dep_ in ("compound", "appos") and t.head.lemma_ in PLACE_NOUNS)
            ):
                self.place_names.add(self._proper_name(t))

    @staticmethod
    def _inside_name(token) -> bool:
        return token.dep_ in ("compound", "flat") and token.head.pos_ == "PROPN" and token.head.i > token.i

    def _proper_name(self, head) -> str:
        first = head
        for c in head.lefts:
            if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN":
                first = c
                break
        return self.doc[first.i:head.i + 1].text

    def _learn_persons(self) -> None:
        # Full names first, so that a surname used before the full name ("Bashagha ... Fathi Bashagha")
        # is recognized as that person.
        for ent in sorted(self.state.ents, key=lambda e: (len(e) < 2, e.start)):
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            tokens = [t for t in ent if not t.is_punct or t.text == "-"]
            if ent.label_ == "ORG":
                # The small model often tags "Field Marshal Khalifa Haftar" ORG: a title makes it a person.
                first = self._sector_term_starting(tokens)
                if first is None or not first.title:
                    continue
            # Titles in front of a name are roles, not part of the name.
            role_terms: list[SectorTerm] = []
            while tokens:
                term = self._sector_term_starting(tokens)
                if term is None or not term.title:
                    break
                role_terms.append(term)
                tokens = tokens[len(term.term):]
            names = [t for t in tokens if t.pos_ == "PROPN" or t.text == "-"]
            if not names or any(t.i in self.kb_token for t in names):
                continue
            if len(names) == 1 and (ent.label_ != "PERSON" or names[0].text.lower() in self.surnames
                                    or not names[0].text[:1].isupper()
                                    or not (role_terms or names[0].dep_ in ("nsubj", "nsubjpass"))):
                # A lone word is a person only when the tagger says so, no full name explains it, and it
                # acts as one (a subject) or carries a title.
                continue
            place_words = {w for p in self.place_names for w in p.replace("-", " ").split()}
            if all(t.text in place_words for t in names if t.text != "-") and not role_terms:
                continue
            name = self.doc[names[0].i:names[-1].i + 1].text
            if name in self.place_names and not role_terms:
                continue
            person = self.persons.get(name) or self._person_named_like(name)
            if person is None:
                person = Person(name=name, tokens=tuple(t.text for t in names if t.text != "-"))
                self.persons[name] = person
                self.surnames.setdefault(names[-1].text.lower(), person)
                # "al-Madani": the surname with its article is used alone too.
                if len(names) >= 3 and names[-2].text == "-":
                    self.surnames.setdefault(self.doc[names[-3].i:names[-1].i + 1].text.lower(), person)
            for term in role_terms:
                self._give_role(person, term, None)
        for token in self.doc:
            if token.dep_ == "appos":
                self._learn_apposition(token.head, token)
            elif token.dep_ == "compound" and token.head.pos_ == "PROPN":
                # "interior minister Fathi Bashagha": the role noun compounds onto the name.
                person = self._person_at(token.head)
                term = self._sector_term_ending(token)
                if person is not None and term is not None and term.person:
                    self._give_role(person, term, self._country_from_modifiers(token))

    def _person_named_like(self, name: str) -> Optional[Person]:
        """A known person whose full name ends with ``name`` ("Al-Madani" for "Abdel Malek al-Madani")."""
        lowered = name.lower()
        for person in self.persons.values():
            if person.name.lower().endswith(" " + lowered):
                return person
        return None

    def _learn_apposition(self, first, second) -> None:
        for name_tok, role_tok in ((first, second), (second, first)):
            person = self._person_at(name_tok)
            term = self._sector_term_ending(role_tok)
            if person is not None and term is not None and term.person:
                code = self._country_from_modifiers(role_tok)
                if code is None:
                    code = self._country_from_preps(role_tok)
                self._give_role(person, term, code)

    def _give_role(self, person: Person, term: SectorTerm, code: Optional[str]) -> None:
        role = term.role or " ".join(term.term)
        if role not in person.roles:
            person.roles.append(role)
        if person.sector is None:
            person.sector = term.sector
        if person.code is None and code:
            person.code = code

    def _learn_organizations(self) -> None:
        for ent in self.state.ents:
            if ent.label_ not in GROUP_LABELS:
                continue
            words = [t for t in ent if t.pos_ == "PROPN" or (t.pos_ in ("ADJ", "NOUN") and t.text[:1].isupper())]
            if len(words) >= 2:
                initials = "".join(
                    t.text[0] for t in ent if t.text[:1].isupper() and t.lower_ not in ACRONYM_STOPWORDS)
                if len(initials) >= 2:
                    self.acronyms.setdefault(initials, self._org_name(ent))

    def _org_name(self, span) -> str:
        tokens = list(span)
        while tokens and (tokens[0].dep_ == "det" or tokens[0].is_punct):
            tokens = tokens[1:]
        while tokens and (tokens[-1].dep_ == "case" or tokens[-1].is_punct or tokens[-1].text in ("'s", "’s")):
            tokens = tokens[:-1]
        if not tokens:
            return span.text
        return self.doc[tokens[0].i:tokens[-1].i + 1].text

    # --- helpers -----------------------------------------------------------------------------
    def _person_at(self, token) -> Optional[Person]:
        ent = self.ent_token.get(token.i)
        if ent is not None and ent.label_ == "PERSON":
            for person in self.persons.values():
                if token.text in person.tokens and person.name in ent.text:
                    return person
        if token.pos_ == "PROPN":
            person = self.surnames.get(token.text.lower())
            if person is not None and token.text[:1].isupper():
                return person
            if ent is not None and ent.label_ == "PERSON":
                person = self.surnames.get(ent.text.lower())
                if person is not None:
                    return person
        return None

    def _sector_term_ending(self, head) -> Optional[SectorTerm]:
        """The longest sector term whose last word is ``head`` (by lemma), with its modifiers."""
        candidates = self.kb.sector_heads.get(head.lemma_.lower()) or self.kb.sector_heads.get(head.lower_)
        if not candidates:
            return None
        for term in candidates:
            n = len(term.term)
            if n == 1:
                return term
            if head.i - n + 1 < 0:
                continue
            words = self.doc[head.i - n + 1:head.i + 1]
            if tuple(t.lemma_.lower() for t in words) == term.term or tuple(t.lower_ for t in words) == term.term:
                return term
        return None

    def _sector_term_starting(self, tokens) -> Optional[SectorTerm]:
        for n in range(min(4, len(tokens)), 0, -1):
            key = tuple(t.lower_ for t in tokens[:n])
            term = self.kb.sectors.get(key) or self.kb.sectors.get(tuple(t.lemma_.lower() for t in tokens[:n]))
            if term is not None:
                return term
        return None

    def _entity_code(self, token) -> Optional[str]:
        hit = self.kb_token.get(token.i)
        if hit is not None and hit[2].code:
            return hit[2].code
        adj = self.kb.adjective(token.text)
        if adj is not None:
            return adj.code
        if token.text in self.acronyms or token.text in self.orgs:
            org = self._learned_org(token)
            if org is not None and org.code:
                return org.code
        return None

    def _country_from_modifiers(self, head) -> Optional[str]:
        for t in head.subtree:
            if t.i >= head.i:
                continue
            code = self._entity_code(t)
            if code:
                return code
            person = self._person_at(t) if t.dep_ == "poss" else None
            if person is not None and person.code:
                return person.code
        return None

    def _country_from_preps(self, head, depth: int = 0) -> Optional[str]:
        if depth > 2:
            return None
        for prep in head.rights:
            if prep.dep_ != "prep" or prep.lower_ not in RELATION_PREPS:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                code = self._entity_code(pobj) or self._country_from_modifiers(pobj)
                if code is None:
                    org = self._learned_org(pobj)
                    code = org.code if org is not None else None
                if code is None:
                    code = self._country_from_preps(pobj, depth + 1)
                if code:
                    return code
        return None

    def _learned_org(self, token) -> Optional[Resolution]:
        """An organization named in the text (not in the knowledge base)."""
        ent = self.ent_token.get(token.i)
        if token.text in self.acronyms and token.text.isupper():
            name = self.acronyms[token.text]
        elif ent is not None and ent.label_ in GROUP_LABELS and token.pos_ == "PROPN":
            name = self._org_name(ent)
        else:
            return None
        if name in self.orgs:
            return self.orgs[name]
        if name in self._learning:
            return None
        self._learning.add(name)
        from redline.actors.tokens import split_words

        known = self.kb.match_name(split_words(name))
        if known is not None and known[0] == len(split_words(name)):
            # An acronym of a knowledge-base organization is that organization.
            res = self._from_entity(known[1], token)
            self.orgs[name] = res
            return res
        words = [w for w in name.replace("-", " ").split()]
        code = None
        sector = None
        for w in words:
            adj = self.kb.adjective(w)
            if adj is not None:
                code = adj.code
                break
        if code is None:
            found = None
            for k in range(len(words)):
                found = self.kb.match_name(words[k:])
                if found:
                    break
            if found and found[1].code:
                code = found[1].code
        for w in reversed(words):
            terms = self.kb.sector_heads.get(w.lower()) or self.kb.sector_heads.get(w.lower().rstrip("s"))
            if terms:
                sector = terms[-1].sector
                break
        inferred = False
        if code is None and ent is not None:
            code = self._country_from_preps(ent.root)
        if code is None and self.focus and sector is not None:
            code, inferred = self.focus, True
        res = Resolution(key=f"org:{name}", name=name, kind="organization", code=code, sector=sector,
                         inferred=inferred)
        self.orgs[name] = res
        self.orgs.setdefault(token.text, res)
        return res

    def _is_place(self, token) -> bool:
        ent = self.ent_token.get(token.i)
        if ent is not None and ent.label_ in PLACE_LABELS:
            return True
        return token.pos_ == "PROPN" and self._proper_name(token) in self.place_names

    # --- resolution ----------------------------------------------------------------------------
    def resolve(self, head) -> Optional[Resolution]:
        if head.pos_ == "PRON":
            return self._resolve_pronoun(head)
        if self._inside_name(head):
            # A word inside a multiword name: the name's last word stands for it.
            return None
        hit = self.kb_token.get(head.i)
        if hit is not None:
            start, end, entity = hit
            span = self.doc[start:end]
            if head.i != span.root.i:
                return None
            if entity.kind in ("region", "place"):
                return None
            elif entity.kind in ("capital",) and head.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "poss",
                                                                    "conj", "appos", "agent"):
                return None
            else:
                return self._from_entity(entity, head)
        person = self._person_at(head)
        term = self._sector_term_ending(head) if person is None and head.pos_ in ("NOUN", "PROPN") else None
        if term is not None and term.person:
            # "The Minister of the Interior ..., Fathi Bashagha, has rejected": the apposed person.
            for child in head.children:
                if child.dep_ == "appos" and self._person_at(child) is not None:
                    person = self._person_at(child)
                    break
            if person is None and head.dep_ in ("nsubj", "nsubjpass"):
                # The parser often hangs the name on the last noun of a long title phrase
                # ("The Minister of the Interior in ... Libya, Fathi Bashagha, has rejected").
                named = [t for t in head.subtree if t.dep_ == "appos" and self._person_at(t) is not None]
                if named:
                    person = self._person_at(named[-1])
            if person is None:
                # The apposed name is a person the knowledge base knows (persons.json).
                for t in head.subtree:
                    hit = self.kb_token.get(t.i) if t.dep_ == "appos" or t.head.dep_ == "appos" else None
                    if hit is not None and hit[2].kind == "person":
                        return self._from_entity(hit[2], t)
        if person is not None:
            # With nothing in the text tying a person to a country, the document's focus is the best guess.
            code, inferred = (person.code, False) if person.code else (self.focus, True)
            return Resolution(key=f"person:{person.name}", name=person.name, kind="person", code=code,
                              sector=person.sector, role=person.roles[0] if person.roles else None,
                              inferred=inferred)
        term = self._sector_term_ending(head)
        if term is not None and head.pos_ in ("NOUN", "PROPN"):
            return self._from_sector(head, term)
        adj = self.kb.adjective(head.text)
        if adj is not None and head.pos_ in ("PROPN", "NOUN"):
            if any(c.lower_ == "ethnic" for c in head.children):
                # "ethnic Albanians in southern Serbia": a minority belongs to the country it lives in.
                home = self._sentence_location(head)
                if home and home != adj.code:
                    return Resolution(key=f"ethnic:{adj.code}:{home}", name=f"ethnic {head.text} ({home})",
                                      kind="sector", code=home, sector="CVL", inferred=True, basis="event_place")
            # "the Russians": the people of a country stand for the country.
            return Resolution(key=f"country:{adj.code}", name=adj.name, kind="country", code=adj.code,
                              sector=None, kb_id=adj.kb_id)
        if head.pos_ == "PROPN":
            if self._is_place(head) and head.text not in self.acronyms:
                return self._place(head)
            org = self._learned_org(head)
            if org is not None:
                return org
        return None

    def _from_entity(self, entity: Entity, head) -> Resolution:
        kind = {"capital": "country", "seat": "country"}.get(entity.kind, entity.kind)
        if kind not in ("country", "igo", "ngo", "group", "organization", "person"):
            kind = "organization"
        sector = entity.sector
        if entity.kind == "capital" and head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS:
            # "the embassy in Tripoli": the city, not the government.
            sector = "CVL"
        if entity.kind in ("capital", "seat"):
            country = self.kb.countries.get(entity.code or "")
            name = f"{country.name if country else entity.code} ({entity.name})"
            key = f"{entity.kind}:{entity.code}:{sector}"
            return Resolution(key=key, name=name, kind="country", code=entity.code, sector=sector,
                              kb_id=entity.kb_id, role=entity.role)
        return Resolution(key=entity.kb_id, name=entity.name, kind=kind, code=entity.code, sector=sector,
                          kb_id=entity.kb_id, role=entity.role)

    def _from_sector(self, head, term: SectorTerm) -> Resolution:
        term_start = head.i - len(term.term) + 1
        code = None
        owner: Optional[Resolution] = None
        for t in head.subtree:
            if t.i >= term_start or t.dep_ in ("relcl", "acl"):
                continue
            hit = self.kb_token.get(t.i)
            if hit is not None and hit[2].code:
                code = hit[2].code
                if hit[2].kind in ("igo", "ngo", "group", "organization"):
                    owner = self._from_entity(hit[2], t)
                break
            adj = self.kb.adjective(t.text)
            if adj is not None:
                code = adj.code
                break
            org = self._learned_org(t) if t.pos_ == "PROPN" else None
            if org is not None and not self._is_place(t):
                owner, code = org, org.code
                break
            person = self._person_at(t) if t.dep_ == "poss" else None
            if person is not None and person.code:
                code = person.code
                break
            if t.dep_ == "poss" and t.lower_ in ("its", "their"):
                # "The LNA said its jets ...": the possessor is the clause's subject.
                owner_mention = self._clause_subject_mention(t)
                if owner_mention is not None:
                    owner, code = owner_mention, owner_mention.code
                    break
        if code is None:
            code = self._country_from_preps(head)
        inferred = False
        basis = None
        if code is None and term.sector in ("CVL", "REF"):
            # "killed 23 people in Tel Aviv": civilians are of the place where it happens.
            code = self._sentence_location(head)
            inferred = code is not None
            basis = "event_place" if inferred else None
        if code is None and self.focus:
            code, inferred = self.focus, True
        role = term.role if term.person else None
        if owner is not None:
            name = f"{owner.name} ({role or term.sector})"
            key = f"{owner.key}:{term.sector}"
        elif code is None:
            # "gunmen", "rival militias", "police": named as ACLED names actors it cannot identify.
            name = unidentified_name(term.sector, role, " ".join(term.term))
            key = f"sector:None:{term.sector}:{role or ' '.join(term.term)}"
        else:
            country = self.kb.countries.get(code)
            name = f"{country.name if country else code} ({role or term.sector})"
            key = f"sector:{code}:{term.sector}:{role or ''}"
        return Resolution(key=key, name=name, kind="sector", code=code, sector=term.sector, role=role,
                          inferred=inferred, basis=basis)

    def _clause_subject_mention(self, token) -> Optional[Resolution]:
        for ancestor in token.ancestors:
            if ancestor.pos_ not in ("VERB", "AUX"):
                continue
            for child in ancestor.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i < token.i:
                    res = self.resolved.get(child.i)
                    if res is not None and res.kind not in ("person", "place"):
                        return res
        return None

    def _sentence_location(self, token) -> Optional[str]:
        """The country of the first country or capital named as a place ("in X") in the sentence."""
        for t in token.sent:
            hit = self.kb_token.get(t.i)
            if hit is None or hit[2].kind not in ("country", "capital") or t.i != hit[1] - 1:
                continue
            anchor = t
            while anchor.dep_ in ("compound", "conj", "amod", "poss") and anchor.head.i != anchor.i:
                anchor = anchor.head
            if anchor.dep_ == "pobj" and anchor.head.lower_ in LOCATIVE_PREPS:
                return hit[2].code
            if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.lemma_ in PLACE_NOUNS:
                return hit[2].code
        return None

    def _place(self, head) -> Resolution:
        name = self._proper_name(head)
        code = self.place_focus
        return Resolution(key=f"place:{name}", name=name, kind="place", code=code, sector="CVL", inferred=True)

    def _resolve_pronoun(self, head) -> Optional[Resolution]:
        # "Syria says it will ...", "Bouteflika said he ...": a subject pronoun in a reported clause is
        # the reporter when they agree in kind.
        person_pronoun = head.lower_ in PERSON_PRONOUNS
        if person_pronoun or head.lower_ in GROUP_PRONOUNS:
            for ancestor in head.ancestors:
                if ancestor.pos_ not in ("VERB", "AUX", "ADJ"):
                    continue
                for child in ancestor.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and child.i < head.i and child.pos_ != "PRON":
                        res = self.resolved.get(child.i)
                        if res is not None and (res.kind == "person") == person_pronoun and res.kind != "place":
                            return res
        if not person_pronoun or self.last_person is None:
            return None
        sentence = self.state.token_sentence[head.i]
        last_sentence, res = self.last_person
        if sentence - last_sentence > 3:
            return None
        return res

    # --- output ------------------------------------------------------------------------------
    def _mention_span(self, head):
        if head.pos_ == "PRON":
            return head.i, head.i + 1
        start = head.i
        for t in head.lefts:
            if t.dep_ in MODIFIER_DEPS and t.dep_ not in ("punct",):
                start = min(start, t.left_edge.i)
        end = head.i + 1
        hit = self.kb_token.get(head.i)
        if hit is not None:
            start, end = min(start, hit[0]), max(end, hit[1])
        while start < head.i and (self.doc[start].dep_ in ("det", "punct", "case") or self.doc[start].is_space):
            start += 1
        return start, end

    def _add_mention(self, head, res: Resolution) -> None:
        from redline.pipeline import Mention

        start, end = self._mention_span(head)
        span = self.doc[start:end]
        evidence = self.state.span_evidence(span)
        actor_id = _stable_id("a", res.key)
        actor = self.actors.get(actor_id)
        if actor is None:
            actor = Actor(id=actor_id, name=res.name, kind=res.kind if res.kind != "sector" else "sector",
                          code=res.code, sector=res.sector, kb_id=res.kb_id)
            self.actors[actor_id] = actor
        if res.role and res.role not in actor.roles:
            actor.roles.append(res.role)
        if span.text != actor.name and span.text not in actor.aliases and head.pos_ != "PRON":
            actor.aliases.append(span.text)
        actor.mentions.append(evidence)
        via = None
        if head.pos_ == "PRON" and res.key in self.named_evidence:
            # A pronoun argument names its antecedent; the pronoun is kept as the way it was reached.
            via, evidence = evidence, self.named_evidence[res.key]
        elif head.pos_ != "PRON":
            self.named_evidence[res.key] = evidence
        basis = None if res.code is None else (res.basis or "document") if res.inferred else "words"
        ref = ActorRef(text=evidence.text, name=res.name, code=res.code, sector=res.sector, kb_id=res.kb_id,
                       actor_id=actor_id, role=res.role, evidence=evidence, via=via, code_basis=basis)
        mention = Mention(start=start, end=end, actor_id=actor_id, head=head.i, ref=ref, inferred=res.inferred)
        self.state.mentions.append(mention)
        self.state.mention_at[head.i] = mention
        if res.kind == "person" and head.pos_ != "PRON":
            self.last_person = (self.state.token_sentence[head.i], res)
