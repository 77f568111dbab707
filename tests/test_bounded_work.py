"""Work grows linearly with the input: long runs of punctuation and long articles with many dates.
Measured by counting the work done, not by timing it (timings belong in benchmarks/)."""

from __future__ import annotations

import pytest

from redline.nlp.tokenizer import RUN_LIMIT, BoundedTokenizer


def test_a_long_run_without_spaces_is_tokenized_in_bounded_pieces_with_its_text_unchanged():
    from redline.nlp.loader import load_pipeline

    nlp = load_pipeline()
    assert isinstance(nlp.tokenizer, BoundedTokenizer)
    seen: list[int] = []
    inner = nlp.tokenizer.tokenizer

    class Counting:
        def __call__(self, text):
            seen.append(len(text))
            return inner(text)

    bounded = BoundedTokenizer(Counting())
    text = "Turkish drones struck Sirte. " + '"' * 5000 + " Rebels withdrew."
    doc = bounded(text)
    assert doc.text == text and [t.idx for t in doc] == sorted(t.idx for t in doc)
    assert max(seen) <= max(RUN_LIMIT, len("Turkish drones struck Sirte. "), len(" Rebels withdrew."))
    assert bounded("Turkish drones struck Sirte.").text == "Turkish drones struck Sirte."


@pytest.mark.parametrize("module", ["redline.time.dating"])
def test_dating_an_article_asks_for_date_windows_in_proportion_to_its_length(extract, monkeypatch, module):
    import importlib

    dating = importlib.import_module(module)
    calls = {"n": 0}
    real = dating.window

    def counted(value):
        calls["n"] += 1
        return real(value)

    monkeypatch.setattr(dating, "window", counted)
    paragraph = ("On Monday, government forces shelled the town. On Tuesday, rebels withdrew from the hills. "
                 "Police arrested 12 protesters on Wednesday. ")
    counts = []
    for repeats in (20, 80):
        calls["n"] = 0
        extract(paragraph * repeats, published="2021-03-08")
        counts.append(calls["n"])
    assert counts[1] <= 5 * counts[0], counts  # four times the text, about four times the work
