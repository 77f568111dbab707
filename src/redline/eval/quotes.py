"""Scoring quotes and reported speech on PolNeAR (``redline eval quotes``).

The gold data are PolNeAR brat files (Newell et al., LREC 2018): a folder
holding ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``. Each
``.ann`` file has text-bound spans ``T<n>\\t<Label> <start> <end>[;<start>
<end>...]\\t<words>`` labelled ``Source``, ``Cue`` or ``Content`` (a
discontinuous span lists its fragments separated by ``;``), and relations
``E<n>\\tAttribution:T<a> Source:T<s> Cue:T<c> Content:T<x> [Content2:T<y>]``
(``Attribution-no-source`` when no source is written). ``Discard`` and
``Discuss`` spans are not attributions and are ignored.

A few articles were annotated by several annotators (to measure agreement):
the first annotation file in name order is scored, the others are counted
under ``skipped.extra_annotations``.

Metrics
-------
Each role (source, cue, content) is scored on its own: the predicted spans of
that role in one article are matched one-to-one with the gold spans of that
role (greedy: identical spans first, then the largest shared number of
characters, then the nearest starts) and the counts are summed over the
corpus (micro P/R/F1).

* ``*_f1`` (overlap matching): a predicted span matches a gold span when they
  share at least one character.
* ``content_exact_f1``: a content span matches only when it covers exactly the
  same letters and digits as the gold span. Punctuation, quotation marks and
  spaces are ignored because annotators differ on whether the quotation marks
  and the final comma belong to a quote; the words must be the same.

A span is a tuple of ``(start, end)`` fragments (quotes split by "he said"
are one content of two fragments).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence, Union

from redline.errors import EXIT_NO_INPUT, Errors, RedlineError
from redline.eval.metrics import PRF, match_one_to_one

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class Attribution:
    """One attribution relation: who (source), how (cue), what (content)."""

    source: Optional[Fragments]
    cue: Optional[Fragments]
    content: Optional[Fragments]

    def span(self, role: str) -> Optional[Fragments]:
        return getattr(self, role)


@dataclass
class GoldArticle:
    name: str
    text: str
    published: Optional[str]
    attributions: list[Attribution] = field(default_factory=list)


@dataclass
class GoldCorpus:
    articles: list[GoldArticle]
    extra_annotations: int = 0


# --- reading brat files ---------------------------------------------------------------------

def _fragments(offsets: str) -> Fragments:
    parts = []
    for piece in offsets.split(";"):
        start, end = piece.split()
        parts.append((int(start), int(end)))
    return tuple(sorted(parts))


def parse_ann(content: str) -> list[Attribution]:
    """The attribution relations of one brat ``.ann`` file."""
    spans: dict[str, tuple[str, Fragments]] = {}
    relations: list[list[tuple[str, str]]] = []
    for line in content.splitlines():
        if not line.strip():
            continue
        columns = line.split("\t")
        if line.startswith("T") and len(columns) >= 2:
            label, _, offsets = columns[1].partition(" ")
            spans[columns[0]] = (label, _fragments(offsets))
        elif line.startswith("E") and len(columns) >= 2:
            relations.append([tuple(arg.split(":", 1)) for arg in columns[1].split() if ":" in arg])
    attributions = []
    for arguments in relations:
        roles: dict[str, list[tuple[int, int]]] = {}
        for role, span_id in arguments:
            if span_id not in spans:
                continue
            label, fragments = spans[span_id]
            key = role.rstrip("0123456789").lower()
            if key in ROLES:
                roles.setdefault(key, []).extend(fragments)
        attributions.append(Attribution(**{role: tuple(sorted(roles[role])) if role in roles else None
                                           for role in ROLES}))
    return attributions


def _published(name: str) -> Optional[str]:
    # PolNeAR names are publisher_YYYY-MM-DD_slug.
    parts = name.split("_")
    return parts[1] if len(parts) > 2 and len(parts[1]) == 10 else None


def load_corpus(data: Union[str, Path], limit: Optional[int] = None) -> GoldCorpus:
    """Read a PolNeAR compartment folder (``text/`` and ``attributions/``)."""
    root = Path(data)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(root),
                           reason="expected a PolNeAR folder with text/ and attributions/ subfolders")
    annotations: dict[str, list[Path]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        annotations.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    articles, extra = [], 0
    for text_path in sorted(text_dir.glob("*.txt")):
        if limit is not None and len(articles) >= limit:
            break
        files = annotations.get(text_path.stem)
        if not files:
            continue
        extra += len(files) - 1
        try:
            text = text_path.read_text(encoding="utf-8")
            attributions = parse_ann(files[0].read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(files[0]), reason=str(exc)) from exc
        articles.append(GoldArticle(text_path.stem, text, _published(text_path.stem), attributions))
    if not articles:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(root),
                           reason="no text/*.txt file has an attributions/*.ann annotation")
    return GoldCorpus(articles, extra)


# --- matching ---------------------------------------------------------------------------------

def _shared(a: Fragments, b: Fragments) -> int:
    return sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in a for y in b)


def _letters(text: str, span: Fragments) -> frozenset[int]:
    return frozenset(i for start, end in span for i in range(start, end) if text[i].isalnum())


def match(gold: Sequence[Fragments], predicted: Sequence[Fragments], text: str = "",
          exact: bool = False) -> dict[int, int]:
    """One-to-one matching ``{gold index: predicted index}`` (see the module docstring)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            same = _letters(text, g) == _letters(text, p) if text else g == p
            shared = _shared(g, p)
            if (exact and same) or (not exact and shared > 0):
                pairs.append((not same, -shared, abs(g[0][0] - p[0][0]), gi, pi))
    return match_one_to_one(pairs)


def _count(prf: PRF, n_gold: int, n_predicted: int, n_matched: int) -> None:
    prf.tp += n_matched
    prf.fp += n_predicted - n_matched
    prf.fn += n_gold - n_matched


def _quoted(text: str, span: Optional[Fragments]) -> Optional[str]:
    return None if span is None else " … ".join(text[s:e] for s, e in span)


def score(articles: Sequence[GoldArticle], predictions: Sequence[Optional[list[Attribution]]]) -> tuple[dict, list]:
    """P/R/F1 per role over the corpus, and the error rows (missed and spurious spans)."""
    prfs = {role: PRF() for role in ROLES}
    exact = PRF()
    rows = []
    for article, predicted in zip(articles, predictions):
        predicted = predicted or []
        text = article.text
        for role in ROLES:
            gold_spans = [a.span(role) for a in article.attributions if a.span(role)]
            pred_spans = [a.span(role) for a in predicted if a.span(role)]
            matched = match(gold_spans, pred_spans)
            _count(prfs[role], len(gold_spans), len(pred_spans), len(matched))
            if role == "content":
                _count(exact, len(gold_spans), len(pred_spans),
                       len(match(gold_spans, pred_spans, text=text, exact=True)))
            for gi, g in enumerate(gold_spans):
                if gi not in matched:
                    rows.append({"article": article.name, "role": role, "kind": "missed", "start": g[0][0],
                                 "gold": _quoted(text, g)})
            used = set(matched.values())
            for pi, p in enumerate(pred_spans):
                if pi not in used:
                    rows.append({"article": article.name, "role": role, "kind": "spurious", "start": p[0][0],
                                 "predicted": _quoted(text, p)})
    report: dict = {}
    for role in ROLES:
        report.update(prfs[role].as_dict(role))
    report.update(exact.as_dict("content_exact"))
    report["gold_attributions"] = sum(len(a.attributions) for a in articles)
    report["predicted_attributions"] = sum(len(p or []) for p in predictions)
    rows.sort(key=lambda r: (r["article"], r["start"], r["role"], r["kind"]))
    return report, rows


# --- redline's predictions ---------------------------------------------------------------------

def _evidence_span(evidence) -> Optional[Fragments]:
    return None if evidence is None else ((evidence.start, evidence.end),)


def document_attributions(document) -> list[Attribution]:
    """A redline Document's quotes as attributions (the pronoun, not its antecedent, is the source span)."""
    attributions = []
    for quote in document.quotes:
        source = None
        if quote.speaker is not None:
            source = _evidence_span(quote.speaker.via or quote.speaker.evidence)
        parts = quote.parts or [quote.evidence]
        content = tuple(sorted((p.start, p.end) for p in parts))
        attributions.append(Attribution(source=source, cue=_evidence_span(quote.cue), content=content))
    return attributions


def redline_predictor(model: Optional[str] = None, kb: tuple[str, ...] = ()) -> Callable:
    def predict(articles: Sequence[GoldArticle]) -> tuple[list, int]:
        from redline.eval import run_documents
        from redline.nlp.loader import DEFAULT_MODEL

        documents, failed = run_documents([(a.text, a.published) for a in articles], model=model or DEFAULT_MODEL,
                                          kb=kb)
        return [document_attributions(d) if d is not None else None for d in documents], failed

    return predict


def evaluate_quotes(
    data: Union[str, Path],
    *,
    limit: Optional[int] = None,
    errors_path: Union[None, str, Path] = None,
    model: Optional[str] = None,
    kb: Iterable[str] = (),
    predictor: Optional[Callable] = None,
) -> dict:
    """Run redline (or ``predictor``: articles -> (attributions per article, failed)) on PolNeAR and score it."""
    corpus = load_corpus(data, limit=limit)
    predict = predictor or redline_predictor(model, tuple(kb))
    predictions, failed = predict(corpus.articles)
    report, rows = score(corpus.articles, predictions)
    if errors_path is not None:
        from redline.eval import write_jsonl

        write_jsonl(errors_path, rows)
    skipped = {"extra_annotations": corpus.extra_annotations} if corpus.extra_annotations else {}
    return {"data": str(data), "n": len(corpus.articles), "failed": failed, "skipped": skipped, **report}


__all__ = ["Attribution", "GoldArticle", "document_attributions", "evaluate_quotes", "load_corpus", "match",
           "parse_ann", "score"]
