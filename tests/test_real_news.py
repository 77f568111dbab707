"""Event coding on the kinds of text real conflict news is made of: unnamed and sector-only actors,
nominal and passive events, lower-case and mis-decoded text, and sentences that only sound violent.

The sentences are written for these tests; none comes from an evaluation set.
"""

from __future__ import annotations

import json

import pytest

from conftest import events_of


def _sources(event):
    return [(r.sector, r.code, r.implicit) for r in event.source]


def test_a_sector_only_actor_takes_the_country_of_the_events_place(extract):
    doc = extract("Gunmen shot dead two policemen in Benghazi on Sunday.", published="2012-05-14")
    (attack,) = events_of(doc, "ASSAULT")
    (source,) = attack.source
    assert (source.sector, source.code, source.code_basis) == ("UAF", "LBY", "event_place")
    assert source.name == "Unidentified Armed Group (Libya)" and source.text == "Gunmen"
    assert not source.implicit


def test_a_passive_without_agent_implies_an_unidentified_attacker(extract):
    doc = extract("Three soldiers were killed near Misrata on Tuesday.", published="2011-05-10")
    (attack,) = events_of(doc, "ASSAULT")
    (source,) = attack.source
    assert source.implicit and source.sector == "UAF" and source.code == "LBY"
    # The implied actor points at the words that imply it, and says how its country was found.
    assert source.evidence.text == attack.trigger.text == "killed"
    assert source.code_basis == "event_place"
    assert attack.provenance.arguments == ["implicit agent"]
    named = events_of(extract("Rebels killed three soldiers near Misrata on Tuesday.", published="2011-05-10"),
                      "ASSAULT")[0]
    assert attack.confidence < named.confidence  # less sure than the same event with its doer named


def test_arrests_without_agent_are_police_and_protests_without_agent_are_protesters(extract):
    doc = extract("Dozens of opposition supporters were detained in Lahore. A protest against fuel prices was held "
                  "in Karachi.",
                  published="2019-07-01")
    (arrest,) = events_of(doc, "COERCE")
    assert arrest.modes == ["arrest"] and _sources(arrest) == [("COP", "PAK", True)]
    (protest,) = events_of(doc, "PROTEST")
    assert protest.source[0].name == "Protesters (Pakistan)" and protest.source[0].implicit


@pytest.mark.parametrize("text", [
    "An earthquake struck the mountain villages, killing 300 people.",
    "Floods killed 40 people and displaced thousands in the delta.",
    "Anyone found outside after dark would be arrested, officials warned.",
    "The army was deployed to prevent an attack on the refinery.",
])
def test_no_attacker_is_invented_where_the_doer_is_no_actor_or_the_act_did_not_happen(extract, text):
    doc = extract(text, published="2020-01-01")
    assert not [e for e in doc.events if any(r.implicit for r in e.source)]
    assert not events_of(doc, "ASSAULT")


@pytest.mark.parametrize("text", [
    "A gas cylinder exploded in a restaurant kitchen in Lahore, injuring six waiters.",
    "Six workers were injured when a boiler exploded at a textile mill in Faisalabad.",
    "Loud blasts were heard at the fireworks factory after the fire spread.",
])
def test_an_explosion_with_no_weapon_and_no_armed_side_is_an_accident(extract, text):
    doc = extract(text, published="2021-03-01")
    assert not [e for e in doc.events if e.quad == "material_conflict"]


def test_an_explosion_tied_to_a_weapon_or_an_attack_still_implies_an_attacker(extract):
    doc = extract("A roadside bomb exploded near a checkpoint in Kandahar, killing two soldiers.",
                  published="2010-05-01")
    (attack,) = events_of(doc, "ASSAULT")
    assert attack.source[0].implicit and attack.source[0].code == "AFG"
    # the explosion the sentence before told of keeps its weapon
    doc = extract("Militants planted a bomb under a bridge in Gao. The blast killed two civilians and a shepherd.",
                  published="2019-02-01")
    assert len(events_of(doc, "ASSAULT")) == 2


def test_a_weapon_planted_by_someone_is_their_attack(extract):
    doc = extract("Two farmers were wounded by a landmine planted by the Taliban near Kunduz.", published="2012-06-01")
    (attack,) = events_of(doc, "ASSAULT")
    assert [r.name for r in attack.source] == ["Taliban"] and not attack.source[0].implicit


def test_death_in_police_firing_is_a_police_killing(extract):
    doc = extract("mehsana: three persons died in police firing on a mob at the bus stand on friday.",
                  published="2002-03-01")
    (attack,) = events_of(doc, "ASSAULT")
    assert attack.source[0].sector == "COP" and not attack.source[0].implicit


@pytest.mark.parametrize("text", [
    "Customs officers arrested four smugglers at the port of Mombasa on Tuesday.",
    "Police detained a gang that had been stealing motorcycles in the suburbs.",
    "The shopkeeper was shot dead during an attempted robbery in Johannesburg, police said.",
    "A bank clerk was charged with fraud and theft on Monday.",
])
def test_ordinary_crime_is_not_political_event_data(extract, text):
    doc = extract(text, published="2021-03-01")
    assert not [e for e in doc.events if e.type in ("ASSAULT", "COERCE")]


def test_violence_against_people_accused_of_crime_and_seized_arms_stay_events(extract):
    doc = extract("A mob lynched a man accused of cattle theft in Alwar.", published="2018-07-21")
    assert events_of(doc, "ASSAULT")
    doc = extract("Police seized rifles and drugs in a raid on a militia hideout in Basra.", published="2018-07-21")
    assert events_of(doc, "COERCE")
    doc = extract("Rebels smuggling weapons across the border were arrested by the army.", published="2018-07-21")
    assert events_of(doc, "COERCE")


@pytest.mark.parametrize("text, type_", [
    ("Army units win control of a small river town after two days of fighting.", "ASSAULT"),
    ("Insurgents gain ground in the eastern districts.", "ASSAULT"),
    ("Government troops make further gains toward the rebel-held port.", "ASSAULT"),
    ("Militia fighters hold full control of the airport.", "COERCE"),
    ("Rebel forces lose control of the border crossing.", "RETREAT"),
])
def test_ground_won_held_and_lost_in_coder_notes(extract, text, type_):
    doc = extract(text, published="2015-04-02")
    assert events_of(doc, type_)


def test_ground_gained_by_anyone_but_an_armed_side_is_no_battle(extract):
    doc = extract("The opposition party gained ground in the polls.", published="2015-04-02")
    assert not [e for e in doc.events if e.quad == "material_conflict"]


def test_a_headline_participle_is_a_passive(extract):
    doc = extract("Two soldiers wounded in an ambush near Gao.", published="2019-02-01")
    (attack,) = events_of(doc, "ASSAULT")
    assert attack.source[0].implicit and [r.sector for r in attack.target][:1] == ["MIL"]


def test_the_country_hint_never_overrides_what_the_text_says(extract):
    doc = extract("Government forces shelled rebel positions in Aleppo on Monday.", published="2012-02-06",
                  country="LBY")
    (attack,) = events_of(doc, "ASSAULT")
    assert attack.location.country == "SYR" and attack.source[0].code == "SYR"
    # and ambiguous names lean towards the hinted country
    assert [p.country for p in extract("Clashes erupted in Hyderabad.", published="2012-02-06").places] == ["IND"]
    doc = extract("Clashes erupted in Hyderabad.", published="2012-02-06", country="PAK")
    assert [p.country for p in doc.places] == ["PAK"]


@pytest.mark.parametrize("text, source_sector, target_sector", [
    ("Insurgents battle police units in the old town.", "REB", "COP"),
    ("Army units shell rebel positions outside Kismayo.", "MIL", "REB"),
])
def test_headline_present_tense_verbs_the_tagger_reads_as_nouns(extract, text, source_sector, target_sector):
    doc = extract(text, published="2016-09-01")
    (attack,) = events_of(doc, "ASSAULT")
    assert attack.source[0].sector == source_sector and attack.target[0].sector == target_sector


def test_a_compound_noun_after_an_actor_is_no_headline_verb(extract):
    doc = extract("Investigators said rebel forces bomb attack plans were found in the house.", published="2016-09-01")
    assert not events_of(doc, "ASSAULT")


def test_a_strike_is_no_explosion(extract):
    # "went on strike" is no "went off": only the particle makes "go" an explosion
    doc = extract("Dock workers in Mombasa went on strike for better pay on Thursday.", published="2019-02-01")
    (strike,) = events_of(doc, "PROTEST")
    assert strike.source[0].sector == "LAB" and not strike.source[0].implicit


def test_the_violent_cause_of_a_death_is_reported_as_done(extract):
    doc = extract("A detained journalist died as a result of the torture he suffered in custody.",
                  published="2019-02-01")
    (attack,) = events_of(doc, "ASSAULT")
    assert attack.modes == ["torture"] and attack.source[0].implicit
    # allegations of an act are not the act
    doc = extract("Editors will inquire into allegations of intimidation of the press.", published="2019-02-01")
    assert not [e for e in doc.events if any(r.implicit for r in e.source)]


def test_nominal_clashes_between_two_sides(extract):
    doc = extract("Heavy clashes erupted near Zawiya between rebels and government forces.", published="2011-03-02")
    (clash,) = events_of(doc, "ASSAULT")
    assert [r.sector for r in clash.source] == ["REB"]
    assert [r.text for r in clash.target] == ["government forces"]
    assert clash.location is not None and clash.location.country == "LBY"


def test_words_of_one_act_make_one_event(extract):
    doc = extract("A car bomb exploded outside a police station in Kirkuk, killing five people.",
                  published="2008-02-03")
    (attack,) = events_of(doc, "ASSAULT")
    assert attack.location.country == "IRQ"


def test_the_agent_of_a_passive_light_verb_is_the_source(extract):
    doc = extract("The attack on Sirte is being led by the Misrata militias.", published="2020-06-08")
    (attack,) = events_of(doc, "ASSAULT")
    assert [r.text for r in attack.source] == ["Misrata militias"]


def test_lower_case_regional_text_with_mojibake(extract):
    text = "vadodara: police lathi-charged a mob and arrested 14 persons, officials said â€œto restore orderâ€\x9d."
    doc = extract(text, published="2002-03-02")
    assert "“to restore order”" in doc.document.text and "â€" not in doc.document.text
    assert "W005" in [w.code for w in doc.warnings]
    for event in doc.events:  # offsets point into the repaired text
        assert doc.document.text[event.trigger.start:event.trigger.end] == event.trigger.text
    (beating,) = events_of(doc, "ASSAULT")
    assert beating.modes == ["beat"] and beating.source[0].sector == "COP" and beating.source[0].code == "IND"
    assert beating.location.name == "Vadodara"  # the lower-case dateline is a place
    (arrest,) = events_of(doc, "COERCE")
    assert arrest.modes == ["arrest"] and arrest.source[0].sector == "COP"


def test_batch_extraction_repairs_once_and_says_so(extract_records):
    text = "police fired â€œwarning shotsâ€\x9d in surat."
    (doc,) = extract_records([{"text": text, "published": "2002-03-01"}])
    assert "“warning shots”" in doc.document.text and "W005" in [w.code for w in doc.warnings]


def test_clean_text_is_left_as_it_is():
    from redline.ingest.repair import repair_text

    for text in ("Plain ASCII.", "Curly “quotes” and café, İstanbul, Ménaka — fine.", "Tabs\tand\nlines"):
        assert repair_text(text) == text
    assert repair_text("the bhoomi pujanâ€™s date") == "the bhoomi pujan’s date"


def test_every_event_says_what_decided_it(extract):
    doc = extract("Turkish drones struck Sirte on Sunday. Rival militias clashed in the south of Tripoli.",
                  published="2020-06-08")
    assert doc.events
    for event in doc.events:
        assert event.provenance.rule in {"verb", "noun", "light", "control", "obligation"}
        assert event.provenance.lexicon.startswith("lexicon.tsv:")
    if doc.models:
        assert all(e.provenance.model == doc.models[0] and 0 <= e.provenance.model_score <= 1 for e in doc.events)


def test_lexicon_rows_name_their_line():
    from redline.datafiles import data_path
    from redline.events.lexicon import load_lexicon

    lines = data_path("plover", "lexicon.tsv").read_text(encoding="utf-8").splitlines()
    for entries in list(load_lexicon().verbs.values())[:50]:
        for entry in entries:
            name, rest = entry.row.split(":", 1)
            number = int(rest.split()[0])
            assert name == "lexicon.tsv" and lines[number - 1].startswith(f"{entry.pos}\t{' '.join(entry.words)}\t")


def test_sport_disaster_and_campaign_language_is_not_conflict(extract):
    doc = extract("Arsenal crushed Chelsea 4-0 in a bruising derby clash on Saturday.", published="2021-01-01")
    assert not [e for e in doc.events if e.quad == "material_conflict"]


def test_same_input_same_bytes_with_the_model(extract):
    text = "police fired teargas shells to disperse a stone-pelting mob in surat. two were injured."
    first = extract(text, published="2002-03-01").model_dump_json()
    second = extract(text, published="2002-03-01").model_dump_json()
    assert first == second


# --- the learned model ---------------------------------------------------------------------------------------

def test_the_bundled_model_ships_and_is_named_in_the_output(extract):
    from redline.events.model import bundled_model_dir

    meta = json.loads((bundled_model_dir() / "redline_model.json").read_text(encoding="utf-8"))
    assert meta["sentences"] > 2000 and meta["training_digest"]
    doc = extract("Rebels shelled the airport.", published="2011-04-01")
    assert doc.models and doc.models[0].startswith("redline-events")


def test_training_files_are_well_formed():
    from redline.events.training import LABELS, bundled_training_files, read_examples

    files = bundled_training_files()
    assert len(files) >= 4
    examples = read_examples(files)
    assert {label for _t, label in examples} == set(LABELS)
    texts = [t for t, _l in examples]
    assert len(texts) == len(set(texts)), "a sentence is in the training data twice"


def test_a_user_retrains_the_model_with_one_command(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from redline.cli import app
    from redline.events import model as event_model

    monkeypatch.setenv("REDLINE_HOME", str(tmp_path / "home"))
    data = tmp_path / "mine.jsonl"
    rows = [{"text": f"Pirates boarded the tanker number {i} off the coast.", "type": "ASSAULT"} for i in range(6)]
    rows += [{"text": f"The ferry number {i} sailed on time.", "type": "NONE"} for i in range(6)]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "events", "--data", str(data), "--without-bundled"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["sentences"] == 12 and report["version"] == "user"
    installed = tmp_path / "home" / "models" / "events"
    assert (installed / "redline_model.json").is_file()
    model = event_model.load_event_model()
    assert model.path == installed and model.version == "user"
    # Same data, same model, byte for byte.
    again = tmp_path / "again"
    assert CliRunner().invoke(app, ["train", "events", "--data", str(data), "--without-bundled",
                                    "--out", str(again)]).exit_code == 0
    assert (again / "relevance" / "model").read_bytes() == (installed / "relevance" / "model").read_bytes()


@pytest.mark.parametrize("content,needle", [
    ('{"text": "x", "type": "FIGHTING"}\n', "line 1"),
    ("not json\n", "line 1"),
    ('{"type": "ASSAULT"}\n', "line 1"),
])
def test_a_bad_training_file_is_a_clear_error(tmp_path, content, needle):
    from typer.testing import CliRunner

    from redline.cli import app

    data = tmp_path / "bad.jsonl"
    data.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "events", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 4
    assert "E211" in result.output and needle in result.output and "Traceback" not in result.output


def test_the_shipped_model_is_what_the_training_data_builds():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "train_event_model.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
