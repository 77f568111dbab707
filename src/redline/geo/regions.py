"""Places the gazetteer lacks but news names: world regions, seas, straits, deserts and
mountain ranges (``data/geo/regions.json``), and areas made of the first-level areas
named after them ("Darfur": North, South, West, Central and East Darfur).

Such a place has no GeoNames id (``geonameid`` 0). A region defined by its member
countries is placed at the centre of their points; the others carry an approximate
centre in the data file. Users add or override entries in ``geo/regions.json`` next
to their knowledge-base folder (``$REDLINE_HOME/geo/regions.json``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from redline.datafiles import data_path, read_json
from redline.geo.gazetteer import Place, mean_point, normalize_name

# GeoNames-style feature class and code for each kind of entry.
KIND_FEATURES = {
    "region": ("L", "RGN"), "area": ("A", "RGN"), "sea": ("H", "SEA"), "ocean": ("H", "OCN"), "strait": ("H", "STRT"),
    "canal": ("H", "CNL"), "lake": ("H", "LK"), "delta": ("H", "DLTA"), "mountains": ("T", "MTS"),
    "desert": ("T", "DSRT"), "peninsula": ("T", "PEN"),
}
# Words that make a first-level area a part of a larger region ("North Kivu", "Western Darfur").
COMPASS_PREFIXES = ("North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern", "Western",
                    "Upper", "Lower")


def centre(points: Iterable[tuple[float, float]]) -> Optional[tuple[float, float]]:
    """Mean position of points on the sphere, to five decimals (as the gazetteer stores points)."""
    point = mean_point(points)
    return None if point is None else (round(point[0], 5), round(point[1], 5))


def user_regions_file() -> Path:
    """The user's own regions: ``geo/regions.json`` next to the user knowledge-base folder."""
    from redline.actors.kb import user_kb_dir

    return user_kb_dir().parent / "geo" / "regions.json"


def load_regions(gazetteer) -> dict[str, Place]:
    """Normalized name or alias -> place, for the entries of the user's regions file (first, so that
    they override) and of ``data/geo/regions.json``."""
    found: dict[str, Place] = {}
    entries = read_json(user_regions_file()).get("regions", []) if user_regions_file().is_file() else []
    entries += read_json(data_path("geo", "regions.json")).get("regions", [])
    for entry in entries:
        fclass, fcode = KIND_FEATURES.get(entry.get("kind", "region"), ("L", "RGN"))
        members = [gazetteer.country(code) for code in entry.get("members", ())]
        members = [m for m in members if m is not None]
        if members:
            point = centre((m.lat, m.lon) for m in members)
            population = sum(m.population for m in members)
            country = members[0].country if len({m.country for m in members}) == 1 else None
        elif entry.get("lat") is not None and entry.get("lon") is not None:
            point, population, country = (float(entry["lat"]), float(entry["lon"])), 0, entry.get("country")
        else:
            continue
        place = Place(geonameid=0, name=entry["name"], lat=point[0], lon=point[1], country=country, admin1=None,
                      feature_class=fclass, feature_code=fcode, population=population)
        for name in [entry["name"], *entry.get("aliases", ())]:
            found.setdefault(normalize_name(name), place)
    return found


def compass_composite(gazetteer, name: str) -> Optional[Place]:
    """The region that two or more first-level areas of one country are named after: "Darfur" from
    "North Darfur", "South Darfur"...; "Java" from "West Java", "Central Java", "East Java"."""
    if not normalize_name(name):
        return None
    parts = []
    for prefix in COMPASS_PREFIXES:
        parts += [p for p in gazetteer.lookup(f"{prefix} {name}") if p.feature_code == "ADM1" and p not in parts]
    if len(parts) < 2 or len({p.country for p in parts}) != 1:
        return None
    lat, lon = centre((p.lat, p.lon) for p in parts)
    return Place(geonameid=0, name=name, lat=lat, lon=lon, country=parts[0].country, admin1=None,
                 feature_class="A", feature_code="RGN", population=sum(p.population for p in parts))


__all__ = ["load_regions", "compass_composite", "centre"]
