"""Importing PETRARCH dictionaries into a redline knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli import app
from redline.errors import RedlineError
from redline.kb.petrarch import convert, display_name, import_petrarch

PETRARCH = Path(__file__).resolve().parents[2] / "shared" / "eval" / "petrarch"
runner = CliRunner()

ACTORS = """<!-- TEST ACTOR DICTIONARY -->
<!--
# a block comment over
# several lines [XXX]
-->
ARNOR_  [ARN]
+ARNORIAN
GONDOR [GON]  # a comment
+MINAS_TIRITH
ENT
\t[ENT]
INTERNATIONAL_MONETARY_FUND_
+IMF
\t[IGOBUSIMF]\t# on its own line
PRESIDENT_GEORGE_W._BUSH [USAGOV]
SAM_GAMGEE [HOB]
\t[HOBCIV <20080120]
\t[HOBGOV 20121109-20130119]
GOLLUM
\t[HOB < 950601]
\t[HOBREB > 990816]
\t[HOBGOV 19950601 - 19990815]
BOROMIR  [---]
LORIEN  [elr/GAL]
HAMAS [PSEREBHMS]
BROKEN_ACTOR [AB$]
<! -- sloppy comment opener -->
DATED_BADLY [ARN sometime]
UNCODED_ACTOR
TUCKBOROUGH [TOK]
"""

AGENTS = """<!-- TEST AGENTS DICTIONARY -->
!PERSON! = MAN, MEN, WOMAN
!MINST! = MINISTER, MINISTRY
FOREIGN_MINISTER [~GOVFRM] # jap 4/14/01
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
POLICE {} [ ~COP]
CONGRESS!PERSON! [~LEG]
!MINST!_OF_SILLY_WALKS [~GOV]
HUMAN_RIGHTS_BODY  [NGO~]
DEPARMENT_OF_ENVIRONMENT [~ENV}
!NOSUCH!_THING [~GOV]
SOLDIER  [~MIL]
"""


@pytest.fixture()
def dictionaries(tmp_path):
    actors = tmp_path / "Test.actors.txt"
    agents = tmp_path / "Test.agents.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    agents.write_text(AGENTS, encoding="utf-8")
    return actors, agents


@pytest.fixture(autouse=True)
def _isolated_user_kb(tmp_path, monkeypatch):
    monkeypatch.setenv("REDLINE_HOME", str(tmp_path / "home"))


def test_display_names():
    assert display_name("PRESIDENT_GEORGE_W._BUSH") == "President George W. Bush"
    assert display_name("IMF") == "IMF" and display_name("UN_") == "UN" and display_name("U.S.") == "U.S."
    assert display_name("NEW_ZEALAND") == "New Zealand"  # short words are acronyms only when alone
    assert display_name("THE_HERMIT_KINGDOM") == "the Hermit Kingdom"
    assert display_name("AL-QAEDA") == "Al-Qaeda" and display_name("O'NEILL") == "O'Neill"


def test_actors_conversion(dictionaries):
    kb, warnings = convert([dictionaries[0]])
    actors = {a["id"]: a for a in kb["actors"]}
    assert actors["arnor"] == {"id": "arnor", "name": "Arnor", "aliases": ["Arnorian"], "code": "ARN",
                               "sector": None, "kind": "organization", "cameo": "ARN"}
    assert actors["gondor"]["aliases"] == ["Minas Tirith"]
    assert actors["ent"]["code"] == "ENT"  # code on the next line
    imf = actors["international-monetary-fund"]
    assert (imf["code"], imf["sector"], imf["aliases"]) == ("IGO", "BUS", ["IMF"])
    bush = actors["president-george-w-bush"]
    assert (bush["code"], bush["sector"], bush["kind"]) == ("USA", "GOV", "person")
    assert actors["sam-gamgee"]["cameo"] == "HOB"  # the undated default wins over dated codes
    assert actors["sam-gamgee"]["kind"] == "person"
    assert actors["gollum"]["cameo"] == "HOBREB"  # all dated: the one valid latest
    assert actors["lorien"]["code"] == "ELR"  # lower case and alternatives
    assert (actors["hamas"]["code"], actors["hamas"]["sector"]) == ("PSE", "REB")
    assert "boromir" not in actors  # null code: known but never coded
    assert "tuckborough" in actors  # lines after bad ones are still imported
    assert not {"broken-actor", "dated-badly", "uncoded-actor"} & set(actors)
    # one warning per bad entry, with its line number
    assert len(warnings) == 3 and all(w.startswith("[E204]") for w in warnings)
    lines = ACTORS.splitlines()
    for warning, name in zip(warnings, ("BROKEN_ACTOR", "DATED_BADLY", "UNCODED_ACTOR")):
        line = next(i for i, text in enumerate(lines, 1) if text.startswith(name))
        assert f"Line {line} of" in warning


def test_agents_conversion(dictionaries):
    kb, warnings = convert([dictionaries[1]])
    agents = {a["term"]: a for a in kb["agents"]}
    assert agents["foreign minister"] == {"term": "foreign minister", "sector": "GOV", "role": "foreign minister",
                                          "person": True, "title": True, "cameo": "GOVFRM"}
    assert agents["attorneys general"]["role"] == "attorney general"
    assert agents["attorneys general"]["title"] is False
    assert agents["police"]["sector"] == "COP" and agents["police"]["person"] is False
    assert {"congressman", "congressmen", "congresswoman"} <= set(agents)
    assert agents["minister of silly walks"]["person"] and not agents["ministry of silly walks"]["person"]
    assert agents["human rights body"]["sector"] == "NGO"
    assert agents["soldier"]["person"] and not agents["soldier"]["title"]
    assert len(warnings) == 2 and "Line 10 of" in warnings[0] and "!NOSUCH!" in warnings[1]
    assert [a["term"] for a in kb["agents"]] == sorted(agents)


PHOENIX_ACTORS = """# TABARI-formatted .actor file
#
AFGHANISTAN_  [AFG]
+AFGHAN_ 
+MAZAR-I-SHARIF_
+HELMAND # Other provinces, since they're reported often

# National Institutions
AFGHAN_NATIONAL_SECURITY_FORCES
+ANSF
+AFGHAN_NATIONAL_ARMY
\t[AFGMIL]

MOHAMMAD_ZAHIR_SHAH_  # CountryInfo.txt
\t[AFGELI 320101-331108]
\t[AFGGOV 331108-730717]
\t[AFGELI 730717-070723]
HAMID_KARZAI_  # CountryInfo.txt
+PRESIDENT_KARZAI_
\t[AFGELI 750101-000101]
\t[AFGGOV >011222]
\t[AFGELI]
"""

PHOENIX_AGENTS = """# CAMEO agents file
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
HUSBAND!PERSON![~AGR]
SNEAK_THIEF {SNEAK_THIEVES}[~CRM]
HEAD_OF_NATIONAL_POLICE {HEADS_OF_NATIONAL_POLICE } [~COP]
CHIEF EXECUTIVE [~GOV]
# BANK [~BUS]
"""


def test_phoenix_formats(tmp_path):
    actors, agents = tmp_path / "Phoenix.Countries.actors.txt", tmp_path / "Phoenix.agents.txt"
    actors.write_text(PHOENIX_ACTORS, encoding="utf-8")
    agents.write_text(PHOENIX_AGENTS, encoding="utf-8")
    kb, warnings = convert([actors, agents])
    assert warnings == []
    by_id = {a["id"]: a for a in kb["actors"]}
    assert by_id["afghanistan"]["aliases"] == ["Afghan", "Helmand", "Mazar-I-Sharif"]
    assert by_id["afghan-national-security-forces"]["aliases"] == ["ANSF", "Afghan National Army"]
    assert (by_id["afghan-national-security-forces"]["sector"], by_id["afghan-national-security-forces"]["kind"]) \
        == ("MIL", "organization")
    assert by_id["hamid-karzai"]["cameo"] == "AFGELI" and by_id["hamid-karzai"]["kind"] == "person"
    assert by_id["mohammad-zahir-shah"]["cameo"] == "AFGELI"  # valid latest (to 2007)
    terms = {a["term"]: a for a in kb["agents"]}
    assert {"husbandman", "husbandwomen", "sneak thief", "sneak thieves", "head of national police",
            "heads of national police", "chief executive"} <= set(terms)
    assert "bank" not in terms
    assert terms["sneak thieves"]["role"] == "sneak thief" and terms["chief executive"]["sector"] == "GOV"


def test_import_writes_a_loadable_deterministic_kb(dictionaries, tmp_path):
    out = tmp_path / "kb" / "petrarch.json"
    result = import_petrarch(dictionaries, out=out)
    assert (result.out, result.actors, result.agents, len(result.warnings)) == (out, 10, 11, 5)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "redline-kb/1"
    assert data["source"] == ["Test.actors.txt", "Test.agents.txt"]
    assert [a["id"] for a in data["actors"]] == sorted(a["id"] for a in data["actors"])
    first = out.read_bytes()
    import_petrarch(list(reversed(dictionaries)), out=out)
    assert json.loads(out.read_bytes())["actors"] == json.loads(first)["actors"]
    import_petrarch(dictionaries, out=out)
    assert out.read_bytes() == first

    # The file is a valid user knowledge base.
    from redline.actors.kb import KnowledgeBase, _add_user_file

    kb = KnowledgeBase()
    _add_user_file(kb, out)
    length, entity = kb.match_name(["Minas", "Tirith", "said"])
    assert (length, entity.code) == (2, "GON")
    assert kb.sectors[("foreign", "minister")].sector == "GOV"


def test_not_a_dictionary(tmp_path):
    verbs = tmp_path / "Test.verbs.txt"
    verbs.write_text("--- AGREE [030] ---\nAGREE\n", encoding="utf-8")
    with pytest.raises(RedlineError) as info:
        convert([verbs])
    assert info.value.code == "E304"
    empty = tmp_path / "nothing.txt"
    empty.write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(RedlineError) as info:
        convert([empty])
    assert info.value.code == "E304"


def test_cli_import(dictionaries, tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["kb", "import-petrarch", *map(str, dictionaries), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Imported 10 actors and 11 agents into {out}" in result.output
    assert out.is_file()


def test_cli_import_default_goes_to_the_user_kb_folder(dictionaries, tmp_path):
    result = runner.invoke(app, ["kb", "import-petrarch", str(dictionaries[0])])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "home" / "kb" / "petrarch.json").is_file()


def test_cli_import_errors(tmp_path):
    result = runner.invoke(app, ["kb", "import-petrarch", str(tmp_path / "missing.actors.txt")])
    assert result.exit_code == 3 and "E203" in result.output and "Traceback" not in result.output
    verbs = tmp_path / "x.verbs.txt"
    verbs.write_text("--- AGREE [030] ---\n", encoding="utf-8")
    result = runner.invoke(app, ["kb", "import-petrarch", str(verbs)])
    assert result.exit_code == 3 and "E304" in result.output


@pytest.mark.skipif(not (PETRARCH / "PETR.Validate.actors.txt").is_file(), reason="../shared/eval/petrarch is absent")
def test_import_validation_dictionaries(tmp_path):
    result = import_petrarch([PETRARCH / "PETR.Validate.actors.txt", PETRARCH / "PETR.Validate.agents.txt"],
                             out=tmp_path / "petrarch.json")
    assert result.actors > 100 and result.agents > 50
    data = json.loads(result.out.read_text(encoding="utf-8"))
    codes = {a["name"]: a["code"] for a in data["actors"]}
    assert codes["Arnor"] == "ARN" and codes["Gondor"] == "GON"
