"""Who said what: direct quotes and reported speech read from the dependency parse.

A claim is found from its cue: a speech or attitude verb ("said", "told",
"criticized", "wants"; lists in ``data/claims/cues.json``) or a prepositional
cue ("according to"). The cue's subject is the speaker and its clausal
complement, object or adjacent quotation is the content. Quotations (from
the quotation marks, see :mod:`redline.claims.marks`) take precedence: a
content touching a quotation becomes that quotation, a quotation interrupted
by its attribution ("A," he said, "B") becomes one quote of two parts, and a
quotation with no cue of its own continues the quote just before it.

Speakers are the actors stage's mentions (``state.mention_at``); a person
pronoun names the last person quoted, as a reader takes "he went on to
explain" right after a quote. A source no actor stands for ("sources",
"the poll") keeps its words as an unresolved :class:`ActorRef`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional

from redline.claims.lexicon import ClaimLexicon
from redline.claims.marks import inner, quotation_spans
from redline.datafiles import word_class
from redline.model import ActorRef, Evidence

PERSON_PRONOUNS = word_class("person_pronouns")
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Shorter quotations are names, titles or scare quotes ("the “Russian presence”"), not quotes.
MIN_QUOTE_WORDS = 4
# A person pronoun names the last person quoted this many sentences back at most.
SPEAKER_MEMORY = 4
# Clauses a cue verb takes as its content.
CONTENT_DEPS = ("ccomp", "xcomp")
# what may stand between a cue's clause and a quotation it introduces: spaces, line ends, ',', ':', dashes
ADJACENT_GAP = re.compile(r"[\s,:—–-]*")
# '“...” ― Sonya Herridge': a dash and a name after a quotation, on its line
SIGNATURE = re.compile(r"[ \t]*([―—–]|--)[ \t]*([^\n]+)")


@dataclass
class Claim:
    """One quote or reported statement, in character offsets, before it becomes a model.Quote."""

    cue: Optional[tuple[int, int]]  # character span of the cue words
    cue_token: Optional[int]
    source_token: Optional[int]
    speaker: Optional[ActorRef]
    parts: list[tuple[int, int]] = field(default_factory=list)  # content pieces (character spans)
    direct: bool = False
    content_tokens: tuple[int, int] = (0, 0)  # token range of the content, for events inside it
    relative: bool = False  # the cue is a relative clause ("which Washington says are Russian")

    @property
    def start(self) -> int:
        return self.parts[0][0]


class QuoteFinder:
    def __init__(self, state, lexicon: ClaimLexicon):
        self.state = state
        self.doc = state.doc
        self.text = state.text
        self.lex = lexicon
        self.quotations = quotation_spans(self.text)
        # top-level quotations do not overlap: their starts and their ends are both in text order, so the
        # ones at or near a place are found by bisection, not by reading them all (a long article has
        # thousands)
        self._starts = [s for s, _e in self.quotations]
        self._ends = [e for _s, e in self.quotations]
        self._people: Optional[set[str]] = None  # ids of the actors that are people
        self.claimed: dict[int, Claim] = {}  # quotation index -> claim that took it
        self.last_person: Optional[tuple[int, ActorRef]] = None  # (sentence, speaker)

    # --- helpers ---------------------------------------------------------------------------
    def _words(self, span: tuple[int, int]) -> int:
        return len(self.text[span[0]:span[1]].split())

    def _long(self, qi: int) -> bool:
        """Long enough to be a quote without a cue next to it (shorter: a name, a title, scare quotes)."""
        return self._words(self.quotations[qi]) >= MIN_QUOTE_WORDS

    def _quotation_at(self, char: int) -> Optional[int]:
        qi = bisect_right(self._starts, char) - 1
        return qi if qi >= 0 and char < self._ends[qi] else None

    def _quotations_touching(self, start: int, end: int) -> list[int]:
        return list(range(bisect_right(self._ends, start), bisect_left(self._starts, end)))

    def _sentence(self, token_index: int) -> int:
        return self.state.token_sentence[token_index]

    # --- cues --------------------------------------------------------------------------------
    def _phrasal(self, token) -> bool:
        """'pointed out', 'called for': a verb that is a cue only with its particle."""
        particles = self.lex.phrasal_cues.get(token.lemma_.lower(), ())
        return any(c.lower_ in particles and c.dep_ in ("prt", "prep") for c in token.children)

    def _cue_span(self, token) -> tuple[int, int]:
        start, end = token.idx, token.idx + len(token.text)
        particles = self.lex.phrasal_cues.get(token.lemma_.lower(), ())
        for child in token.children:
            if child.i == token.i + 1 and child.lower_ in particles and child.dep_ in ("prt", "prep"):
                end = child.idx + len(child.text)
        return start, end

    def _subject(self, verb):
        """The cue's subject, through participles and coordinated verbs ('he said, adding that ...')."""
        seen = 0
        while verb is not None and seen < 4:
            lemma = verb.lemma_.lower()
            for child in verb.children:
                if child.dep_ == "agent" and (lemma in self.lex.attitude_verbs or lemma in self.lex.object_content_verbs):
                    # "is supported by far fewer publications": the agent holds the view.
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
            for child in verb.children:
                if child.dep_ == "nsubj" and self._quotation_at(child.idx) is None:
                    return child
            if any(c.dep_ == "nsubjpass" for c in verb.children):
                return None  # "He was criticized": the one spoken about, not the speaker
            if verb.dep_ in ("xcomp", "advcl", "conj", "acl", "pcomp") and verb.head.i != verb.i:
                if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
                    verb = verb.head  # "quoted X as saying": through the preposition
                verb = verb.head
                if verb.lemma_.lower() == "quote":
                    # "media quoted the spokesman as saying ...": the one quoted speaks.
                    quoted = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
                    if quoted:
                        return quoted[0]
                seen += 1
                continue
            return None
        return None

    def _content_tokens(self, cue) -> Optional[tuple[int, int]]:
        """Token range of what the cue reports, from the parse."""
        lemma = cue.lemma_.lower()
        clauses = [c for c in cue.children if c.dep_ in CONTENT_DEPS and c.i > cue.i]
        # "Clinton is ill, the paper reported": a clause before the cue is its content only when
        # punctuation sets the cue's own clause apart.
        left = self._clause_left(cue)
        if left > 0 and (self.doc[left - 1].is_punct or self.doc[left - 1].is_quote):
            clauses += [c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i]
        if clauses:
            clause = clauses[0]
            start, end = clause.left_edge.i, clause.right_edge.i + 1
            if clause.i > cue.i:
                # "urged Congress to act", "told Bloomberg that ...": the addressee is not content,
                # but an object that is the subject of the infinitive is ("wants Congress to act").
                objects = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < clause.i]
                if objects and clause.dep_ == "xcomp":
                    start = objects[0].left_edge.i
            else:
                end = min(end, self._clause_left(cue))
            return start, end
        if cue.dep_ in ("parataxis", "ccomp") and cue.head.pos_ in ("VERB", "AUX") and (
                cue.head.i < cue.i or cue.dep_ == "parataxis") and left > 0 and self.doc[left - 1].is_punct:
            # "Clinton is ill, the paper reported", "To prevent that, he said, officials should ...":
            # the cue hangs on the clause it reports.
            return cue.head.left_edge.i, cue.head.right_edge.i + 1
        if cue.i + 1 < len(self.doc) and self.doc[cue.i + 1].lower_ == "that":
            # A misparsed "insisted that ...": the rest of the sentence.
            return cue.i + 1, cue.sent.end
        if any(c.dep_ == "agent" for c in cue.children) and (
                lemma in self.lex.attitude_verbs or lemma in self.lex.object_content_verbs):
            subjects = [c for c in cue.children if c.dep_ == "nsubjpass"]
            if subjects:
                return subjects[0].left_edge.i, subjects[0].right_edge.i + 1
        if lemma in self.lex.naming_verbs:
            # "called the charges unsubstantiated", "described him as a liar": object and complement.
            objects = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
            complements = [c for c in cue.children if c.i > cue.i and (
                c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "as"))]
            if objects and complements:
                return objects[0].left_edge.i, max(c.right_edge.i for c in complements) + 1
        if lemma in self.lex.object_content_verbs:
            objects = [c for c in cue.children if c.dep_ in ("dobj", "attr") and c.i > cue.i]
            if objects:
                start, end = objects[0].left_edge.i, objects[0].right_edge.i + 1
                for child in cue.children:
                    if child.i >= end and (child.dep_ in ("oprd", "xcomp", "ccomp") or (
                            child.dep_ == "prep" and child.lower_ in ("for", "over", "as", "of", "to", "with", "about",
                                                                      "against"))):
                        end = child.right_edge.i + 1
                return start, end
        particles = self.lex.phrasal_cues.get(lemma, frozenset()) | self.lex.content_preps
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ in particles:
                objects = [c for c in child.children if c.dep_ == "pobj" and c.ent_type_ not in ("DATE", "TIME")]
                if objects:
                    return objects[0].left_edge.i, max(objects[0].right_edge.i, child.right_edge.i) + 1
        return None

    def _clause_left(self, cue) -> int:
        """First token of the cue's own clause (its subject included), for contents before the cue."""
        left = cue.i
        for child in cue.children:
            if child.i < cue.i and child.dep_ not in ("ccomp", "punct") and self._quotation_at(child.idx) is None:
                left = min(left, child.left_edge.i)
        return left

    def _clause_right(self, cue) -> int:
        """One past the last token of the cue's own clause, its content clauses left out."""
        right = cue.i + 1
        for child in cue.children:
            if child.i > cue.i and child.dep_ not in CONTENT_DEPS + ("punct", "conj", "cc") and \
                    self._quotation_at(child.idx) is None:
                right = max(right, child.right_edge.i + 1)
        return right

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        doc = self.doc
        while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"):
            if doc[start].text in ("“", '"') and start + 1 < end:
                break
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            if doc[end - 1].text in ("”", '"'):
                break
            end -= 1
        return start, end

    # --- speakers ----------------------------------------------------------------------------
    def _noun_phrase(self, token) -> tuple[int, int]:
        start = token.left_edge.i
        end = token.i + 1
        for child in token.rights:
            if child.dep_ in ("compound", "flat", "nummod") or (child.dep_ == "prep" and child.lower_ == "of"):
                end = max(end, child.right_edge.i + 1)
            else:
                break
        while start < token.i and (self.doc[start].is_punct or self.doc[start].dep_ == "det"):
            start += 1
        return start, end

    def _speaker(self, source, cue_index: int) -> Optional[ActorRef]:
        state = self.state
        if source.lower_ in RELATIVE_PRONOUNS and source.head.dep_ == "relcl":
            # "Bashagha, who said ...": the antecedent speaks, reached through the relative pronoun.
            relative = state.span_evidence(self.doc[source.i:source.i + 1])
            speaker = self._speaker(source.head.head, cue_index)
            if speaker is not None and speaker.via is None:
                speaker = speaker.model_copy(update={"via": relative})
            return speaker
        sentence = self._sentence(source.i)
        if source.lower_ in PERSON_PRONOUNS and self.last_person is not None:
            last_sentence, last = self.last_person
            if 0 <= sentence - last_sentence <= SPEAKER_MEMORY:
                return last.model_copy(update={"via": state.span_evidence(self.doc[source.i:source.i + 1])})
        person = self._named_person(source, cue_index)
        if person is not None:
            return person
        mention = state.mention_at.get(source.i)
        if mention is not None and mention.ref is not None:
            return mention.ref
        start, end = self._noun_phrase(source)
        return ActorRef(text=self.doc[start:end].text, evidence=state.span_evidence(self.doc[start:end]))

    def _is_person(self, ref: Optional[ActorRef]) -> bool:
        if ref is None or ref.actor_id is None:
            return False
        if self._people is None:  # the actors are final once the claims stage runs
            self._people = {a.id for a in self.state.output.actors if a.kind == "person"}
        return ref.actor_id in self._people

    def _named_person(self, source, cue_index: int) -> Optional[ActorRef]:
        """'the spokesperson for ..., Abdel Malek al-Madani': the person a title is in apposition with
        (the parser often hangs the name on the last noun of the title's phrase)."""
        if source.pos_ == "PRON":
            return None
        own = self.state.mention_at.get(source.i)
        if own is not None and self._is_person(own.ref):
            return None
        for token in list(source.subtree) + list(self.doc[source.i + 1:cue_index]):
            if token.dep_ == "appos" and token.i != source.i:
                mention = self.state.mention_at.get(token.i)
                if mention is not None and self._is_person(mention.ref):
                    return mention.ref
        return None

    def _remember(self, claim: Claim) -> None:
        speaker = claim.speaker
        if speaker is None or claim.source_token is None:
            return
        if self._is_person(speaker):
            self.last_person = (self._sentence(claim.source_token), speaker)

    # --- claims --------------------------------------------------------------------------------
    def _prepositional_cues(self):
        doc = self.doc
        for words in self.lex.preposition_cues:
            n = len(words)
            for i in range(len(doc) - n + 1):
                if all(doc[i + k].lower_ == words[k] for k in range(n)):
                    yield i, n

    def _according_to(self, i: int, n: int) -> Optional[Claim]:
        doc = self.doc
        last = doc[i + n - 1]
        objects = [c for c in last.children if c.dep_ == "pobj"]
        if not objects:
            return None
        source = objects[0]
        phrase_start, phrase_end = i, max(last.right_edge.i, source.right_edge.i) + 1
        sent = doc[i].sent
        # The rest of the clause the phrase belongs to is the content.
        if phrase_start - sent.start <= 1:
            start, end = phrase_end, sent.end
        else:
            start, end = sent.start, phrase_start
        start, end = self._trim(start, end)
        if end <= start:
            return None
        cue_span = (doc[i].idx, last.idx + len(last.text))
        return Claim(cue=cue_span, cue_token=i, source_token=source.i, speaker=self._speaker(source, i),
                     parts=[(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))],
                     content_tokens=(start, end))

    def _noun_claim(self, cue) -> Optional[Claim]:
        """"Trump's claim that ...", "the minister's warning that ...": the possessor says the clause."""
        owners = [c for c in cue.children if c.dep_ == "poss"]
        clauses = [c for c in cue.children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > cue.i
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
        if not owners or not clauses:
            return None
        start, end = self._trim(clauses[0].left_edge.i, clauses[0].right_edge.i + 1)
        if end <= start:
            return None
        doc = self.doc
        return Claim(cue=(cue.idx, cue.idx + len(cue.text)), cue_token=cue.i, source_token=owners[0].i,
                     speaker=self._speaker(owners[0], cue.i),
                     parts=[(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))], content_tokens=(start, end))

    def _tokens_in(self, start: int, end: int) -> list:
        return [self.doc[i] for i in self.state.token_range(start, end) if not self.doc[i].is_space]

    def _named_source(self, start: int, end: int) -> Optional[tuple[int, ActorRef]]:
        """The actor (or failing that, the words) a short label names: '― Sonya Herridge', 'Poll:'."""
        tokens = [t for t in self._tokens_in(start, end) if not t.is_punct]
        if not tokens or len(tokens) > 6:
            return None
        for token in reversed(tokens):
            mention = self.state.mention_at.get(token.i)
            if mention is not None and mention.ref is not None:
                return token.i, mention.ref
        named = tokens[0].ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or \
            tokens[-1].lemma_.lower() in self.lex.source_nouns
        if not named:
            return None
        span = self.doc[tokens[0].i:tokens[-1].i + 1]
        return tokens[0].i, ActorRef(text=span.text, evidence=self.state.span_evidence(span))

    def _signed_quotations(self) -> list[Claim]:
        """'“...” ― Sonya Herridge': a quotation signed with a dash and a name closing its line."""
        claims = []
        for qi, (s, e) in enumerate(self.quotations):
            if qi in self.claimed or not self._long(qi):
                continue
            match = SIGNATURE.match(self.text, e)
            if not match:
                continue
            dash_start, dash_end = match.span(1)
            found = self._named_source(*match.span(2))
            if found is None:
                continue
            source_token, speaker = found
            dash_token = next((t.i for t in self._tokens_in(dash_start, dash_end)), source_token)
            claim = Claim(cue=(dash_start, dash_end), cue_token=dash_token, source_token=source_token,
                          speaker=speaker, parts=[(s, e)], direct=True)
            self.claimed[qi] = claim
            claims.append(claim)
        return claims

    def _labelled_lines(self, claims: list[Claim]) -> list[Claim]:
        """'Poll: Wealthy voters abandon ...', 'TRUMP: We will ...': a short label and a colon open the line."""
        # the claims' parts by start, with the furthest end reached so far: a line overlaps a part when one
        # that starts before the line's end reaches past its start
        taken = sorted((p[0], p[1]) for c in claims for p in c.parts)
        taken_starts = [a for a, _b in taken]
        reach = list(itertools.accumulate((b for _a, b in taken), max))
        found = []
        for match in re.finditer(r"(?m)^([A-Z][^\n:]{0,40}?)(:)[ \t]+(\S[^\n]*)$", self.text):
            start, end = match.start(3), match.end(3)
            while end > start and self.text[end - 1].isspace():
                end -= 1
            before = bisect_left(taken_starts, end)
            if (before and reach[before - 1] > start) or len(self.text[start:end].split()) < 3:
                continue
            source = self._named_source(match.start(1), match.end(1))
            if source is None:
                continue
            source_token, speaker = source
            colon = next((t.i for t in self._tokens_in(match.start(2), match.end(2))), source_token)
            quoted = self._quotations_touching(start, end)
            claim = Claim(cue=(match.start(2), match.end(2)), cue_token=colon, source_token=source_token,
                          speaker=speaker, parts=[(start, end)], direct=bool(quoted))
            tokens = self._tokens_in(start, end)
            if tokens:
                claim.content_tokens = (tokens[0].i, tokens[-1].i + 1)
            found.append(claim)
        return found

    def _verb_claim(self, cue) -> Optional[Claim]:
        source = self._subject(cue)
        if source is None:
            return None
        claim = Claim(cue=self._cue_span(cue), cue_token=cue.i, source_token=source.i, speaker=None,
                      relative=cue.dep_ == "relcl")
        spans = self._content_spans(cue, source)
        touching = {qi for a, b in spans for qi in self._quotations_touching(a, b) if qi not in self.claimed}
        # A content touching a quotation takes all of it: 'said fraud is “a big problem” but “nobody ...”'.
        spans = [(min([a] + [self.quotations[q][0] for q in touching if self._overlaps(q, a, b)]),
                  max([b] + [self.quotations[q][1] for q in touching if self._overlaps(q, a, b)])) for a, b in spans]
        adjacent = [qi for qi in self._adjacent_quotations(cue, source) if qi not in touching
                    and not any(self._overlaps(qi, a, b) for a, b in spans)]
        spans = sorted(set(spans) | {self.quotations[qi] for qi in adjacent})
        if not spans:
            return None
        quoted = sorted(touching | set(adjacent))
        covered = sum(self.quotations[q][1] - self.quotations[q][0] for q in quoted)
        claim.direct = covered * 2 >= sum(b - a for a, b in spans)
        for qi in quoted:
            self.claimed[qi] = claim
        claim.parts = spans
        tokens = self.state.token_range(spans[0][0], spans[-1][1])
        claim.content_tokens = (tokens[0], tokens[-1] + 1) if tokens else (0, 0)
        claim.speaker = self._speaker(source, cue.i)
        return claim

    def _overlaps(self, qi: int, start: int, end: int) -> bool:
        s, e = self.quotations[qi]
        return s < end and start < e

    def _content_spans(self, cue, source) -> list[tuple[int, int]]:
        """The character spans of what the parse says the cue reports (two when the cue sits inside it)."""
        content = self._content_tokens(cue)
        if content is None:
            return []
        start, end = content
        pieces = [(start, end)]
        if start <= cue.i < end:
            # "To prevent that, he said, officials should ...": the two sides of the cue's clause.
            own_start = min(self._clause_left(cue), source.left_edge.i)
            pieces = [(start, own_start), (self._clause_right(cue), end)]
        pieces = [self._trim(*self._without_aside(a, b)) for a, b in pieces]
        pieces = [(a, b) for a, b in pieces if b > a and not (a <= cue.i < b)
                  and not (b - a == 1 and self.doc[a].lower_ in RELATIVE_PRONOUNS)]
        doc = self.doc
        return [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)) for a, b in pieces]

    def _without_aside(self, start: int, end: int) -> tuple[int, int]:
        """Drop a closing aside set off by a comma (', who is 70', ', which forced her to ...'): the
        writer's addition, not what the source said."""
        doc = self.doc
        for i in range(start + 1, end):
            token = doc[i]
            if doc[token.left_edge.i - 1].text != "," or token.left_edge.i - 1 <= start:
                continue
            aside = token.dep_ in ("relcl", "acl", "appos") and token.right_edge.i + 1 >= end - 1
            # ", arguing that ...", ", adding ...": the speaker's next claim, not part of this one.
            next_claim = token.dep_ in ("advcl", "conj", "xcomp") and token.tag_ == "VBG" and \
                self.lex.is_cue_verb(token.lemma_.lower())
            if aside or next_claim:
                return start, token.left_edge.i - 1
        return start, end

    def _adjacent_quotations(self, cue, source) -> list[int]:
        """Quotations the cue's own clause introduces or closes: '“A,” he said', 'he said: “B”'."""
        doc = self.doc
        found: list[int] = []
        clause_start = min(self._clause_left(cue), source.left_edge.i)
        clause_end = cue.i + 1
        for child in cue.children:
            if child.i > cue.i and child.dep_ not in CONTENT_DEPS + ("punct", "dobj") \
                    and self._quotation_at(child.idx) is None:
                clause_end = max(clause_end, child.right_edge.i + 1)
        if source.i > cue.i:
            clause_end = max(clause_end, self._noun_phrase(source)[1])
        before = doc[clause_start].idx
        after = doc[clause_end - 1].idx + len(doc[clause_end - 1].text)
        # only a quotation ending at most 3 characters before the clause, or starting after it across
        # nothing but spaces, commas, colons and dashes, can be adjacent
        gap = ADJACENT_GAP.match(self.text, after).end() - after
        near = set(range(bisect_left(self._ends, before - 3), bisect_right(self._ends, before))) | \
            set(range(bisect_left(self._starts, after), bisect_right(self._starts, after + gap)))
        for qi in sorted(near):
            s, e = self.quotations[qi]
            if qi in self.claimed:
                continue
            gap_before = self.text[e:before]
            gap_after = self.text[after:s]
            if e <= before and len(gap_before) <= 3 and not gap_before.strip(" ,—–-"):
                found.append(qi)
            elif s >= after and len(gap_after) <= 3 and "\n" not in gap_after and not gap_after.strip(" ,:—–-"):
                found.append(qi)
            elif s >= after and gap_after.strip() == ":" and gap_after.count("\n") <= 2:
                found.append(qi)  # "He said:" closing a paragraph, the quotation opening the next
        return found

    def find(self) -> list[Claim]:
        doc = self.doc
        lex = self.lex
        candidates: list[tuple[int, str, tuple]] = []
        for token in doc:
            if token.pos_ not in ("VERB",) or not (lex.is_cue_verb(token.lemma_.lower()) or self._phrasal(token)):
                continue
            if self._sentence(token.i) < 0:
                continue
            qi = self._quotation_at(token.idx)
            if qi is not None:
                continue  # a verb inside a quotation is the speaker's own words
            candidates.append((token.i, "verb", (token,)))
        for i, n in self._prepositional_cues():
            if self._quotation_at(doc[i].idx) is None:
                candidates.append((i, "prep", (i, n)))
        for token in doc:
            if token.pos_ == "NOUN" and token.lemma_.lower() in lex.cue_nouns and self._sentence(token.i) >= 0 \
                    and self._quotation_at(token.idx) is None:
                candidates.append((token.i, "noun", (token,)))
        claims: list[Claim] = []
        taken: set[int] = set()  # tokens already inside a claim's content or cue
        for index, kind, args in sorted(candidates, key=lambda c: c[0]):
            if index in taken:
                continue
            make = {"verb": self._verb_claim, "prep": self._according_to, "noun": self._noun_claim}[kind]
            claim = make(*args)
            if claim is None:
                continue
            claims.append(claim)
            self._remember(claim)
            taken.update(range(*claim.content_tokens))
        claims = self._without_nested(claims)
        claims.extend(self._signed_quotations())
        claims.extend(self._labelled_lines(claims))
        self._continuations(claims)
        return sorted(claims, key=lambda c: c.start)

    @staticmethod
    def _without_nested(claims: list[Claim]) -> list[Claim]:
        """The claims less those whose cue lies inside another claim's content: what that speaker said
        (PolNeAR-style univocal annotation keeps the outer one), unless the other's cue lies in theirs.
        Each claim's content picks the cues in it by bisection: no claims x claims comparison."""
        cues = sorted((c.cue_token, i) for i, c in enumerate(claims) if c.cue_token is not None)
        positions = [position for position, _i in cues]
        nested = set()
        for other in claims:
            start, end = other.content_tokens
            for _position, i in cues[bisect_left(positions, start):bisect_left(positions, end)]:
                claim = claims[i]
                if claim is not other and not (claim.content_tokens[0] <= other.cue_token < claim.content_tokens[1]):
                    nested.add(i)
        return [c for i, c in enumerate(claims) if i not in nested]

    def _continuations(self, claims: list[Claim]) -> None:
        """Quotations with no cue of their own continue the quote just before them (same or next paragraph)."""
        # The quote before a quotation: the direct claim that ended last before it, by where it ended
        # before any continuation (a claim continued by a quotation ends before the next one, so it
        # stays a candidate). Found by bisection, as the line ends in between are counted.
        direct = sorted((c for c in claims if c.direct), key=lambda c: c.parts[-1][1])
        ends = [c.parts[-1][1] for c in direct]
        line_ends = [m.start() for m in re.finditer("\n", self.text)]
        for qi, (s, e) in enumerate(self.quotations):
            if qi in self.claimed or not self._long(qi):
                continue
            before = bisect_right(ends, s)
            if not before:
                continue
            claim = direct[before - 1]
            gap_start = claim.parts[-1][1]
            if bisect_left(line_ends, s) - bisect_left(line_ends, gap_start) > 2:
                continue
            # Between the two only the words of the first quote's own attribution ("he said.").
            own = self._sentence(claim.cue_token) if claim.cue_token is not None else -2
            if any(not t.is_space and not t.is_punct and self._sentence(t.i) != own
                   for t in self._tokens_in(gap_start, s)):
                continue
            claim.parts.append((s, e))
            self.claimed[qi] = claim


def to_evidence(state, span: tuple[int, int]) -> Evidence:
    doc = state.doc
    first = max(0, state.token_range(span[0], span[0]).start - 1)
    token = next((doc[i] for i in range(first, len(doc))
                  if doc[i].idx + len(doc[i].text) > span[0] and not doc[i].is_space), doc[-1])
    return state.evidence(span[0], span[1], token.i)


def claim_text(text: str, parts: list[tuple[int, int]], direct: bool) -> str:
    pieces = []
    for span in parts:
        start, end = inner(text, span) if direct else span
        piece = text[start:end]
        if not direct and piece.lower().startswith("that "):
            piece = piece[5:]
        pieces.append(piece)
    return " ".join(pieces)


__all__ = ["Claim", "QuoteFinder", "claim_text", "to_evidence"]
