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
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from redline.datafiles import data_path
from redline.errors import EXIT_CONFIG, Errors, RedlineError

NONE_LABEL = "NONE"
MODEL_NAME = "redline-events"
_DIGITS = re.compile(r"\d")


def model_words(tokens) -> list[str]:
    """What the classifier reads of a sentence: lower-cased lemmas, digits as '0', no spaces or punctuation
    other than hyphens (they join "lathi - charge")."""
    words = []
    for t in tokens:
        if t.is_space or (t.is_punct and t.text != "-"):
            continue
        lemma = (t.lemma_ or t.text).lower()
        words.append(_DIGITS.sub("0", lemma))
    return words or ["<empty>"]


@dataclass(frozen=True)
class SentenceView:
    """The model's reading of one sentence."""

    p_none: float
    best_type: Optional[str]
    best_p: float
    probabilities: dict

    @property
    def p_event(self) -> float:
        return round(1.0 - self.p_none, 4)


class EventModel:
    def __init__(self, path: Path):
        import spacy

        self.path = path
        try:
            self.nlp = spacy.load(path)
            self.textcat = self.nlp.get_pipe("textcat")
            meta = json.loads((path / "redline_model.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise RedlineError(Errors.E210, EXIT_CONFIG, path=str(path), reason=str(exc)) from exc
        self.name = str(meta.get("name", MODEL_NAME))
        self.version = str(meta.get("version", "0"))
        self.labels = list(self.textcat.labels)

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    def read(self, sentences: list) -> list[SentenceView]:
        """One view per sentence (a list of tokens or a span), in order."""
        from spacy.tokens import Doc

        if not sentences:
            return []
        docs = [Doc(self.nlp.vocab, words=model_words(s)) for s in sentences]
        scores = self.textcat.predict(docs)
        views = []
        for row in scores.tolist() if hasattr(scores, "tolist") else scores:
            probs = {label: round(float(p), 4) for label, p in zip(self.labels, row)}
            p_none = probs.get(NONE_LABEL, 0.0)
            typed = [(p, label) for label, p in probs.items() if label != NONE_LABEL]
            best_p, best = max(typed) if typed else (0.0, None)
            views.append(SentenceView(p_none=p_none, best_type=best, best_p=best_p, probabilities=probs))
        return views


def user_model_dir() -> Optional[Path]:
    home = os.environ.get("REDLINE_HOME")
    if not home:
        return None
    path = Path(home).expanduser() / "models" / "events"
    return path if (path / "redline_model.json").is_file() else None


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
