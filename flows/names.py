"""Name keys: the one form names are compared in, shared by the entity and place stages."""

from __future__ import annotations

import re

from anyascii import anyascii

_APOSTROPHES = re.compile(r"[’'`´ʼʹ\"”“]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_VOWELS = re.compile(r"[aeiouyj]")
_DOUBLED = re.compile(r"(.)\1+")


def name_key(name: str) -> str:
    """Transliterated to ASCII, apostrophes dropped (so Куп’янськ, Kup'yans'k and Kupyansk agree),
    lowercased, punctuation folded to single spaces."""
    ascii_name = anyascii(name or "")
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", ascii_name).lower()).strip()


def consonant_skeleton(key: str) -> str:
    """Vowels and the letters transliterations disagree on (y, j, i) dropped, doubled letters folded:
    near-spellings of a key share it, so the entity registry is looked up by it."""
    stripped = _VOWELS.sub("", key)
    return _DOUBLED.sub(r"\1", stripped)
