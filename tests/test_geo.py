"""Geography: toponyms resolved to gazetteer places, qualifiers, event locations."""

from __future__ import annotations

from conftest import events_of
from redline.geo.gazetteer import haversine_km


def place_named(doc, text):
    found = [p for p in doc.places if p.text == text]
    assert found, f"no place {text!r} in {[p.text for p in doc.places]}"
    return found[0]


def within(place, lat, lon, km):
    assert place.lat is not None, place
    return haversine_km(place.lat, place.lon, lat, lon) <= km


def test_example_article_towns_resolve_to_the_right_cities(example_doc):
    assert within(place_named(example_doc, "Sirte"), 31.21, 16.59, 25)
    assert within(place_named(example_doc, "Misrata"), 32.38, 15.09, 25)
    assert within(place_named(example_doc, "Tripoli"), 32.89, 13.19, 25)  # Libya's, not Lebanon's
    assert within(place_named(example_doc, "Moscow"), 55.76, 37.62, 25)


def test_example_article_drone_attack_is_located_at_sirte(example_doc):
    attacks = [e for e in events_of(example_doc, "ASSAULT") if "TUR" in {r.code for r in e.source}]
    assert any(e.location and e.location.name == "Sirte" and e.location.geo_precision == 1 for e in attacks)


def test_explicit_qualifier_picks_the_namesake(extract):
    doc = extract("A woman from Alexandria, Louisiana, was arrested on Monday.")
    assert within(place_named(doc, "Alexandria"), 31.31, -92.45, 30)
    doc = extract("Police in Paris, TX, arrested two men.")
    assert within(place_named(doc, "Paris"), 33.66, -95.56, 30)


def test_countries_and_capitals_are_places_with_precision(extract):
    doc = extract("Egypt and Turkey held talks in Ankara.")
    egypt = place_named(doc, "Egypt")
    assert egypt.country == "EGY" and egypt.feature == "country" and egypt.precision == "country"
    ankara = place_named(doc, "Ankara")
    assert ankara.feature == "city" and ankara.precision == "point" and ankara.country == "TUR"


def test_place_missing_from_the_gazetteer_stays_unresolved_with_its_evidence(extract):
    doc = extract("Fighters withdrew to the village of Qasr Bouzidxyz in Libya.")
    place = place_named(doc, "Qasr Bouzidxyz")
    assert place.lat is None and place.mentions[0].text == "Qasr Bouzidxyz"


def test_every_place_mention_points_at_its_words(example_doc):
    text = example_doc.document.text
    for place in example_doc.places:
        for m in place.mentions:
            assert text[m.start:m.end] == m.text


# --- relative locations -----------------------------------------------------------------------

def test_example_article_abu_qurain_is_estimated_from_its_distance_to_sirte(example_doc):
    abu_qurain = place_named(example_doc, "Abu Qurain")
    # Abu Qurain (Abū Qurayn) lies at about 31.42 N, 15.23 E; the gazetteer lacks it.
    assert abu_qurain.estimated and abu_qurain.uncertainty_km and abu_qurain.uncertainty_km < 150
    assert within(abu_qurain, 31.42, 15.23, 40)
    statement = abu_qurain.relative[0]
    sirte = place_named(example_doc, "Sirte")
    assert (statement.anchor, statement.anchor_place_id) == ("Sirte", sirte.id)
    assert (statement.distance_km, statement.bearing, statement.approximate) == (138.0, "west", True)
    text = example_doc.document.text
    assert text[statement.evidence.start:statement.evidence.end] == "138 km west of Sirte"


def test_placement_statement_makes_its_subject_a_place_and_keeps_the_agreeing_town(example_doc):
    misrata = place_named(example_doc, "Misrata")
    assert not misrata.estimated and within(misrata, 32.38, 15.09, 25)
    assert any(r.distance_km == 270.0 and r.bearing == "west" for r in misrata.relative)


def test_relative_location_picks_the_namesake_that_lies_where_the_text_says(extract):
    # Two Alexandrias: only the one in Virginia lies some 150 km north of Richmond's Virginia namesake.
    doc = extract("Protesters gathered in Alexandria, about 150 km north of Richmond, Virginia, on Sunday.")
    assert within(place_named(doc, "Alexandria"), 38.80, -77.05, 30)


def test_unknown_place_with_distance_and_bearing_is_estimated_with_uncertainty(extract):
    doc = extract("Rebels seized Qasr Bouzidxyz, 50 miles south-east of Benghazi, on Monday.")
    place = place_named(doc, "Qasr Bouzidxyz")
    assert place.estimated and place.country == "LBY"
    # 80.5 km along a bearing of 135 degrees from Benghazi (32.12 N, 20.07 E).
    assert within(place, 31.60, 20.67, 5)
    assert place.relative[0].bearing == "southeast" and place.relative[0].distance_km == 80.467
    assert 20 < place.uncertainty_km < 60


def test_distance_without_bearing_is_a_statement_but_no_estimate(extract):
    doc = extract("Troops reached Qasr Bouzidxyz, some 100 km from Misrata.")
    place = place_named(doc, "Qasr Bouzidxyz")
    assert place.lat is None and not place.estimated
    assert place.relative and place.relative[0].bearing is None and place.relative[0].distance_km == 100.0


# --- reading names in context -----------------------------------------------------------------

def test_second_name_after_a_comma_is_the_area_that_contains_the_first(extract):
    doc = extract("Police in Atlanta, Georgia, arrested two men on Monday.")
    georgia = place_named(doc, "Georgia")
    assert (georgia.country, georgia.feature) == ("USA", "admin region")
    doc = extract("Russian troops entered Georgia near Tbilisi.")
    assert place_named(doc, "Georgia").country == "GEO"


def test_areas_the_knowledge_base_codes_as_their_country_are_places_of_their_own(extract):
    doc = extract("Protests spread from New Jersey to Scotland.")
    new_jersey, scotland = place_named(doc, "New Jersey"), place_named(doc, "Scotland")
    assert (new_jersey.country, new_jersey.feature) == ("USA", "admin region")
    assert within(new_jersey, 40.1, -74.5, 100)
    assert (scotland.country, scotland.feature) == ("GBR", "admin region")
    assert within(scotland, 56.8, -4.2, 160)


def test_nearby_readings_of_different_names_support_each_other(extract):
    # Each name alone would be read as the larger namesake (Lebanon the country, Boone County in
    # Kentucky); together they are the Indiana town and the county it is the seat of.
    doc = extract("A Lebanon woman was charged on Friday. Boone County deputies said Zionsville police helped.")
    assert within(place_named(doc, "Boone County"), 40.05, -86.47, 40)


def test_learnt_source_profile_reads_a_local_papers_bare_town_name(extract_records):
    local = [{"text": f"A man from Paris, Tenn., was charged in Henry County, Tennessee, on day {day}.",
              "source": "parispi.example"} for day in range(3)]
    bare = {"text": "A Paris man was arrested Sunday afternoon.", "source": "parispi.example"}
    alone = extract_records([bare], learn_sources=True)[0]
    assert place_named(alone, "Paris").country == "FRA"
    learnt = extract_records(local + [bare], learn_sources=True)[-1]
    assert within(place_named(learnt, "Paris"), 36.30, -88.33, 30)
    unlearnt = extract_records(local + [bare], learn_sources=False)[-1]
    assert place_named(unlearnt, "Paris").country == "FRA"


def test_source_key_is_the_source_or_the_url_host():
    from redline.geo.profiles import source_key

    assert source_key("www.TheTownTalk.com", None) == "thetowntalk.com"
    assert source_key(None, "http://www.parispi.net/news/1") == "parispi.net"
    assert source_key("https://en.wikinews.org/wiki/X", None) == "en.wikinews.org"
    assert source_key(None, None) is None


# --- regions, seas and areas made of areas ------------------------------------------------------

def test_world_regions_and_seas_are_places_and_beat_namesake_hamlets(extract):
    doc = extract("Fighting in the Middle East spread to the Red Sea and the Pacific.")
    middle_east = place_named(doc, "Middle East")
    assert middle_east.feature == "world region" and middle_east.geonameid is None
    assert within(middle_east, 29.0, 43.0, 400)  # not the Baltimore neighbourhood of that name
    red_sea = place_named(doc, "Red Sea")
    assert red_sea.feature == "water body" and within(red_sea, 20.0, 38.5, 50)
    assert place_named(doc, "Pacific").name == "Pacific Ocean"


def test_an_area_word_makes_the_area_win_over_the_sea(extract):
    doc = extract("Officials in Red Sea state said the port was closed.")
    red_sea = place_named(doc, "Red Sea")
    assert (red_sea.country, red_sea.feature) == ("SDN", "admin region")


def test_region_named_by_its_compass_parts_is_their_centre(extract):
    doc = extract("Militias attacked villages in Darfur.")
    darfur = place_named(doc, "Darfur")
    assert (darfur.country, darfur.feature) == ("SDN", "admin region")
    assert within(darfur, 13.0, 24.5, 150)


def test_user_regions_file_adds_places(extract, tmp_path, monkeypatch):
    import json

    import redline.geo.resolver as resolver

    home = tmp_path / "home"
    (home / "geo").mkdir(parents=True)
    (home / "geo" / "regions.json").write_text(json.dumps({"regions": [
        {"name": "Zorbland Basin", "aliases": [], "kind": "region", "lat": 10.0, "lon": 20.0}]}))
    monkeypatch.setenv("REDLINE_HOME", str(home))
    monkeypatch.setattr(resolver, "_REGIONS", {})
    doc = extract("Herders fled the Zorbland Basin on Monday.")
    assert within(place_named(doc, "Zorbland Basin"), 10.0, 20.0, 1)
    monkeypatch.setattr(resolver, "_REGIONS", {})


def test_disputed_areas_the_gazetteer_lacks_are_areas_of_their_country(extract):
    doc = extract("Russian troops moved from South Ossetia into the Donbas.")
    ossetia, donbas = place_named(doc, "South Ossetia"), place_named(doc, "Donbas")
    assert (ossetia.country, ossetia.feature) == ("GEO", "admin region") and within(ossetia, 42.3, 44.0, 60)
    assert donbas.country == "UKR" and within(donbas, 48.2, 38.5, 100)


def test_a_place_called_so_today_beats_one_known_by_that_name_in_history(extract):
    # "Philadelphia" is an old name of Amman, "Berea" of Aleppo.
    doc = extract("Protesters marched in L.A. and Philadelphia, and students at Berea College joined.")
    assert place_named(doc, "Philadelphia").country == "USA"
    assert within(place_named(doc, "L.A."), 34.05, -118.24, 30)  # Los Angeles, not Laos's code "LA"


def test_demonyms_of_areas_name_the_area(extract):
    from redline.geo.gazetteer import load_gazetteer
    from redline.geo.resolver import PlaceResolver
    from redline.api import get_pipeline

    resolver = PlaceResolver(load_gazetteer(), get_pipeline().kb)
    assert resolver.candidates("Ohioans")[0].name == "Ohio"
    assert resolver.candidates("New Yorkers")[0].name == "New York"
    assert resolver.candidates("South Ossetians")[0].name == "South Ossetia"
    assert resolver.candidates("Republicans") == []  # no prominent place is called "Republica"


def test_a_place_target_takes_the_country_the_gazetteer_puts_it_in(extract):
    doc = extract("On Sunday, the city of Sirte was subjected to another attack by Turkish drones.",
                  published="2020-06-08")
    attack = [e for e in doc.events if e.type == "ASSAULT"][0]
    assert [(t.text, t.code, t.sector) for t in attack.target] == [("Sirte", "LBY", "CVL")]
