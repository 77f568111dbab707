"""Commitments: red lines, deadlines, ultimatums, threats, promises and conditions, and the events that meet them.

Patterns are data (``data/claims/commitments.json``):

* **red line**: "Sirte was a red line" — about the copula's subject (or what
  the red lines include); held by whoever conveys it: the source named on the
  message or cue governing it ("a message from the Russians telling him that
  ..."), else the speaker of the quote it is in, else the one it is "for".
* **deadline / ultimatum**: a deadline or ultimatum noun; held by who gives,
  sets or issues it ("the deadline given by Egyptian President Abdel Fattah
  el-Sisi") or its possessor. ``due`` is the first dated time expression of its
  sentence that the time stage found (see :func:`due_in`); without one it stays
  None.
* **threat / promise**: a threat or promise verb; held by its subject, about
  its infinitive or clause.
* **condition**: a negated action with "until", "unless" or "before" ("will not
  take part in negotiations until after the recapture of Sirte"); held by the
  speaker of the quote it is in, else the subject.

A later event of the document on the same place or actor is linked: an event
by the holder ``fulfilled`` it, a material-conflict event by anyone else
``crossed`` it.
"""

from __future__ import annotations

import functools
from typing import Optional

from redline.datafiles import data_path, read_json
from redline.model import ActorRef, Commitment, CommitmentLink
from redline.pipeline import content_id

# How many tokens after "by" a holder's name may start ("given by Egyptian President Abdel Fattah el-Sisi").
AGENT_WINDOW = 8


@functools.lru_cache(maxsize=1)
def commitment_patterns() -> dict:
    data = read_json(data_path("claims", "commitments.json"))
    return {k: v for k, v in data.items() if not k.startswith("_") and not k.endswith("_note")}


def due_in(state, start: int, end: int):
    """When a deadline falls due: the first dated time expression in tokens ``[start, end)``."""
    from redline.time import date_within

    return date_within(state, start, end)


class CommitmentFinder:
    def __init__(self, state, claims):
        from redline.claims.lexicon import claim_lexicon

        self.lexicon = claim_lexicon()
        self.state = state
        self.doc = state.doc
        self.claims = claims
        self.patterns = commitment_patterns()
        self.crossing_quads = frozenset(self.patterns.get("crossing_quads", []))
        self.places_of: dict[str, list[str]] = {}
        self._claim_at: Optional[dict] = None  # token index -> the first claim whose content holds it

    # --- helpers -----------------------------------------------------------------------------
    def _ref(self, token) -> Optional[ActorRef]:
        mention = self.state.mention_at.get(token.i)
        return mention.ref if mention is not None else None

    def _claim_of(self, token):
        """The first claim whose content holds ``token``; the claims' tokens are indexed once."""
        if self._claim_at is None:
            self._claim_at = {}
            for claim in self.claims:
                for start, end in claim.parts:
                    for i in self.state.token_range(start, end):
                        self._claim_at.setdefault(i, claim)
        return self._claim_at.get(token.i)

    def _about(self, token) -> Optional[str]:
        """A place or actor name for the words headed by ``token``, else the words."""
        for t in token.subtree:
            place = self.state.place_at.get(t.i)
            if place is not None:
                return place.name or place.text
        ref = self._ref(token)
        if ref is not None:
            return ref.name or ref.text
        return self.doc[token.left_edge.i:token.right_edge.i + 1].text

    def _first_mention(self, start: int, end: int) -> Optional[ActorRef]:
        """The holder named in tokens [start, end): the last mention before the phrase ends (the name's head)."""
        found = None
        for i in range(start, min(end, len(self.doc))):
            token = self.doc[i]
            if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound"):
                break
            ref = self._ref(token)
            if ref is not None:
                found = ref
        return found

    def _evidence(self, token):
        return self.state.sentence_of(token.i)

    def _make(self, kind: str, token, holder=None, addressee=None, about=None, condition=None, due=None):
        evidence = self._evidence(token)
        return Commitment(
            id="c" + content_id(f"{self.state.info.id}:{kind}:{token.idx}")[:12],
            kind=kind, holder=holder, addressee=addressee, about=about, due=due, condition=condition,
            evidence=evidence,
        )

    def _conveyor(self, token) -> Optional[ActorRef]:
        """Who conveys the clause ``token`` is in: 'a message from the Russians telling him that ...'."""
        node = token
        for _ in range(6):
            if node.head.i == node.i:
                return None
            node = node.head
            if node.pos_ == "VERB" and node.dep_ in ("acl", "relcl") and node.head.pos_ == "NOUN":
                owner = node.head
                for child in owner.children:
                    if child.dep_ == "prep" and child.lower_ == "from":
                        for obj in child.children:
                            if obj.dep_ == "pobj" and self._ref(obj) is not None:
                                return self._ref(obj)
            if node.pos_ == "VERB" and self.lexicon.is_cue_verb(node.lemma_.lower()):
                for child in node.children:
                    if child.dep_ == "nsubj" and child.i < token.i and self._ref(child) is not None and node.i != token.i:
                        if child.pos_ != "PRON":
                            return self._ref(child)
        return None

    def _speaker_or_subject(self, token, subject=None) -> Optional[ActorRef]:
        claim = self._claim_of(token)
        if claim is not None and claim.speaker is not None:
            return claim.speaker
        return self._ref(subject) if subject is not None else None

    # --- patterns ---------------------------------------------------------------------------
    def red_lines(self) -> list[Commitment]:
        found = []
        phrases = [tuple(p) for p in self.patterns.get("red_line_phrases", [])]
        doc = self.doc
        lowered = [t.lower_ for t in doc]
        firsts = {phrase[0] for phrase in phrases}
        for i, word in enumerate(lowered):
            if word not in firsts:
                continue
            token = doc[i]
            for phrase in phrases:
                n = len(phrase)
                if tuple(lowered[i:i + n]) != phrase:
                    continue
                head = doc[token.i + n - 1]
                about = None
                if head.dep_ in ("attr", "acomp") and head.head.lemma_ == "be":
                    subjects = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if subjects:
                        about = self._about(subjects[0])
                if about is None:
                    # "red lines ... not to be crossed, including the invasion of Sirte"
                    for t in doc[head.i + 1:head.sent.end]:
                        if t.lower_ in ("including", "over") and t.dep_ == "prep":
                            objects = [c for c in t.children if c.dep_ == "pobj"]
                            if objects:
                                about = self._about(objects[0])
                                break
                # "Russian red lines", "Moscow's red line": the owner named on the phrase holds it.
                owners = [self._ref(c) for c in doc[token.i:head.i + 1] if self._ref(c) is not None]
                owners += [self._ref(c) for c in head.children if c.dep_ in ("poss", "amod") and self._ref(c)]
                holder = owners[0] if owners else self._conveyor(head) or self._speaker_or_subject(head)
                if holder is None:
                    for child in head.children:
                        if child.dep_ == "prep" and child.lower_ == "for":
                            objects = [c for c in child.children if c.dep_ == "pobj"]
                            holder = self._ref(objects[0]) if objects else None
                found.append(self._make("red_line", head, holder=holder, about=about))
        return found

    def deadlines(self) -> list[Commitment]:
        found = []
        kinds = {w: "deadline" for w in self.patterns.get("deadline_nouns", [])}
        kinds.update({w: "ultimatum" for w in self.patterns.get("ultimatum_nouns", [])})
        grants = frozenset(self.patterns.get("grant_verbs", []))
        for token in self.doc:
            kind = kinds.get(token.lemma_.lower())
            if kind is None or token.pos_ != "NOUN":
                continue
            holder = None
            for child in token.children:
                if child.dep_ == "poss":
                    holder = self._ref(child)
                if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in grants:
                    for agent in child.children:
                        if agent.dep_ == "agent":
                            holder = self._first_mention(agent.i + 1, agent.i + 1 + AGENT_WINDOW)
            if holder is None and token.head.lemma_.lower() in grants and token.dep_ in ("dobj", "nsubjpass"):
                subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
                holder = self._ref(subjects[0]) if subjects else None
            sent = token.sent
            found.append(self._make(kind, token, holder=holder or self._speaker_or_subject(token),
                                    due=due_in(self.state, sent.start, sent.end)))
        return found

    def threats_and_promises(self) -> list[Commitment]:
        found = []
        kinds = {w: "threat" for w in self.patterns.get("threat_verbs", [])}
        kinds.update({w: "promise" for w in self.patterns.get("promise_verbs", [])})
        for token in self.doc:
            kind = kinds.get(token.lemma_.lower())
            if kind is None or token.pos_ != "VERB":
                continue
            clauses = [c for c in token.children if c.dep_ in ("xcomp", "ccomp") and c.i > token.i]
            if not clauses:
                continue
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            holder = self._ref(subjects[0]) if subjects else None
            addressees = [c for c in token.children if c.dep_ in ("dobj", "dative") and c.i < clauses[0].i]
            clause = clauses[0]
            about = self.doc[clause.left_edge.i:clause.right_edge.i + 1].text
            found.append(self._make(kind, token, holder=holder,
                                    addressee=self._ref(addressees[0]) if addressees else None, about=about))
        return found

    def conditions(self) -> list[Commitment]:
        found = []
        markers = frozenset(self.patterns.get("condition_markers", []))
        for token in self.doc:
            if token.lower_ not in markers or token.dep_ not in ("prep", "mark"):
                continue
            # "until after the recapture" hangs on the action; "until the army leaves" on its own verb.
            clause = token.head if token.dep_ == "mark" else token
            action = clause.head
            if action.pos_ not in ("VERB", "AUX"):
                continue
            negated = any(c.dep_ == "neg" for c in action.children) or any(
                c.lower_ == "no" for t in action.children for c in t.subtree if c.dep_ == "det")
            if not negated:
                continue
            subjects = [c for c in action.children if c.dep_ in ("nsubj", "expl")]
            holder = self._speaker_or_subject(action, subjects[0] if subjects else None)
            left = min([c.left_edge.i for c in action.children if c.dep_ in ("neg", "aux", "nsubj", "expl")] + [action.i])
            end = clause.left_edge.i
            about = self.doc[left:end].text.strip(" ,")
            condition_tokens = self.doc[clause.left_edge.i:clause.right_edge.i + 1]
            condition = condition_tokens.text
            places = [self._about(t) for t in condition_tokens if t.i in self.state.place_at]
            commitment = self._make("condition", action, holder=holder, about=about, condition=condition)
            self.places_of[commitment.id] = places  # what events can meet, for linking
            found.append(commitment)
        return found

    # --- linking --------------------------------------------------------------------------------
    def link(self, commitments: list[Commitment]) -> None:
        """Each commitment's later events in the document that meet what it is about (its place or
        actor), by the names events are indexed under, not by reading every event for every commitment."""
        events = self.state.output.events
        named: dict[str, list[int]] = {}  # lower-case name -> the events (indices) at or aimed at it
        for i, event in enumerate(events):
            names = {(r.name or r.text).lower() for r in event.target}
            if event.location is not None and event.location.name:
                names.add(event.location.name.lower())
            for name in names:
                named.setdefault(name, []).append(i)
        for commitment in commitments:
            targets = {commitment.about.lower()} if commitment.about else set()
            targets |= {p.lower() for p in self.places_of.get(commitment.id, []) if p}
            if not targets:
                continue
            holder_key = (commitment.holder.actor_id or commitment.holder.code) if commitment.holder else None
            links = []
            for event in (events[i] for i in sorted({i for name in targets for i in named.get(name, ())})):
                if event.trigger.start <= commitment.evidence.end:
                    continue
                by_holder = holder_key is not None and any(
                    holder_key in (r.actor_id, r.code) for r in event.source)
                if by_holder:
                    links.append(CommitmentLink(event_id=event.id, relation="fulfilled"))
                elif event.quad in self.crossing_quads and commitment.kind != "condition":
                    links.append(CommitmentLink(event_id=event.id, relation="crossed"))
            commitment.linked_events = links

    def find(self) -> list[Commitment]:
        commitments = self.red_lines() + self.deadlines() + self.threats_and_promises() + self.conditions()
        self.link(commitments)
        commitments.sort(key=lambda c: (c.evidence.start, c.kind, c.id))
        return commitments


def find_commitments(state, claims) -> list[Commitment]:
    return CommitmentFinder(state, claims).find()
