"""Casualty counts: the number, range or vague quantity of people an event killed, injured,
arrested, kidnapped or displaced, on the event it belongs to."""

from __future__ import annotations

import pytest

from redline.numbers import cardinal, quantity


def _counts(doc, kind=None):
    return [(e, c) for e in doc.events for c in e.casualties if kind is None or c.kind == kind]


def _only(doc, kind):
    found = _counts(doc, kind)
    assert len(found) == 1, [(e.trigger.text, c) for e, c in found]
    return found[0]


@pytest.mark.parametrize("words, value", [
    ("1,300", 1300), ("twenty - five", 25), ("two hundred", 200), ("2.5 million", 2_500_000),
    ("three thousand five hundred", 3500), ("a dozen", 12), ("eleven", 11),
])
def test_number_words_become_numbers(words, value):
    assert cardinal(words.split()) == value


def test_quantities_keep_their_hedge_range_or_vagueness():
    assert quantity("at least 8".split()) == (8, None, "at_least", None)
    assert quantity("between 10 and 15".split()) == (10, 15, None, None)
    assert quantity("some 40".split()) == (40, None, "about", None)
    assert quantity(["dozens"]).vague == "dozens" and quantity(["dozens"]).low is None
    assert quantity(["the"]) is None


def test_an_attack_that_killed_and_wounded_carries_both_counts_with_victims(extract):
    doc = extract("Artillery fire by army units killed nine civilians and wounded another 23 near the dam on Sunday.",
                  published="2021-03-08")
    event, killed = _only(doc, "killed")
    assert (killed.value, killed.total, killed.vague) == (9, False, False)
    assert killed.victims is not None and killed.victims.sector == "CVL"
    assert doc.document.text[killed.evidence.start:killed.evidence.end] == killed.evidence.text
    assert "nine" in killed.evidence.text
    injured_event, injured = _only(doc, "injured")
    assert injured.value == 23 and injured_event.id == event.id


def test_a_range_and_a_hedge_are_kept_not_averaged(extract):
    doc = extract("Between 12 and 20 soldiers died when rebels ambushed their convoy.", published="2021-03-08")
    _event, count = _only(doc, "killed")
    assert (count.value, count.high) == (12, 20)
    doc = extract("Militants stormed the police post, killing at least six officers.", published="2021-03-08")
    _event, count = _only(doc, "killed")
    assert (count.value, count.qualifier) == (6, "at_least")


def test_a_cumulative_total_is_marked_and_kept_apart_from_the_days_count(extract):
    doc = extract("A drone strike on the market killed 14 people on Friday, bringing the death toll from the "
                  "offensive to 230.", published="2021-03-08")
    counts = sorted((c.value, c.total) for _e, c in _counts(doc, "killed"))
    assert counts == [(14, False), (230, True)]
    doc = extract("Rebels shelled the suburbs, where more than 400 civilians have been killed since the siege began.",
                  published="2021-03-08")
    _event, count = _only(doc, "killed")
    assert count.total and count.value == 400 and count.qualifier == "more_than"


def test_a_vague_count_has_no_number_made_up(extract):
    doc = extract("Government troops attacked the rebel stronghold and the rebels suffered heavy casualties.",
                  published="2021-03-08")
    _event, count = _only(doc, "casualties")
    assert count.vague and count.value is None and count.quantity == "heavy"
    doc = extract("Security forces fired on demonstrators, and dozens were injured.", published="2021-03-08")
    _event, count = _only(doc, "injured")
    assert count.vague and count.value is None and count.quantity == "dozens"


def test_nobody_hurt_is_a_zero_count_not_a_missing_one(extract):
    doc = extract("Insurgents fired two rockets at the airbase. No one was injured.", published="2021-03-08")
    _event, count = _only(doc, "injured")
    assert count.value == 0 and not count.vague


def test_counts_in_a_sentence_with_two_events_go_to_the_event_they_belong_to(extract):
    doc = extract("Police arrested 40 protesters in the capital, while gunmen abducted three engineers in the south.",
                  published="2021-03-08")
    arrest_event, arrested = _only(doc, "arrested")
    abduct_event, kidnapped = _only(doc, "kidnapped")
    assert arrested.value == 40 and kidnapped.value == 3
    assert arrest_event.id != abduct_event.id
    assert "arrested" in arrest_event.trigger.text and "abducted" in abduct_event.trigger.text


def test_a_count_of_its_own_sentence_goes_to_the_attack_before_it(extract):
    doc = extract("Gunmen attacked a village in the north on Tuesday. Seven deaths were reported.",
                  published="2021-03-08")
    event, count = _only(doc, "killed")
    assert count.value == 7 and event.type == "ASSAULT" and event.evidence.sentence == 0


def test_one_named_victim_is_one_and_a_group_is_not(extract):
    doc = extract("A journalist was shot dead by unidentified gunmen outside his home.", published="2021-03-08")
    _event, count = _only(doc, "killed")
    assert count.value == 1
    doc = extract("Gunmen killed a Norwegian at the border crossing on Monday.", published="2021-03-08")
    _event, count = _only(doc, "killed")
    assert count.value == 1  # a demonym names a country's actor, and one person
    doc = extract("Militiamen killed a family of five in a raid on the village.", published="2021-03-08")
    _event, count = _only(doc, "killed")
    assert count.value == 5


def test_a_crime_or_disaster_toll_gives_no_event_and_so_no_count(extract):
    doc = extract("The earthquake killed 120 people and left thousands homeless.", published="2021-03-08")
    assert _counts(doc) == []


def test_the_example_articles_heavy_losses_are_a_vague_count_on_the_militias_attack(example_doc):
    found = [(e, c) for e, c in _counts(example_doc) if "losses" in c.evidence.text]
    assert found, "no count for the heavy losses"
    event, count = found[0]
    assert count.vague and count.value is None and count.kind in ("killed", "casualties")
    assert event.type == "ASSAULT" and event.trigger.text == "attack"
    assert any("militias" in s.text.lower() for s in event.source)


def test_a_user_adds_count_words_without_copying_the_bundled_file(tmp_path, monkeypatch):
    import json

    from redline.datafiles import layered_json

    (tmp_path / "casualties.json").write_text(json.dumps({"kinds": {"killed": {"verbs": ["liquidate"]}}}),
                                              encoding="utf-8")
    monkeypatch.setenv("REDLINE_HOME", str(tmp_path))
    killed = layered_json("casualties.json")["kinds"]["killed"]
    assert "liquidate" in killed["verbs"] and "kill" in killed["verbs"]  # added to, not replaced
    assert killed["nouns"]  # the rest of the bundled table is kept


def test_a_year_is_not_a_count_of_people(extract):
    doc = extract("Gunmen attacked the police station on Monday, a raid that recalled the 1999 shooting death of "
                  "a mayor.", published="2021-03-08")
    assert all(c.value != 1999 for _e, c in _counts(doc))
    assert any(e.type == "ASSAULT" for e in doc.events)


def test_this_years_toll_is_a_total_and_a_number_of_is_vague(extract):
    doc = extract("Rebels ambushed a patrol in the hills on Friday, killing four soldiers. More than 90 soldiers "
                  "have been killed in the region this year.", published="2021-03-08")
    counts = sorted((c.value, c.total) for _e, c in _counts(doc, "killed"))
    assert counts == [(4, False), (90, True)]
    doc = extract("Drone strikes on the valley killed a number of insurgents, the army said.", published="2021-03-08")
    assert [(c.value, c.vague) for _e, c in _counts(doc, "killed")] == [(None, True)]


def test_no_injuries_or_deaths_is_zero_of_both(extract):
    doc = extract("Gunmen fired on the convoy near the border; no injuries or deaths were reported.",
                  published="2021-03-08")
    found = {c.kind: c.value for _e, c in _counts(doc)}
    assert found == {"injured": 0, "killed": 0}


def test_counts_on_notes_written_for_the_purpose_do_not_drop(extract):
    # tests/fixtures/casualties/README.md says how the notes were made; 0.905 of killed counts exact when
    # this floor was set
    import json
    from pathlib import Path

    from redline.store.rows import own_count

    path = Path(__file__).parent / "fixtures" / "casualties" / "notes.jsonl"
    right = total = political_noise = 0
    for item in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        doc = extract(item["text"], published=item["published"])
        counts = [c for e in doc.events if not e.negated for c in e.casualties]
        killed = own_count(counts, "killed")
        vague = any(c.vague for c in counts if c.kind == "killed")
        if item.get("not_political"):
            political_noise += bool(killed) or vague
            continue
        total += 1
        right += killed == item["killed"] if item["killed"] != 0 else killed in (0, None) and not vague
    assert political_noise == 0
    assert right / total >= 0.87, f"{right}/{total}"
