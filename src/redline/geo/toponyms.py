"""Toponym recognition: which spans of the text name places.

The small spaCy model often tags Libyan towns ORG, FAC or PERSON, so the
named-entity label is only one witness. A span is a toponym when the tagger
calls it a place (GPE, LOC, FAC), when the actors stage resolved it to a
country or capital of the knowledge base, or to a name the text itself
introduces as a place ("in X", "the city of X", "X base", "west of X"), when
it is a demonym standing for a country ("Russian", "Turkish"), or when a
relative location describes it ("X lies 270 km west of Y").
"""

from __future__ import annotations

from redline.geo.relative import unlisted_places

PLACE_LABELS = {"GPE", "LOC", "FAC"}
TOPONYM_KB_PREFIXES = ("country:", "capital:")


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in ("the",) or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].text in ("'s", "’s")):
        end -= 1
    return start, end


def toponym_spans(state) -> list[tuple[int, int]]:
    """Token spans (start, end) of the toponyms of the document, in text order, without overlaps."""
    doc = state.doc
    kinds = {a.id: a.kind for a in state.output.actors}
    spans: list[tuple[int, int]] = []
    for ent in state.ents:
        if ent.label_ in PLACE_LABELS:
            spans.append(_trim(doc, ent.start, ent.end))
    for mention in state.mentions:
        ref = mention.ref
        kind = kinds.get(mention.actor_id)
        if ref.via is not None:
            continue
        if kind == "place" or (ref.kb_id or "").startswith(TOPONYM_KB_PREFIXES):
            spans.append(_trim(doc, *_name_span(doc, mention)))
    kb = state.kb
    for token in doc:
        # "American", "Russians": a demonym names its country.
        if (token.pos_ in ("ADJ", "PROPN", "NOUN") and token.text[:1].isupper()
                and kb is not None and kb.adjective(token.text) is not None):
            spans.append((token.i, token.i + 1))
    for ent in state.ents:
        if ent.label_ in ("ORG", "FAC", "NORP", "PERSON"):
            # "the Texas Department of Health", "Ohio State University": the place an institution is named for.
            inner = _leading_place(doc, ent, kb)
            if inner is not None:
                spans.append(inner)
    spans = _without_overlaps([s for s in spans if s[0] < s[1]])
    return _without_overlaps(spans + unlisted_places(doc, spans) + dateline_places(doc, spans))


DATELINE_MIN_POPULATION = 10000


def dateline_places(doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The place of a regional paper's dateline, which the tagger misses in lower case: one to three words
    opening a line and followed by a colon ("ahmedabad: police fired ...", "new delhi: the home ministry
    ..."), when they are exactly the name of a town or area of at least 10,000 people."""
    from redline.geo.gazetteer import load_gazetteer

    covered = {i for s, e in spans for i in range(s, e)}
    found = []
    for token in doc:
        if token.text != ":" or token.i == 0:
            continue
        start = token.i
        while start > 0 and token.i - start < 3 and doc[start - 1].is_alpha and not doc[start - 1].is_space:
            start -= 1
        if start == token.i or covered.intersection(range(start, token.i)):
            continue
        if start > 0 and "\n" not in doc[start - 1].text_with_ws and not doc[start - 1].is_space:
            continue  # not at the start of a line
        name = doc[start:token.i].text
        if any(p.name.lower() == name.lower() and (p.population or 0) >= DATELINE_MIN_POPULATION
               for p in load_gazetteer().lookup(name)):
            found.append((start, token.i))
    return found


def _leading_place(doc, ent, kb) -> tuple[int, int] | None:
    """The leading words of an organization's name when they name a country or a first-level area."""
    if kb is None or len(ent) < 2:
        return None
    from redline.geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
    for n in (3, 2, 1):
        end = start + n
        if end >= ent.end or not all(t.pos_ == "PROPN" for t in doc[start:end]):
            continue
        words = [t.text for t in doc[start:end]]
        hit = kb.match_name(words)
        if hit is not None and hit[0] == n and hit[1].kind in ("country", "capital"):
            return start, end
        name = doc[start:end].text
        if any(p.feature_code in ("ADM1", "PCLI") and p.name == name for p in gazetteer.lookup(name)):
            return start, end
    return None


def _name_span(doc, mention) -> tuple[int, int]:
    """The words of a mention that are the name itself ("Libya", not "western Libya's")."""
    start, end = mention.start, mention.end
    head = mention.head
    while start < head and not (doc[start].pos_ == "PROPN" or doc[start].text[:1].isupper()):
        start += 1
    return start, end


def _without_overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0]))):
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end))
    return chosen
