"""Quotation spans found from the quotation marks of the raw text.

Curly marks (“ ”, « ») pair by direction; straight double quotes pair by
position (an opening one starts a word, the next one closes it). Single quotes
are left alone: at the top level they are mostly scare quotes or apostrophes,
and inside a double-quoted quote they are part of it. A quote still open at
the end of a paragraph ends there (the newspaper convention for a quote that
runs over several paragraphs, each reopened with a mark).
"""

from __future__ import annotations

OPENING = {"“": "”", "«": "»", "„": "“"}
STRAIGHT = '"'
_BEFORE_OPENING = set(" \t\n([{—–-/:;,") | set(OPENING)


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every top-level quotation, marks included, in text order."""
    spans: list[tuple[int, int]] = []
    opened_at, closing = -1, ""
    # Two apostrophes stand for a double quote in some wire copy (''makes me smart,''): read them as one.
    text = text.replace("''", '"\x00')
    for i, ch in enumerate(text):
        if ch == "\n":
            if opened_at >= 0:
                end = i
                while end > opened_at + 1 and text[end - 1].isspace():
                    end -= 1
                spans.append((opened_at, end))
            opened_at, closing = -1, ""
            continue
        if opened_at < 0:
            if ch in OPENING:
                opened_at, closing = i, OPENING[ch]
            elif ch == "”" and (i == 0 or text[i - 1] == "\n") and i + 1 < len(text) and text[i + 1].isalnum():
                opened_at, closing = i, "”"  # a closing mark typed for the opening one, at a line start
            elif ch == STRAIGHT and (i == 0 or text[i - 1] in _BEFORE_OPENING) and i + 1 < len(text) \
                    and not text[i + 1].isspace():
                opened_at, closing = i, STRAIGHT
        elif ch == closing:
            spans.append((opened_at, i + 1))
            opened_at, closing = -1, ""
        elif ch in OPENING and closing != STRAIGHT and ch != closing:
            # A new opening mark before the closing one: the first quote lost its closing mark.
            spans.append((opened_at, i))
            opened_at, closing = i, OPENING[ch]
    if opened_at >= 0:
        spans.append((opened_at, len(text.rstrip())))
    return [(s, e) for s, e in spans if e - s > 2]


def inner(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span without its quotation marks, surrounding spaces and trailing comma."""
    start, end = span
    while start < end and (text[start] in OPENING or text[start] in "”»\"'" or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in "”»\"“,;:'" or text[end - 1].isspace()):
        end -= 1
    return start, end
