"""The places stage (geoparsing). Places and event locations are not resolved yet: see issue 3."""

from __future__ import annotations


def run_places(state) -> None:
    state.output.places = []


__all__ = ["run_places"]
