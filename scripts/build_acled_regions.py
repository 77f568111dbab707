"""Build ``src/redline/data/export/acled_regions.json``: ISO alpha-3 -> ACLED region, for
``redline events --format acled``.

ACLED's regions follow the UN M49 sub-regions with a few differences of its own, written below
as OVERRIDES and SUBREGION_NAMES. The M49 sub-region of each country is read from the table
that ships with the ``country_converter`` package (a developer's dependency only: the built
file ships in redline's package):

    pip install country_converter
    python scripts/build_acled_regions.py
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "redline" / "data" / "export" / "acled_regions.json"

# M49 sub-region -> ACLED region
SUBREGION_NAMES = {
    "Northern Africa": "Northern Africa", "Western Africa": "Western Africa", "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa", "Southern Africa": "Southern Africa",
    "Western Asia": "Middle East", "Southern Asia": "South Asia", "South-eastern Asia": "Southeast Asia",
    "South-Eastern Asia": "Southeast Asia", "Eastern Asia": "East Asia", "Central Asia": "Caucasus and Central Asia",
    "Northern Europe": "Europe", "Western Europe": "Europe", "Southern Europe": "Europe", "Eastern Europe": "Europe",
    "Caribbean": "Caribbean", "Central America": "Central America", "South America": "South America",
    "Northern America": "North America", "Australia and New Zealand": "Oceania", "Melanesia": "Oceania",
    "Micronesia": "Oceania", "Polynesia": "Oceania", "Antarctica": "Antarctica",
}
# Where ACLED's region is not the M49 sub-region's
OVERRIDES = {
    "ARM": "Caucasus and Central Asia", "AZE": "Caucasus and Central Asia", "GEO": "Caucasus and Central Asia",
    "IRN": "Middle East", "CYP": "Europe", "RUS": "Europe",
}


def main() -> None:
    table = resources.files("country_converter").joinpath("country_data.tsv")
    regions = {}
    with table.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            code, subregion = row["ISO3"], row["UNregion"]
            if not code or len(code) != 3:
                continue
            region = OVERRIDES.get(code) or SUBREGION_NAMES.get(subregion)
            if region:
                regions[code] = region
    body = {"_about": "ISO alpha-3 -> ACLED region, built by scripts/build_acled_regions.py from the UN M49 "
                      "sub-regions with ACLED's differences; edit the script, not this file.",
            "regions": dict(sorted(regions.items()))}
    OUT.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(regions)} countries -> {OUT}")


if __name__ == "__main__":
    main()
