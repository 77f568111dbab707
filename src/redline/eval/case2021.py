"""Scoring redline on CASE 2021 Task 2 snippets (``redline eval case2021``).

Each snippet carries one gold type: an ACLED sub-event type (AIR_STRIKE,
PEACE_PROTEST, ARREST ...) or a type a political event coder must not code as
conflict (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER), plus DIPLO,
ATTRIB and OTHER. A snippet is extracted alone, with no publication date.

Metrics
-------
* ``fitting_type``: share of ACLED-type snippets with a non-negated event of a
  fitting PLOVER type (:data:`FITTING`; the ACLED codebook's definitions read
  in PLOVER terms, e.g. territory taken by force is ASSAULT, or COERCE "seize"
  as the CAMEO-to-PLOVER table codes occupation).
* ``nonpolitical_conflict``: share of disaster and crime snippets given a
  non-negated material-conflict event (PROTEST included): a false conflict.
* ``diplo_fit``: share of DIPLO snippets with a cooperative or verbal event,
  reported but not part of the headline figure.
* ``per_gold_type``: snippets, with any event, and with a fitting one, per gold type.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Optional, Sequence

from redline.errors import EXIT_NO_INPUT, Errors, RedlineError
from redline.eval.metrics import ratio

_VIOLENCE = frozenset({"ASSAULT"})
_TERRITORY = frozenset({"ASSAULT", "COERCE"})
#: ACLED sub-event type (CASE 2021 label) -> fitting PLOVER types.
FITTING: dict[str, frozenset] = {
    # Battles
    "ARMED_CLASH": _VIOLENCE,
    "GOV_REGAINS_TERIT": _TERRITORY,
    "NON_STATE_ACTOR_OVERTAKES_TER": _TERRITORY,
    # Explosions / remote violence
    "AIR_STRIKE": _VIOLENCE,
    "ART_MISS_ATTACK": _VIOLENCE,
    "CHEM_WEAP": _VIOLENCE,
    "GRENADE": _VIOLENCE,
    "REM_EXPLOS": _VIOLENCE,
    "SUIC_BOMB": _VIOLENCE,
    # Violence against civilians
    "ATTACK": _VIOLENCE,
    "SEX_VIOL": _VIOLENCE,
    "ABDUCT_DISSAP": frozenset({"ASSAULT", "COERCE"}),
    # Protests and riots
    "PEACE_PROTEST": frozenset({"PROTEST"}),
    "PROTEST_WITH_INTER": frozenset({"PROTEST", "COERCE", "ASSAULT"}),
    "FORCE_AGAINST_PROTEST": frozenset({"ASSAULT", "COERCE"}),
    "VIOL_DEMONSTR": frozenset({"PROTEST", "ASSAULT"}),
    "MOB_VIOL": frozenset({"ASSAULT", "PROTEST"}),
    # Strategic developments
    "ARREST": frozenset({"COERCE"}),
    "DISR_WEAP": frozenset({"COERCE", "ASSAULT"}),
    "PROPERTY_DISTRUCT": frozenset({"ASSAULT", "COERCE"}),
    "AGREEMENT": frozenset({"AGREE", "SUPPORT", "CONCEDE", "RETREAT", "COOPERATE"}),
    "CHANGE_TO_GROUP_ACT": frozenset({"MOBILIZE", "RETREAT", "COOPERATE", "SUPPORT", "AGREE", "REJECT"}),
    "HQ_ESTABLISHED": frozenset({"MOBILIZE", "COERCE"}),
    "NON_VIOL_TERRIT_TRANSFER": frozenset({"RETREAT", "COERCE", "CONCEDE", "AGREE", "MOBILIZE"}),
}
NON_POLITICAL = frozenset({"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER"})
DIPLO_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                         "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"})


def load_snippets(path: str | Path, limit: Optional[int] = None) -> list[tuple[str, str, str]]:
    """``(id, snippet, gold type)`` rows of a CASE 2021 Task 2 TSV."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason=str(exc)) from exc
    if rows and not {"EventSnippet", "SubType"} <= set(rows[0]):
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path),
                           reason="not a CASE 2021 Task 2 file: it needs EventSnippet and SubType columns")
    found = [(str(r.get("id") or n), (r.get("EventSnippet") or "").strip(), (r.get("SubType") or "").strip())
             for n, r in enumerate(rows)]
    found = [f for f in found if f[1] and f[2]]
    return found[:limit] if limit is not None else found


def score_case2021(snippets: Sequence[tuple[str, str, str]],
                   predictions: Sequence[Optional[list[tuple[str, str, bool]]]]) -> tuple[dict, list[dict]]:
    """``predictions``: per snippet, ``(type, quad, negated)`` of each event (None: extraction failed)."""
    per_type: dict[str, dict] = defaultdict(lambda: {"n": 0, "with_event": 0, "fit": 0})
    acled_n = acled_fit = nonpol_n = nonpol_conflict = diplo_n = diplo_fit = 0
    mismatches = []
    for (sid, text, gold), events in zip(snippets, predictions):
        events = [(t, q) for t, q, negated in (events or []) if not negated]
        row = per_type[gold]
        row["n"] += 1
        row["with_event"] += bool(events)
        wrong = False
        if gold in FITTING:
            acled_n += 1
            fit = any(t in FITTING[gold] for t, _q in events)
            acled_fit += fit
            row["fit"] += fit
            wrong = not fit
        elif gold in NON_POLITICAL:
            nonpol_n += 1
            conflict = any(q == "material_conflict" for _t, q in events)
            nonpol_conflict += conflict
            row["fit"] += not conflict
            wrong = conflict
        elif gold == "DIPLO":
            diplo_n += 1
            fit = any(t in DIPLO_TYPES for t, _q in events)
            diplo_fit += fit
            row["fit"] += fit
        if wrong:
            mismatches.append({"id": sid, "gold": gold, "text": text, "predicted": [t for t, _q in events]})
    report = {
        "n": len(snippets),
        "n_acled": acled_n,
        "fitting_type": round(ratio(acled_fit, acled_n), 4),
        "n_nonpolitical": nonpol_n,
        "nonpolitical_conflict": round(ratio(nonpol_conflict, nonpol_n), 4),
        "n_diplo": diplo_n,
        "diplo_fit": round(ratio(diplo_fit, diplo_n), 4),
        "per_gold_type": {k: {**v, "fit_rate": round(ratio(v["fit"], v["n"]), 4)} for k, v in sorted(per_type.items())},
    }
    return report, mismatches


def evaluate_case2021(
    data: str | Path,
    *,
    model: Optional[str] = None,
    kb: Iterable[str] = (),
    limit: Optional[int] = None,
    errors_path: Optional[str | Path] = None,
    batch_size: int = 32,
) -> dict:
    from redline.eval import extract_and_score

    snippets = load_snippets(data, limit=limit)

    def score(documents):
        return score_case2021(snippets, [None if d is None else [(e.type, e.quad, e.negated) for e in d.events]
                                         for d in documents])

    return extract_and_score("case2021", data, [(text, None) for _id, text, _gold in snippets], score,
                             model=model, kb=kb, errors_path=errors_path, batch_size=batch_size)
