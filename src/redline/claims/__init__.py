"""The claims stage (quotes and commitments). Not extracted yet: see issue 5."""

from __future__ import annotations


def run_claims(state) -> None:
    state.output.quotes = []
    state.output.commitments = []


__all__ = ["run_claims"]
