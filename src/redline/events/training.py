"""Training the sentence event model (:mod:`redline.events.model`) from labelled sentences.

Training data is JSON lines, one sentence a line::

    {"text": "Gunmen stormed a police post in Kidal.", "type": "ASSAULT", "mode": "firearms", ...}

``type`` is a PLOVER type or ``NONE`` (no political event); other keys are
kept for people and ignored here. The bundled data (``data/training/events/``,
written by the project, described in its README) is always read; a user adds
files of their own. Sentences are lemmatized by the same spaCy pipeline the
extractor uses, so the model sees at training time exactly what it sees when
it runs. Training is single-threaded with a fixed seed: the same data gives
the same model, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Iterable, Optional, Sequence

from redline.datafiles import data_path
from redline.errors import EXIT_CONFIG, Errors, RedlineError
from redline.events.model import EVENT_LABEL, MODEL_NAME, NONE_LABEL, model_words

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
LABELS = (NONE_LABEL, *PLOVER_TYPES)  # what a training sentence's "type" may be
SEED = 0
EPOCHS = 12
# 2**15 hashed n-gram rows: ample for a few thousand sentences, 2 MB on disk.
BOW_LENGTH = 32768


def bundled_training_files() -> list[Path]:
    folder = Path(str(data_path("training", "events")))
    return sorted(folder.glob("*.jsonl"))


def read_examples(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """``(text, label)`` pairs from JSON-lines files, in file order; a bad line is an error naming it."""
    examples = []
    for path in paths:
        path = Path(path)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise RedlineError(Errors.E211, EXIT_CONFIG, path=str(path), reason=str(exc)) from exc
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise RedlineError(Errors.E211, EXIT_CONFIG, path=str(path), reason=f"line {n}: {exc}") from exc
            text, label = (row.get("text"), row.get("type")) if isinstance(row, dict) else (None, None)
            if not isinstance(text, str) or not text.strip() or label not in LABELS:
                raise RedlineError(Errors.E211, EXIT_CONFIG, path=str(path),
                                   reason=f"line {n}: needs a non-empty \"text\" and a \"type\" among {', '.join(LABELS)}")
            examples.append((text.strip(), label))
    return examples


def lemmatize(texts: Sequence[str], model: Optional[str] = None) -> list[list[str]]:
    """The classifier's words for each text, read with the extraction pipeline's tagger, lemmatizer and
    entity recognizer (the parser is not needed)."""
    from redline.ingest.repair import repair_text
    from redline.nlp.loader import DEFAULT_MODEL, load_pipeline

    nlp = load_pipeline(model or DEFAULT_MODEL)
    disabled = [name for name in nlp.pipe_names if name == "parser"]
    with nlp.select_pipes(disable=disabled):
        return [model_words(doc) for doc in nlp.pipe((repair_text(t) for t in texts), batch_size=64)]


def build_nlp(types: Sequence[str] = PLOVER_TYPES):
    """A blank pipeline with the two classifiers: ``relevance`` (EVENT or NONE, trained on every sentence)
    and ``types`` (the PLOVER type, trained on the event sentences only), so the many sentences without an
    event do not crowd out the sixteen types and the question "any event at all?" is learnt on its own."""
    import spacy

    nlp = spacy.blank("en")
    for name, labels in (("relevance", (EVENT_LABEL, NONE_LABEL)), ("types", types)):
        pipe = nlp.add_pipe("textcat", name=name, config={"model": {
            "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
            "no_output_layer": False, "length": BOW_LENGTH}})
        for label in labels:
            pipe.add_label(label)
    return nlp


def fit(words: Sequence[list[str]], labels: Sequence[str], epochs: int = EPOCHS, seed: int = SEED):
    """A trained blank pipeline holding the two classifiers."""
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.util import minibatch

    spacy.util.fix_random_seed(seed)
    nlp = build_nlp()
    relevance, types = [], []
    for w, label in zip(words, labels):
        is_event = label != NONE_LABEL
        relevance.append(Example.from_dict(Doc(nlp.vocab, words=w),
                                           {"cats": {EVENT_LABEL: float(is_event), NONE_LABEL: float(not is_event)}}))
        if is_event:
            types.append(Example.from_dict(Doc(nlp.vocab, words=w),
                                           {"cats": {t: float(t == label) for t in PLOVER_TYPES}}))
    optimizers = {}
    for name, examples in (("relevance", relevance), ("types", types)):
        optimizers[name] = nlp.get_pipe(name).initialize(lambda e=examples: e, nlp=nlp) or nlp.create_optimizer()
    rng = random.Random(seed)
    for name, examples in (("relevance", relevance), ("types", types)):
        pipe, sgd = nlp.get_pipe(name), optimizers[name]
        order = list(range(len(examples)))
        for _epoch in range(epochs):
            rng.shuffle(order)
            for batch in minibatch([examples[i] for i in order], size=16):
                pipe.update(batch, sgd=sgd, drop=0.0)
    return nlp


def cross_validate(words, labels, folds: int = 5, seed: int = SEED) -> dict:
    """Figures of ``folds``-fold cross-validation on the training data: type accuracy over all sentences
    (NONE included), and how often a sentence with no event is read as one and the reverse."""
    from redline.events.model import read_views

    index = list(range(len(words)))
    random.Random(seed).shuffle(index)
    correct = relevance_correct = fp = fn = 0
    for k in range(folds):
        held = set(index[k::folds])
        nlp = fit([words[i] for i in index if i not in held], [labels[i] for i in index if i not in held], seed=seed)
        held_list = sorted(held)
        for i, view in zip(held_list, read_views(nlp, [words[i] for i in held_list])):
            predicted = view.label
            correct += predicted == labels[i]
            gold_event, predicted_event = labels[i] != NONE_LABEL, predicted != NONE_LABEL
            relevance_correct += gold_event == predicted_event
            fp += predicted_event and not gold_event
            fn += gold_event and not predicted_event
    n = len(words)
    return {"folds": folds, "n": n, "type_accuracy": round(correct / n, 4),
            "relevance_accuracy": round(relevance_correct / n, 4),
            "false_event_rate": round(fp / max(1, sum(lab == NONE_LABEL for lab in labels)), 4),
            "missed_event_rate": round(fn / max(1, sum(lab != NONE_LABEL for lab in labels)), 4)}


def data_digest(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def train_event_model(output: str | Path, extra: Sequence[str | Path] = (), *, include_bundled: bool = True,
                      version: str = "1", model: Optional[str] = None, folds: int = 0) -> dict:
    """Train on the bundled sentences plus ``extra`` files and write the model to ``output``.
    With ``folds`` > 1 the report also holds cross-validated figures. Returns the report."""
    paths = (bundled_training_files() if include_bundled else []) + [Path(p) for p in extra]
    if not paths:
        raise RedlineError(Errors.E211, EXIT_CONFIG, path=str(output), reason="no training file was given")
    examples = read_examples(paths)
    if len({label for _t, label in examples}) < 2:
        raise RedlineError(Errors.E211, EXIT_CONFIG, path=", ".join(map(str, paths)),
                           reason="the sentences need at least two different types")
    words = lemmatize([t for t, _label in examples], model)
    labels = [label for _t, label in examples]
    report = {"name": MODEL_NAME, "version": version, "sentences": len(examples),
              "per_label": {lab: labels.count(lab) for lab in LABELS if lab in labels},
              "training_files": [p.name for p in paths], "training_digest": data_digest(paths),
              "architecture": f"two spacy.TextCatBOW.v3 classifiers (relevance, types): lemma uni- and bigrams, "
                              f"{BOW_LENGTH} hashed rows, {EPOCHS} epochs, seed {SEED}"}
    if folds > 1:
        report["cross_validation"] = cross_validate(words, labels, folds=folds)
    nlp = fit(words, labels)
    output = Path(output)
    try:
        output.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(output)
        (output / "redline_model.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n",
                                                   encoding="utf-8")
    except OSError as exc:
        raise RedlineError(Errors.E305, EXIT_CONFIG, path=str(output), reason=str(exc)) from exc
    return report
