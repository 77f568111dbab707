"""Quotes and reported speech: redline against textacy's direct-quotation extractor, on PolNeAR.

Both systems are scored in the same run, on the same files, by the same
scorer (``redline.eval.quotes``: overlap P/R/F1 for source, cue and content
spans, exact-words F1 for content).

textacy (``textacy.extract.triples.direct_quotations``) is run at its best:

* paragraph by paragraph (on a whole article it gives up on the remaining
  text as soon as the quotation marks are unbalanced), each paragraph parsed
  with the same spaCy pipeline redline uses;
* the triples a quote split by its attribution produces ("A," he said, "B")
  merged into one attribution (same paragraph, same cue tokens) with a
  two-fragment content, as PolNeAR annotates it.

textacy is an optional dependency (``pip install 'redline[benchmark]'``).

    python benchmarks/quotes_vs_textacy.py                     # PolNeAR dev, table
    python benchmarks/quotes_vs_textacy.py --limit 20 --json
    python benchmarks/quotes_vs_textacy.py --data DIR          # any PolNeAR-format folder
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "quotes" / "dev"
METRICS = ("source_f1", "cue_f1", "content_f1", "content_exact_f1",
           "source_precision", "source_recall", "cue_precision", "cue_recall",
           "content_precision", "content_recall", "content_exact_precision", "content_exact_recall")


def paragraphs(text: str):
    """``(offset, paragraph)`` for every non-blank line of the text."""
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


def textacy_attributions(nlp, text: str):
    from textacy.extract.triples import direct_quotations

    from redline.eval.quotes import Attribution

    found = []
    for offset, paragraph in paragraphs(text):
        doc = nlp(paragraph)
        merged: dict[tuple, list] = {}
        order = []
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # noqa: BLE001 - textacy raises on some unbalanced paragraphs; count them as found nothing
            triples = []
        for triple in triples:
            key = tuple(t.i for t in triple.cue)
            if key not in merged:
                merged[key] = [triple.speaker, triple.cue, []]
                order.append(key)
            merged[key][2].append(triple.content)

        def fragments(tokens):
            spans = sorted((offset + t.idx, offset + t.idx + len(t.text)) for t in tokens)
            return tuple(spans) if spans else None

        for key in order:
            speaker, cue, contents = merged[key]
            content = tuple(sorted((offset + c.start_char, offset + c.end_char) for c in contents))
            found.append(Attribution(source=fragments(speaker), cue=fragments(cue), content=content or None))
    return found


def textacy_predictor(model: str):
    def predict(articles):
        from redline.nlp.loader import load_pipeline

        nlp = load_pipeline(model)
        return [textacy_attributions(nlp, a.text) for a in articles], 0

    return predict


def main(argv=None) -> int:
    from redline.eval.quotes import evaluate_quotes
    from redline.nlp.loader import DEFAULT_MODEL

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PolNeAR folder (text/, attributions/)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    args = parser.parse_args(argv)
    try:
        import textacy  # noqa: F401
    except ImportError:
        sys.stderr.write("textacy is not installed: pip install 'redline[benchmark]'\n")
        return 1
    reports = {}
    for name, predictor in (("redline", None), ("textacy", textacy_predictor(args.model))):
        started = time.perf_counter()
        reports[name] = evaluate_quotes(args.data, limit=args.limit, model=args.model, predictor=predictor)
        reports[name]["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        sys.stdout.write(json.dumps(reports, indent=2, sort_keys=True) + "\n")
        return 0
    print(f"PolNeAR {args.data} ({reports['redline']['n']} articles, "
          f"{reports['redline']['gold_attributions']} gold attributions)")
    print(f"{'metric':<26}{'redline':>10}{'textacy':>10}{'diff':>10}")
    for metric in METRICS + ("predicted_attributions", "seconds"):
        r, t = reports["redline"][metric], reports["textacy"][metric]
        print(f"{metric:<26}{r:>10}{t:>10}{round(r - t, 4):>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
