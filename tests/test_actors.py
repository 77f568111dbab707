"""Actor resolution: knowledge base, titles, appositions, acronyms, coreference."""

from __future__ import annotations

import json

import pytest


def actor_named(doc, name):
    found = [a for a in doc.actors if a.name == name]
    assert found, f"no actor {name!r} in {[a.name for a in doc.actors]}"
    return found[0]


def test_country_names_adjectives_and_capitals_resolve(extract):
    doc = extract("Turkish drones struck the town. Ankara denied it. The Kremlin criticized Britain.")
    by_text = {m.text: a for a in doc.actors for m in a.mentions}
    assert by_text["Turkish drones"].code == "TUR" and by_text["Turkish drones"].sector == "MIL"
    assert by_text["Ankara"].code == "TUR" and by_text["Ankara"].sector == "GOV"
    assert by_text["Kremlin"].code == "RUS"
    assert by_text["Britain"].code == "GBR"


def test_title_and_possessive_give_person_role_and_country(extract):
    text = ("Tripoli's interior minister Khaled Mansour spoke on Monday. "
            "Mansour said the talks had failed, and he left.")
    doc = extract(text)
    person = actor_named(doc, "Khaled Mansour")
    assert person.kind == "person"
    assert person.code == "LBY" and person.sector == "GOV"
    assert "interior minister" in person.roles
    # The surname alone and the pronoun are the same person.
    mention_texts = [m.text for m in person.mentions]
    assert "Mansour" in mention_texts and "he" in mention_texts


def test_acronym_is_learned_from_the_full_name(extract):
    text = ("The Libyan National Army said on Monday it repelled the attack. "
            "The Sudan Liberation Movement denied the claim, and the SLM said it would respond.")
    doc = extract(text)
    slm = actor_named(doc, "Sudan Liberation Movement")
    assert any(m.text == "SLM" for m in slm.mentions)
    assert slm.code == "SDN"


def test_place_introduced_by_preposition_is_not_a_person(extract):
    doc = extract("Fighters withdrew to the village of Qasr Bouzid after clashes in Qasr Bouzid.")
    kinds = {a.name: a.kind for a in doc.actors}
    assert kinds.get("Qasr Bouzid") == "place"


def test_user_knowledge_base_adds_actors(extract, tmp_path):
    kb = tmp_path / "kb.json"
    kb.write_text(json.dumps({"actors": [
        {"id": "ARN", "name": "Arnor", "aliases": ["Arnor"], "code": "ARN", "kind": "organization"}]}))
    doc = extract("Arnor attacked the border post.", kb=(str(kb),))
    assert any(a.code == "ARN" for a in doc.actors)


def test_a_text_without_actors_gives_empty_lists_and_an_empty_one_is_refused(extract):
    from redline.errors import RedlineError

    doc = extract("12345")
    assert doc.actors == [] and doc.events == []
    for empty in ("", "   "):
        with pytest.raises(RedlineError, match="E101"):  # as `redline extract` refuses an empty file
            extract(empty)


def test_a_foreign_force_does_not_decide_where_an_unknown_town_lies(extract):
    doc = extract("On Sunday, the city of Qasr Bouzid was subjected to another attack by Turkish drones.")
    town = actor_named(doc, "Qasr Bouzid")
    assert town.kind == "place" and town.code is None
    doc = extract("Turkish drones struck the city of Qasr Bouzid in Libya.")
    assert actor_named(doc, "Qasr Bouzid").code == "LBY"
