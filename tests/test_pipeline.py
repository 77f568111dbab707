"""The pipeline end to end: events, evidence, determinism, the output contract."""

from __future__ import annotations

import json

import pytest

from conftest import BUNDLED_EXAMPLE, codes, events_of

PRONOUNS = {"he", "she", "him", "her", "it", "they", "them", "its", "their", "his", "who", "which"}


def test_every_evidence_span_points_at_its_words(example_doc):
    text = example_doc.document.text
    spans = []
    for e in example_doc.events:
        spans += [e.trigger, e.evidence] + [a.evidence for a in e.source + e.target]
        spans += [a.via for a in e.source + e.target if a.via is not None]
    for a in example_doc.actors:
        spans += a.mentions
    assert spans
    for ev in spans:
        assert text[ev.start:ev.end] == ev.text
        sentence = example_doc.sentences[ev.sentence]
        assert sentence.start <= ev.start and ev.end <= sentence.end


def test_no_event_has_a_pronoun_as_its_source(example_doc):
    for e in example_doc.events:
        for ref in e.source:
            assert ref.text.lower() not in PRONOUNS, (e.trigger.text, ref)


def test_example_article_turkish_drone_attack_on_sirte(example_doc):
    assaults = events_of(example_doc, "ASSAULT")
    assert any("TUR" in codes(e.source) and any(t.name == "Sirte" for t in e.target) for e in assaults)


def test_example_article_lna_air_raids(example_doc):
    raids = [e for e in events_of(example_doc, "ASSAULT") if "raid" in e.trigger.text.lower()]
    assert raids
    assert any("LBY" in codes(e.source) and any("Libyan National Army" in r.name for r in e.source) for e in raids)


def test_example_article_misrata_withdrawal(example_doc):
    retreats = events_of(example_doc, "RETREAT")
    assert any(any("Misrata" in r.text for r in e.source) and "withdraw" in e.trigger.text for e in retreats)


def test_example_article_bashagha_rejects_ceasefire_calls(example_doc):
    rejects = events_of(example_doc, "REJECT")
    hit = [e for e in rejects if any(r.name == "Fathi Bashagha" for r in e.source)]
    assert hit
    ref = next(r for r in hit[0].source if r.name == "Fathi Bashagha")
    assert (ref.code, ref.sector) == ("LBY", "GOV")
    assert "ceasefire" in hit[0].evidence.text


def test_example_article_russian_red_line_about_sirte(example_doc):
    threats = events_of(example_doc, "THREATEN")
    assert any("RUS" in codes(e.source) and any(t.name == "Sirte" for t in e.target) for e in threats)


def test_words_inside_names_are_not_events(example_doc):
    assert not [e for e in example_doc.events if e.trigger.text == "Accord"]


def test_passive_event_noun_gives_source_and_target(extract):
    doc = extract("On Sunday, the city of Sirte was subjected to another attack by Turkish drones.")
    (event,) = events_of(doc, "ASSAULT")
    assert codes(event.source) == {"TUR"}
    assert event.source[0].sector == "MIL"
    assert [t.name for t in event.target] == ["Sirte"]


def test_several_events_in_one_sentence(extract):
    doc = extract("Egypt condemned the raid, and Israel withdrew its troops from the border town.")
    types = {e.type for e in doc.events}
    assert {"ACCUSE", "RETREAT"} <= types


def test_negation_future_and_hypothetical_are_marked(extract):
    doc = extract("Russia did not attack the port. Iran will impose sanctions on Britain. "
                  "France could send troops if the rebels attack.")
    by_sentence = {e.evidence.sentence: e for e in doc.events}
    assert by_sentence[0].type == "ASSAULT" and by_sentence[0].negated
    # An announced coercive act is a threat in PLOVER, and it lies in the future.
    assert by_sentence[1].type == "THREATEN" and by_sentence[1].future
    assert by_sentence[2].hypothetical


def test_same_input_gives_byte_identical_json(extract):
    text = BUNDLED_EXAMPLE.read_text(encoding="utf-8")
    first = extract(text, published="2021-03-15").model_dump_json()
    second = extract(text, published="2021-03-15").model_dump_json()
    assert first == second


def test_events_carry_plover_quad_score_and_date(extract):
    doc = extract(BUNDLED_EXAMPLE.read_text(encoding="utf-8"), published="2021-03-15")
    assert doc.events
    for e in doc.events:
        assert -10 <= e.score <= 10 and e.quad
        assert e.date is not None
        if e.date.basis == "publication":
            assert e.date.end == "2021-03-15"
        else:  # dated by a time expression of the text, never after publication here
            assert e.date.evidence is not None and e.date.value <= "2021-03-15"


def test_output_contract_keys(extract):
    data = json.loads(extract("Turkey attacked Syria.", published="2020-01-01").model_dump_json())
    assert set(data) >= {"document", "events", "actors", "places", "quotes", "commitments"}
    assert set(data["document"]) >= {"id", "title", "published", "source", "url"}
    event = data["events"][0]
    for key in ("id", "type", "modes", "contexts", "source", "target", "location", "date", "negated",
                "hypothetical", "future", "quad", "score", "confidence", "evidence"):
        assert key in event
    assert set(event["source"][0]) >= {"text", "name", "code", "sector", "kb_id"}


def test_bad_publication_date_is_a_clear_error(extract):
    from redline.errors import RedlineError

    with pytest.raises(RedlineError) as info:
        extract("Turkey attacked Syria.", published="08/06/2020")
    assert info.value.code == "E110"


def test_long_documents_are_parsed_in_pieces_with_exact_offsets(extract):
    from redline.nlp.stage import CHUNK_CHARS, chunks

    paragraph = "Turkish drones struck the town of Qasr Bouzid in Libya on Sunday.\n\n"
    text = paragraph * (CHUNK_CHARS // len(paragraph) + 40)
    pieces = chunks(text)
    assert len(pieces) >= 2 and "".join(pieces) == text
    assert all(len(p) <= CHUNK_CHARS for p in pieces)
    doc = extract(text)
    assert len(doc.events) == text.count("struck")
    for e in doc.events:
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text == "struck"


def test_api_reads_the_dateline_when_no_date_is_given(extract):
    doc = extract("Tripoli clashes\n\nMonday 08/06/2020\n\nTurkish drones struck Sirte on Sunday.")
    assert doc.document.published == "2020-06-08"
    assert doc.document.published_basis == "dateline"
    assert doc.events[0].date.end == "2020-06-08"


def test_example_article_gna_militias_attack_on_sirte_and_their_losses(example_doc):
    attacks = [e for e in events_of(example_doc, "ASSAULT") if "heavy losses" in e.evidence.text
               and "attack on Sirte" in e.evidence.text]
    attack = next(e for e in attacks if e.trigger.text == "attack")
    assert [r.text for r in attack.source] == ["GNA militias"] and [r.name for r in attack.target] == ["Sirte"]
    losses = next(e for e in attacks if e.trigger.text == "losses")
    # the militias suffered the losses: they are the target; who inflicted them the sentence leaves unsaid
    assert losses.source[0].implicit and losses.target[0].sector == "REB"
