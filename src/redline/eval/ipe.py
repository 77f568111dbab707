"""Scoring redline on IndiaPoliceEvents (``redline eval ipe``).

Times of India reports of March 2002, mostly lower case and with broken
encodings, labelled per sentence for what the police did: KILL, ARREST,
FAIL, FORCE, ANY_ACTION. Each document is extracted whole (so "they" and
the dateline can help), dated by ``metadata.jsonl``, and each event is put in
the gold sentence that holds its trigger.

A sentence is predicted as
* ``ARREST`` when it holds a police-sourced COERCE event of mode ``arrest``;
* ``FORCE`` when it holds a police-sourced ASSAULT, or a police-sourced COERCE
  with no mode (dispersing a crowd);
* ``KILL`` when it holds a police-sourced ASSAULT and the sentence reports a
  death (:data:`DEATH_WORDS`): redline has no casualty counts yet, so the
  death is read from the event's sentence.

Police-sourced means a source actor of sector ``COP``. Negated events do not
count. Metrics: precision, recall and F1 per label over sentences.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, Optional

from redline.errors import EXIT_NO_INPUT, Errors, RedlineError
from redline.eval.metrics import PRF

LABELS = ("ARREST", "FORCE", "KILL")
POLICE_SECTOR = "COP"
DEATH_WORDS = re.compile(r"\b(kill(?:ed|ing|s)?|dead|death|deaths|died|die|dies|lives|bodies|body|"
                         r"succumbed|fatal(?:ly)?|shot dead|gunned down|lynched)\b", re.IGNORECASE)


def _read_jsonl(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason=str(exc)) from exc


def load_corpus(folder: str | Path, limit: Optional[int] = None) -> list[dict]:
    """Documents ``{"id", "text", "published", "sentences": [(text, labels)]}`` in file order."""
    folder = Path(folder)
    if folder.is_file():
        folder = folder.parent
    sents_path, docs_path, meta_path = folder / "sents.jsonl", folder / "docs.jsonl", folder / "metadata.jsonl"
    for path in (sents_path, docs_path):
        if not path.exists():
            raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason="the file is missing")
    dates = {}
    if meta_path.exists():
        dates = {str(m.get("doc_id")): m.get("date") for m in _read_jsonl(meta_path)}
    documents: dict[str, dict] = {}
    for d in _read_jsonl(docs_path):
        doc_id = str(d.get("doc_id"))
        documents[doc_id] = {"id": doc_id, "text": d.get("doc_text") or "", "published": dates.get(doc_id),
                             "sentences": []}
    for s in _read_jsonl(sents_path):
        doc = documents.get(str(s.get("doc_id")))
        if doc is not None:
            doc["sentences"].append((s.get("sent_text") or "", tuple(s.get("sent_labels") or ())))
    found = [d for d in documents.values() if d["text"].strip()]
    return found[:limit] if limit is not None else found


def sentence_spans(text: str, sentences: list[str], repair=None) -> list[Optional[tuple[int, int]]]:
    """Character span of each gold sentence in ``text``, searched in order; ``repair`` is tried on a
    sentence that is not found as written (the pipeline may have fixed its encoding)."""
    spans, cursor = [], 0
    for sentence in sentences:
        sentence = sentence.strip()
        at = text.find(sentence, cursor) if sentence else -1
        if at < 0 and repair is not None and sentence:
            sentence = repair(sentence).strip()
            at = text.find(sentence, cursor) if sentence else -1
        if at < 0:
            spans.append(None)
            continue
        spans.append((at, at + len(sentence)))
        cursor = at + len(sentence)
    return spans


def predicted_labels(events, sentence_text: str) -> set[str]:
    labels = set()
    for e in events:
        if e.negated or not any(a.sector == POLICE_SECTOR for a in e.source):
            continue
        if e.type == "COERCE" and "arrest" in e.modes:
            labels.add("ARREST")
        if e.type == "ASSAULT" or (e.type == "COERCE" and not e.modes):
            labels.add("FORCE")
        if e.type == "ASSAULT" and DEATH_WORDS.search(sentence_text):
            labels.add("KILL")
    return labels


def score_ipe(gold: list[set], predicted: list[set]) -> dict:
    report = {"n_sentences": len(gold)}
    for label in LABELS:
        prf = PRF()
        for g, p in zip(gold, predicted):
            prf.add({label} & g, {label} & p)
        report[label] = {"gold": sum(label in g for g in gold), "predicted": sum(label in p for p in predicted),
                         **{k.split("_", 1)[1]: v for k, v in prf.as_dict("x").items()}}
    return report


def evaluate_ipe(
    data: str | Path,
    *,
    model: Optional[str] = None,
    kb: Iterable[str] = (),
    limit: Optional[int] = None,
    errors_path: Optional[str | Path] = None,
    batch_size: int = 16,
) -> dict:
    from redline.eval import extract_and_score
    from redline.ingest.repair import repair_text

    corpus = load_corpus(data, limit=limit)

    def score(documents):
        gold, predicted, unmatched, mismatches = [], [], 0, []
        for item, doc in zip(corpus, documents):
            texts = [t for t, _labels in item["sentences"]]
            text = doc.document.text if doc is not None else item["text"]
            spans = sentence_spans(text, texts, repair=repair_text)
            events = doc.events if doc is not None else []
            for (sentence, labels), span in zip(item["sentences"], spans):
                g = set(labels) & set(LABELS)
                inside = [] if span is None else [e for e in events if span[0] <= e.trigger.start < span[1]]
                unmatched += span is None
                p = predicted_labels(inside, text[span[0]:span[1]] if span else sentence)
                gold.append(g)
                predicted.append(p)
                if g != p:
                    mismatches.append({
                        "doc_id": item["id"], "sentence": sentence, "gold": sorted(g), "predicted": sorted(p),
                        "events": [f"{e.type}{'/' + e.modes[0] if e.modes else ''}:{e.trigger.text}:"
                                   + ",".join(f"{a.code}{a.sector or ''}" for a in e.source) for e in inside]})
        report = {"n_documents": len(corpus), "unmatched_sentences": unmatched, **score_ipe(gold, predicted)}
        return report, mismatches

    return extract_and_score("ipe", data, [(d["text"], d["published"]) for d in corpus], score, model=model,
                             kb=kb, errors_path=errors_path, batch_size=batch_size)
