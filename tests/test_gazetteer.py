"""The embedded gazetteer: names to GeoNames places with coordinates, and user imports."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from typer.testing import CliRunner

from redline.cli import app
from redline.datafiles import data_path
from redline.errors import RedlineError
from redline.geo.gazetteer import haversine_km, load_gazetteer, normalize_name
from redline.geo.gazetteer_import import import_geonames
from redline.geo.gazetteer_store import BundledStore, write_index

runner = CliRunner()

SIRTE, MISRATA, TRIPOLI_LY, TRIPOLI_LB = 2210554, 2214846, 2210247, 266826


@pytest.fixture(scope="module", autouse=True)
def no_user_gazetteer(tmp_path_factory):
    """A user gazetteer the developer imported must not change what these tests see."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REDLINE_HOME", str(tmp_path_factory.mktemp("redline-home")))
        yield


@pytest.fixture(scope="module")
def gaz(no_user_gazetteer):
    return load_gazetteer()


def gids(places):
    return [p.geonameid for p in places]


# --- names ---------------------------------------------------------------------------------

def test_spelling_variants_find_the_same_city(gaz):
    assert SIRTE in gids(gaz.lookup("Sirte")) and SIRTE in gids(gaz.lookup("Surt"))
    assert gids(gaz.lookup("Misrata"))[0] == MISRATA
    assert gids(gaz.lookup("Misurata"))[0] == MISRATA
    sirte = gaz.get(SIRTE)
    assert sirte.country == "LBY" and sirte.feature_class == "P" and sirte.admin1 == "Surt"
    assert haversine_km(sirte.lat, sirte.lon, 31.21, 16.59) < 5


def test_tripoli_in_libya_and_in_lebanon(gaz):
    found = {p.geonameid: p for p in gaz.lookup("Tripoli")}
    assert found[TRIPOLI_LY].country == "LBY" and found[TRIPOLI_LY].feature_code == "PPLC"
    assert found[TRIPOLI_LB].country == "LBN"


def test_alexandria_candidates_largest_first(gaz):
    places = gaz.lookup("Alexandria")
    egypt = [p for p in places if p.country == "EGY" and p.feature_class == "P"]
    louisiana = [p for p in places if p.country == "USA" and p.admin1 == "Louisiana"]
    assert egypt and louisiana
    assert places.index(egypt[0]) < places.index(louisiana[0])
    keys = [(-p.population, p.geonameid) for p in places]
    assert keys == sorted(keys)


def test_normalization_ignores_case_diacritics_and_punctuation(gaz):
    assert normalize_name("  Al-Bayḑā’ ") == "al bayda"
    assert normalize_name("N'Djamena") == normalize_name("Ndjamena")
    assert gids(gaz.lookup("BENGHAZI")) == gids(gaz.lookup("benghazi")) != []
    assert gids(gaz.lookup("Trípoli")) == gids(gaz.lookup("Tripoli"))


def test_arabic_article_is_optional_in_arabic_speaking_countries(gaz):
    jufrah = gids(gaz.lookup("Al Jufrah"))
    assert jufrah and gids(gaz.lookup("al-Jufrah")) == jufrah == gids(gaz.lookup("Jufrah"))
    assert gids(gaz.lookup("Az Zawiyah"))[:1] == gids(gaz.lookup("Zawiyah"))[:1]
    # Elsewhere the article is part of the name: "Paso" is not El Paso, Texas.
    assert not [p for p in gaz.lookup("Paso") if p.country == "USA"]
    # A spelling variant is not a normalization: Jufra is not Jufrah.
    assert not set(gids(gaz.lookup("Jufra"))) & set(jufrah)


def test_abbreviations_never_resolve_to_a_hamlet(gaz):
    for code, iso3 in (("US", "USA"), ("U.S.", "USA"), ("USA", "USA"), ("UK", "GBR"), ("U.K.", "GBR")):
        places = gaz.lookup(code)
        assert places and places[0].country == iso3 and places[0].feature_code == "PCLI", code
        assert all(p.feature_class == "A" for p in places), code
    assert gaz.lookup("NSW")[0].name == "New South Wales"
    # Written as a name, "Us" is the French commune.
    assert gaz.lookup("Us")[0].country == "FRA"


# --- countries, areas, continents -----------------------------------------------------------------

def test_countries_have_coordinates(gaz):
    libya = gaz.country("LBY")
    assert libya.name == "Libya" and libya.feature_code == "PCLI"
    assert haversine_km(libya.lat, libya.lon, 27, 17) < 300
    assert gaz.lookup("Libya")[0] == libya
    assert gaz.lookup("Britain")[0].country == "GBR"
    for iso3 in ("USA", "FRA", "EGY", "LBN", "SYR", "IRQ", "CHN", "BRA"):
        place = gaz.country(iso3)
        assert place is not None and place.country == iso3 and -90 <= place.lat <= 90, iso3


def test_first_level_areas_have_names_and_coordinates(gaz):
    louisiana = gaz.admin1("USA", "Louisiana")
    assert louisiana.feature_code == "ADM1" and louisiana.admin1 == "Louisiana"
    assert haversine_km(louisiana.lat, louisiana.lon, 31.0, -92.0) < 161
    assert gaz.admin1("USA", "LA") == louisiana
    assert gaz.admin1("LBY", "Surt").country == "LBY"
    county = [p for p in gaz.lookup("Acadia Parish") if p.feature_code == "ADM2"]
    assert county and county[0].admin1 == "Louisiana"


def test_continents(gaz):
    for name in ("Africa", "Europe"):
        place = gaz.lookup(name)[0]
        assert place.feature_code == "CONT" and place.country is None


def test_near(gaz):
    near = gaz.near(32.89, 13.19, 15)
    assert TRIPOLI_LY in gids(near)
    assert all(haversine_km(32.89, 13.19, p.lat, p.lon) <= 15 for p in near)


# --- the bundled file -----------------------------------------------------------------------------

def test_bundled_index_matches_its_manifest():
    manifest = json.loads(data_path("gazetteer", "MANIFEST.json").read_text(encoding="utf-8"))
    blob = data_path("gazetteer", "gazetteer.bin").read_bytes()
    assert hashlib.sha256(blob).hexdigest() == manifest["sha256"]
    assert len(blob) <= 25_000_000


def _records():
    return [
        {"gid": 2, "name": "Béta", "lat": 1.5, "lon": -2.25, "country": "LBY", "admin1": "LY.76", "fclass": "P",
         "fcode": "PPL", "population": 10, "names": ["Al Beta", "Beta Town"], "codes": []},
        {"gid": 1, "name": "Alpha", "lat": 0.0, "lon": 179.99999, "country": None, "admin1": None, "fclass": "A",
         "fcode": "ADM1", "population": 10, "names": [], "codes": ["AL"]},
    ]


def test_index_build_is_deterministic(tmp_path):
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    write_index(first, _records(), {"LY.76": "Surt"}, [{"iso3": "LBY", "iso2": "LY", "gid": 9}], {"v": 1})
    write_index(second, list(reversed(_records())), {"LY.76": "Surt"}, [{"iso3": "LBY", "iso2": "LY", "gid": 9}],
                {"v": 1})
    assert first.read_bytes() == second.read_bytes()
    store = BundledStore(first)
    assert store.gids_for_key("beta") == [2] and store.gids_for_key("al beta") == [2]
    assert store.gids_for_code("AL") == [1] and store.gids_for_key("alpha") == [1]
    assert store.get(2).admin1 == "Surt" and store.get(2).lat == 1.5 and store.get(1).lon == 179.99999
    assert store.gids_for_key("zeta") == [] and store.get(3) is None


def test_a_corrupt_index_is_a_numbered_error(tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"not a gazetteer")
    with pytest.raises(RedlineError) as err:
        BundledStore(bad)
    assert err.value.code == "E461"


# --- user imports -----------------------------------------------------------------------------------

def _geoname(gid, name, alt, lat, lon, fclass, fcode, cc, admin1, population):
    return "\t".join([str(gid), name, name, alt, str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "", "",
                      str(population), "", "10", "Africa/Tripoli", "2024-01-01"])


@pytest.fixture()
def dumps(tmp_path):
    """Small files in the GeoNames formats: a geoname table, alternate names and admin1 names."""
    rows = [
        _geoname(99000001, "Qasr Zzyzx", "Zzyzx Castle,ZZX,http://example.org/zzyzx", 30.5, 18.25, "P", "PPL", "LY",
                 "76", 1200),
        _geoname(SIRTE, "Sirte", "Surt,Sirt", 31.0, 17.0, "P", "PPLA", "LY", "76", 130000),  # moved, more people
        _geoname(2215636, "Libya", "LBY,Libyan Arab Jamahiriya,ليبيا", 28.0, 17.0, "A", "PCLI", "LY", "00", 6000000),
        "12345\ttoo few columns",
    ]
    all_countries = tmp_path / "allCountries.zip"
    with zipfile.ZipFile(all_countries, "w") as z:
        z.writestr("allCountries.txt", "\n".join(rows) + "\n")
        z.writestr("readme.txt", "GeoNames readme\n")
    alternates = tmp_path / "alternateNamesV2.zip"
    alt_rows = [
        f"1\t{SIRTE}\ten\tSirtica Nova\t\t\t\t\t\t",
        f"2\t{SIRTE}\tlink\thttps://en.wikipedia.org/wiki/Sirte\t\t\t\t\t\t",
        f"3\t{MISRATA}\t\tMisratah-on-Sea\t\t\t\t\t\t",
        "4\t99999999\t\tNowhere Place\t\t\t\t\t\t",
        f"5\t{SIRTE}\tiata\tSRX\t\t\t\t\t\t",
    ]
    with zipfile.ZipFile(alternates, "w") as z:
        z.writestr("alternateNamesV2.txt", "\n".join(alt_rows) + "\n")
        z.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\n")
    admin1 = tmp_path / "admin1CodesASCII.txt"
    admin1.write_text("LY.76\tSurt District\tSurt District\t2210553\n", encoding="utf-8")
    return [alternates, admin1, all_countries]  # any order


def test_import_adds_and_overrides_places(tmp_path, dumps):
    out = tmp_path / "gaz"
    result = runner.invoke(app, ["gazetteer", "import", *map(str, dumps), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 places" in result.output and "E463" in result.output
    gaz = load_gazetteer((str(out),))
    new = gaz.lookup("Zzyzx Castle")
    assert gids(new) == [99000001] and gids(gaz.lookup("qasr zzyzx")) == [99000001]
    assert new[0].country == "LBY" and new[0].admin1 == "Surt District" and new[0].lat == 30.5
    sirte = gaz.get(SIRTE)
    assert (sirte.lat, sirte.lon, sirte.population) == (31.0, 17.0, 130000)
    assert gaz.lookup("Sirte")[0] == sirte  # the bundled names now lead to the user's entry
    assert gids(gaz.lookup("Sirtica Nova")) == [SIRTE]
    assert gids(gaz.lookup("Misratah-on-Sea")) == [MISRATA]  # a new name for a bundled place
    assert gaz.lookup("Nowhere Place") == [] and gaz.lookup("ZZX") == []
    assert gids(gaz.lookup("Tripoli")) == gids(load_gazetteer().lookup("Tripoli"))  # the rest is unchanged
    libya = gaz.country("LBY")  # GeoNames' own country point replaces the bundled one
    assert (libya.lat, libya.lon, libya.feature_code, libya.admin1) == (28.0, 17.0, "PCLI", None)
    assert gaz.lookup("Libyan Arab Jamahiriya") == [libya] and gaz.lookup("LBY") == [libya]


def test_import_goes_to_the_user_folder_by_default(tmp_path, dumps, monkeypatch):
    monkeypatch.setenv("REDLINE_HOME", str(tmp_path / "home"))
    result = import_geonames(dumps[2:])
    assert result.out == tmp_path / "home" / "gazetteer" / "gazetteer.sqlite" and result.places == 3
    assert gids(load_gazetteer().lookup("Zzyzx Castle")) == [99000001]


@pytest.mark.parametrize("content, name", [
    (b"this is not\ta GeoNames file\n", "notes.txt"),
    (b"PK\x03\x04 broken", "allCountries.zip"),
    (b"", "empty.txt"),
])
def test_bad_files_are_numbered_errors(tmp_path, content, name):
    bad = tmp_path / name
    bad.write_bytes(content)
    result = runner.invoke(app, ["gazetteer", "import", str(bad), "--out", str(tmp_path / "gaz")])
    assert result.exit_code == 3
    assert "[E462]" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "gaz" / "gazetteer.sqlite").exists()


def test_missing_file_is_a_numbered_error(tmp_path):
    result = runner.invoke(app, ["gazetteer", "import", str(tmp_path / "nope.zip"), "--out", str(tmp_path)])
    assert result.exit_code == 3 and "[E462]" in result.output
