"""Commitments (red lines, threats, ultimatums, deadlines, conditions, promises). Filled in below."""

from __future__ import annotations


def find_commitments(state, claims) -> list:
    return []
