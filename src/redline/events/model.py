"""The learned sentence model: does a sentence report a political event, and of which PLOVER type?

A spaCy text classifier (bag of lemma unigrams and bigrams, one softmax over
``NONE`` and the 16 PLOVER types) trained by :mod:`redline.events.training` on
sentences the project wrote itself (``data/training/events/``). It reads the
sentence as lower-cased lemmas with digits folded, so "Police Lathi-charged
the mob" and "police lathi-charged the mob" look the same to it, and it runs on
the tokens the pipeline has already parsed: no second tokenization, no GPU,
about a millisecond per sentence.

The events stage asks it two things about each sentence that has candidate
events: the probability that the sentence reports no political event (a quake,
a robbery, a cup final, a campaign "fight"), which drops the sentence's events
when high, and the type it finds most likely, which the coder records as the
model's view beside the rule's (:class:`redline.model.Provenance`).

The bundled model lives in ``data/models/events/``; a model a user trained
(``redline train events``) in ``$REDLINE_HOME/models/events`` is used instead.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from redline.datafiles import data_path, user_data_dir
from redline.errors import EXIT_CONFIG, Errors, RedlineError

NONE_LABEL = "NONE"
EVENT_LABEL = "EVENT"
MODEL_NAME = "redline-events"
_DIGITS = re.compile(r"\d")


ENTITY_WORDS = {"GPE": "<place>", "LOC": "<place>", "FAC": "<place>", "NORP": "<people>", "ORG": "<org>",
                "PERSON": "<person>"}


def model_words(tokens) -> list[str]:
    """What the classifier reads of a sentence: lower-cased lemmas, digits as '0', a name as its kind
    ("NATO" -> <org>, "Misrata" -> <place>: a few thousand sentences cannot teach every name, but they
    teach that named parties act), no spaces or punctuation other than hyphens ("lathi - charge")."""
    words = []
    for t in tokens:
        if t.is_space or (t.is_punct and t.text != "-"):
            continue
        kind = ENTITY_WORDS.get(t.ent_type_)
        if kind is not None:
            if not (words and words[-1] == kind and t.ent_iob_ == "I"):
                words.append(kind)
            continue
        lemma = (t.lemma_ or t.text).lower()
        words.append(_DIGITS.sub("0", lemma))
    return words or ["<empty>"]


@dataclass(frozen=True)
class SentenceView:
    """The model's reading of one sentence: the probability that it reports no political event, and the
    PLOVER type it finds most likely if it does."""

    p_none: float
    best_type: Optional[str]
    best_p: float

    @property
    def p_event(self) -> float:
        return round(1.0 - self.p_none, 4)

    @property
    def label(self) -> str:
        return NONE_LABEL if self.p_none >= 0.5 else (self.best_type or NONE_LABEL)


def read_views(nlp, word_lists: list[list[str]]) -> list[SentenceView]:
    """The two classifiers of ``nlp`` over sentences given as the words :func:`model_words` makes."""
    from spacy.tokens import Doc

    if not word_lists:
        return []
    docs = [Doc(nlp.vocab, words=w) for w in word_lists]
    relevance, types = nlp.get_pipe("relevance"), nlp.get_pipe("types")
    none_column = list(relevance.labels).index(NONE_LABEL)
    views = []
    for rel_row, type_row in zip(relevance.predict(docs).tolist(), types.predict(docs).tolist()):
        best_p, best = max(zip(type_row, types.labels))
        views.append(SentenceView(p_none=round(float(rel_row[none_column]), 4), best_type=best,
                                  best_p=round(float(best_p), 4)))
    return views


class EventModel:
    def __init__(self, path: Path):
        import spacy

        self.path = path
        try:
            self.nlp = spacy.load(path)
            self.nlp.get_pipe("relevance"), self.nlp.get_pipe("types")
            meta = json.loads((path / "redline_model.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise RedlineError(Errors.E210, EXIT_CONFIG, path=str(path), reason=str(exc)) from exc
        self.name = str(meta.get("name", MODEL_NAME))
        self.version = str(meta.get("version", "0"))
        self.digest = str(meta.get("training_digest", ""))

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}" + (f" (training data {self.digest})" if self.digest else "")

    def read(self, sentences: list) -> list[SentenceView]:
        """One view per sentence (a span or a list of tokens), in order."""
        return read_views(self.nlp, [model_words(s) for s in sentences])


def user_model_dir() -> Path:
    """Where ``redline train events`` puts a user's model, which then replaces the bundled one."""
    return user_data_dir() / "models" / "events"


def bundled_model_dir() -> Path:
    return Path(str(data_path("models", "events")))


@functools.lru_cache(maxsize=4)
def _load(path: str) -> EventModel:
    return EventModel(Path(path))


def load_event_model(path: Optional[str] = None) -> Optional[EventModel]:
    """The event model at ``path``, else the user's, else the bundled one; None when none is installed
    (the coder then runs on its rules alone)."""
    for candidate in (Path(path) if path else None, user_model_dir(), bundled_model_dir()):
        if candidate is not None and (candidate / "redline_model.json").is_file():
            return _load(str(candidate))
    if path:
        raise RedlineError(Errors.E210, EXIT_CONFIG, path=str(path), reason="no redline_model.json in it")
    return None
