"""A small, offline language guess: writing system first, then stop-word profiles.

Scripts decide for Arabic (ar, or fa with Persian letters), Cyrillic (ru, or uk with
Ukrainian letters), Greek (el), Hebrew (he), Devanagari (hi), Thai (th), Hangul (ko),
kana (ja) and Han without kana (zh). Latin-script text is scored against stop-word
lists for en, fr, de, es, it, pt and nl: the language whose list covers the most
words wins. Too little text (fewer than 5 words of Latin script and no other script)
gives ``(None, 0.0)``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

SAMPLE_CHARS = 10000
MIN_WORDS = 5

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in is was that for on with as by at from it its he she they his her "
        "their this which have has had been were are be not but or an will would said says "
        "who after over also than more about into".split()
    ),
    "fr": frozenset(
        "le la les des du un une et est dans pour sur pas par qui que avec ce cette il elle "
        "ils sont au aux ont été mais ou leur se ne plus son sa ses nous vous être a été "
        "selon après".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ein eine einen dem den des mit sich auf für von zu im "
        "auch es sie er wir hat wurde werden sind bei aus nach wie oder aber noch nur über "
        "dass vor zum zur".split()
    ),
    "es": frozenset(
        "el la los las del que y en un una es por con para se no su sus al lo como más pero "
        "fue ha han este esta sobre entre también desde hasta según tras muy ya".split()
    ),
    "it": frozenset(
        "il lo la gli le di che e è un una per con non sono della del dei delle nel nella "
        "al alla si ha hanno anche come più ma questo questa dopo stato essere secondo".split()
    ),
    "pt": frozenset(
        "o a os as de do da dos das que e em um uma para com não por se na no mais como mas "
        "foi ao aos seu sua também são pelo pela está já após segundo".split()
    ),
    "nl": frozenset(
        "de het een en van in is dat op te zijn met voor niet die er aan ook als bij door "
        "maar om dan nog wel naar uit tot werd worden heeft hebben zijn ze".split()
    ),
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# (name, ranges) in code points
_SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "latin": ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F)),
    "arabic": ((0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "cyrillic": ((0x400, 0x52F),),
    "greek": ((0x370, 0x3FF),),
    "hebrew": ((0x590, 0x5FF),),
    "devanagari": ((0x900, 0x97F),),
    "thai": ((0xE00, 0xE7F),),
    "hangul": ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)),
    "kana": ((0x3040, 0x30FF),),
    "han": ((0x4E00, 0x9FFF), (0x3400, 0x4DBF)),
}
_SCRIPT_LANG = {"greek": "el", "hebrew": "he", "devanagari": "hi", "thai": "th", "hangul": "ko"}
_PERSIAN = set("پچژگکی")
_UKRAINIAN = set("іїєґІЇЄҐ")


def _script_of(ch: str) -> Optional[str]:
    cp = ord(ch)
    for name, ranges in _SCRIPTS.items():
        for lo, hi in ranges:
            if lo <= cp <= hi:
                return name
    return None


def script_counts(text: str) -> Counter:
    counts: Counter = Counter()
    for ch in text:
        if ch.isalpha():
            counts[_script_of(ch) or "other"] += 1
    return counts


def _by_script(sample: str, counts: Counter) -> Optional[tuple[str, float]]:
    total = sum(counts.values())
    if not total:
        return None
    cjk = counts["han"] + counts["kana"]
    if cjk / total > 0.3:
        share = cjk / total
        # Japanese mixes kana into kanji; Chinese has none
        return ("ja" if counts["kana"] > 0.05 * cjk else "zh"), share
    script, n = max(((s, c) for s, c in counts.items() if s not in ("latin", "other")),
                    key=lambda item: item[1], default=(None, 0))
    if script is None or n / total <= 0.5:
        return None
    share = n / total
    if script == "arabic":
        return ("fa" if any(ch in _PERSIAN for ch in sample) else "ar"), share
    if script == "cyrillic":
        return ("uk" if any(ch in _UKRAINIAN for ch in sample) else "ru"), share
    if script in ("han", "kana"):
        return ("ja" if script == "kana" else "zh"), share
    if script in _SCRIPT_LANG:
        return _SCRIPT_LANG[script], share
    return None


def guess_language(text: str) -> tuple[Optional[str], float]:
    """``(ISO 639-1 code, confidence in [0, 1])`` for ``text``, or ``(None, 0.0)`` when unsure."""
    sample = text[:SAMPLE_CHARS]
    by_script = _by_script(sample, script_counts(sample))
    if by_script:
        lang, share = by_script
        return lang, round(min(1.0, share), 3)
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return None, 0.0
    hits = {lang: sum(1 for w in words if w in stops) for lang, stops in STOPWORDS.items()}
    ranked = sorted(hits.items(), key=lambda item: item[1], reverse=True)
    (best, best_hits), (_, second_hits) = ranked[0], ranked[1]
    if best_hits == 0 or best_hits / len(words) < 0.05:
        return None, 0.0
    # margin over the runner-up, scaled by how much of the text the stop words cover
    margin = (best_hits - second_hits) / best_hits
    coverage = min(1.0, (best_hits / len(words)) / 0.25)
    if margin <= 0:
        return None, 0.0
    return best, round(0.5 * margin + 0.5 * coverage, 3)
