"""The pipeline: small stages over one shared document state.

Stages run in order (nlp → actors → places → time → events → claims). Each
reads what earlier stages left on the :class:`DocState` and adds its own
fields; none reaches into another stage's module. A stage is a plain function
``stage(state) -> None`` registered under a name, so users can replace or add
stages the way spaCy components are added.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Callable, Optional

from redline.errors import Errors
from redline.model import Document, DocumentInfo, Evidence, Warning
from redline.nlp.loader import DEFAULT_MODEL

Stage = Callable[["DocState"], None]


@dataclass
class Mention:
    """A span of tokens that names an actor (written by the actors stage)."""

    start: int  # token index, inclusive
    end: int  # token index, exclusive
    actor_id: str
    head: int  # token index of the syntactic head of the mention
    ref: object = None  # redline.model.ActorRef for this mention
    inferred: bool = False  # country taken from the document focus, not from the words


@dataclass
class DocState:
    """What the stages share for one document."""

    text: str
    info: DocumentInfo
    model: str = DEFAULT_MODEL
    kb: object = None  # redline.actors.kb.KnowledgeBase, set by the actors stage
    doc: object = None  # spacy.tokens.Doc
    sentences: list[Evidence] = field(default_factory=list)
    token_sentence: list[int] = field(default_factory=list)  # token index -> sentence index (-1: none)
    mentions: list[Mention] = field(default_factory=list)
    mention_at: dict[int, Mention] = field(default_factory=dict)  # head token index -> mention
    default_date: object = None  # TimePoint written by the time stage
    timexes: list = field(default_factory=list)  # redline.time.Timex, in text order (time stage)
    place_at: dict = field(default_factory=dict)  # token index -> redline.model.Place (places stage)
    focus: object = None  # redline.model.Location of the country the document is about (places stage)
    source_profiles: object = None  # redline.geo.profiles.SourceProfiles shared by a corpus run, or None
    output: Document = None  # type: ignore[assignment]
    warnings: list[Warning] = field(default_factory=list)
    _token_starts: Optional[list[int]] = field(default=None, repr=False)
    _ents: Optional[tuple] = field(default=None, repr=False)
    _dated: Optional[tuple] = field(default=None, repr=False)

    def __post_init__(self):
        if self.output is None:
            self.output = Document(document=self.info)

    def prepare_sentences(self) -> None:
        from redline.nlp.stage import sentence_evidence

        self.sentences = sentence_evidence(self.doc)
        index = [-1] * len(self.doc)
        starts = {s.start: s.sentence for s in self.sentences}
        current = -1
        for sent in self.doc.sents:
            for token in sent:
                if token.idx in starts:
                    current = starts[token.idx]
                if not token.is_space:
                    index[token.i] = current
        self.token_sentence = index
        self.output.sentences = self.sentences

    def evidence(self, start_char: int, end_char: int, token_index: int) -> Evidence:
        return Evidence(
            sentence=self.token_sentence[token_index],
            start=start_char,
            end=end_char,
            text=self.text[start_char:end_char],
        )

    def span_evidence(self, span) -> Evidence:
        return self.evidence(span.start_char, span.end_char, span.start)

    def sentence_of(self, token_index: int) -> Evidence:
        return self.sentences[self.token_sentence[token_index]]

    @property
    def ents(self) -> tuple:
        """The named entities of the parse; spaCy builds new spans at every ``doc.ents``."""
        if self._ents is None:
            self._ents = tuple(self.doc.ents)
        return self._ents

    # --- characters to tokens: stages map offsets often, and a scan of the doc each time is slow ---
    @property
    def token_starts(self) -> list[int]:
        if self._token_starts is None or len(self._token_starts) != len(self.doc):
            self._token_starts = [t.idx for t in self.doc]
        return self._token_starts

    def token_at(self, char: int):
        """The token covering character ``char``, or None (between tokens or out of range)."""
        i = bisect.bisect_right(self.token_starts, char) - 1
        if i >= 0 and char < self.token_starts[i] + len(self.doc[i].text):
            return self.doc[i]
        return None

    def token_range(self, start_char: int, end_char: int) -> range:
        """Indices of the tokens that start within [start_char, end_char)."""
        starts = self.token_starts
        return range(bisect.bisect_left(starts, start_char), bisect.bisect_left(starts, end_char))

    def dated_timexes(self, start: int, end: int) -> list:
        """The time expressions with a date (``is_date``) whose first token is in tokens ``[start, end)``,
        in text order; the index is built once, after the time stage wrote ``timexes``."""
        if self._dated is None or self._dated[0] is not self.timexes:
            dated = sorted((t for t in self.timexes if t.is_date and t.token_start >= 0),
                           key=lambda t: t.token_start)  # stable: text order among equal starts
            self._dated = (self.timexes, [t.token_start for t in dated], dated)
        _timexes, starts, dated = self._dated
        return dated[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def make_info(
    text: str,
    *,
    published: Optional[str] = None,
    published_basis: Optional[str] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    url: Optional[str] = None,
    language: Optional[str] = None,
    country: Optional[str] = None,
) -> DocumentInfo:
    return DocumentInfo(
        id=content_id(text),
        title=title,
        published=published,
        published_basis=published_basis if published else None,
        source=source,
        url=url,
        language=language,
        country=country,
        text=text,
    )


def _repaired(text: str, info: Optional[DocumentInfo]) -> tuple[str, Optional[DocumentInfo], bool]:
    """The text with its mojibake repaired (:mod:`redline.ingest.repair`), the info carrying that text,
    and whether anything changed. The document id stays the hash of the text as it came in."""
    from redline.ingest.repair import repair_text

    fixed = repair_text(text)
    if fixed == text:
        return text, info, False
    if info is not None:
        info = info.model_copy(update={"text": fixed})
    return fixed, info, True


def default_stages() -> list[tuple[str, Stage]]:
    # Imported here so that `redline schema` and `--help` do not pay for spaCy.
    from redline.actors import run_actors
    from redline.claims import run_claims
    from redline.events import run_events
    from redline.geo import run_places
    from redline.nlp import run_nlp
    from redline.time import run_time

    return [
        ("nlp", run_nlp),
        ("actors", run_actors),
        ("places", run_places),
        ("time", run_time),
        ("events", run_events),
        ("claims", run_claims),
    ]


class Pipeline:
    def __init__(self, model: str = DEFAULT_MODEL, kb_paths: tuple[str, ...] = (), stages=None):
        from redline.actors.kb import load_knowledge_base
        from redline.actors.tokens import use_tokenizer
        from redline.nlp.loader import load_pipeline

        self.model = model
        self.nlp = load_pipeline(model)
        use_tokenizer(self.nlp.tokenizer)
        self.kb = load_knowledge_base(tuple(kb_paths))
        self.stages = list(stages) if stages is not None else default_stages()

    def run(self, text: str, info: Optional[DocumentInfo] = None, doc=None, source_profiles=None) -> Document:
        """``source_profiles``: a :class:`redline.geo.profiles.SourceProfiles` a corpus run shares, to
        learn where each source writes about (opt-in)."""
        text, info, repaired = _repaired(text, info or make_info(text))
        if repaired:
            doc = None  # a parse handed in was made from the text before its repair
        return self._run_stages(text, info, doc, source_profiles, repaired)

    def _run_stages(self, text: str, info: DocumentInfo, doc, source_profiles, repaired: bool) -> Document:
        """The stages over a text already repaired (``repaired``: its mojibake was, which W005 tells)."""
        state = DocState(text=text, info=info, model=self.model, kb=self.kb, doc=doc,
                         source_profiles=source_profiles)
        if repaired:
            state.warnings.append(Warning(code="W005", message=Errors.W005.format()))
        for _name, stage in self.stages:
            stage(state)
        state.output.warnings = list(state.warnings)
        return state.output

    def pipe(self, items, batch_size: int = 16, n_process: int = 1, source_profiles=None):
        """Run over (text, info) pairs, parsing in batches with spaCy's nlp.pipe."""
        from redline.nlp.stage import CHUNK_CHARS

        # Repaired once here, so the batch parses the repaired texts and each is not repaired again.
        items = [_repaired(text, info or make_info(text)) for text, info in items]
        # Long documents are parsed piecewise by the nlp stage itself, not in the batch.
        short = [text for text, _info, _repaired_text in items if len(text) <= CHUNK_CHARS]
        docs = iter(self.nlp.pipe(short, batch_size=batch_size, n_process=n_process))
        for text, info, repaired in items:
            doc = next(docs) if len(text) <= CHUNK_CHARS else None
            yield self._run_stages(text, info, doc, source_profiles, repaired)
