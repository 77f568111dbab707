"""Mojibake repair: text that was UTF-8, decoded as cp1252 or latin-1 somewhere upstream.

Regional papers and scraped archives often carry "â€œ" for a curly quote and
"Ã©" for "é". Left alone, the tokenizer splits words on them and the tagger
reads them as symbols. ftfy (a library made for exactly this) undoes the
mis-decoding; every other ftfy fix is switched off, so a clean text comes back
unchanged, character for character, and offsets stay those of the input.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _config():
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def repair_text(text: str) -> str:
    """``text`` with mis-decoded UTF-8 sequences restored; a clean text is returned as it is."""
    if text.isascii():
        return text
    from ftfy import fix_text

    return fix_text(text, _config())

