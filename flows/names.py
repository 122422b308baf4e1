"""Name keys: the one form names are compared in, shared by the entity and place stages, with whether a name is
also a word of the dictionary; and the person an office stands for, shared by the event and quote stages."""

from __future__ import annotations

import functools
import itertools
import re

from anyascii import anyascii
from lemminflect import getAllLemmas

_APOSTROPHES = re.compile(r"[’'`´ʼʹ\"”“]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_VOWELS = re.compile(r"[aeiouyj]")


def name_key(name: str) -> str:
    """Transliterated to ASCII, apostrophes dropped (so Куп’янськ, Kup'yans'k and Kupyansk agree),
    lowercased, punctuation folded to single spaces."""
    ascii_name = anyascii(name or "")
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", ascii_name).lower()).strip()


def an_english_word(word: str) -> bool:
    """One word that lemminflect's dictionary knows as a noun, a verb or an adjective ("time", "western"; not
    "kyiv"): a name that is one a page may capitalize for other reasons."""
    key = word.lower()
    return bool(key) and " " not in key and bool(getAllLemmas(key))


def surname(full_name: str, suffixes: frozenset[str]) -> str:
    """A person's family name: the last word of the full name before a generational suffix ("James P.
    Kennedy Jr." -> "Kennedy"), as the article writes it alone."""
    words = full_name.split()
    while len(words) > 1 and name_key(words[-1]) in suffixes:
        words.pop()
    return words[-1] if words else full_name


@functools.lru_cache(maxsize=1 << 16)  # a run asks for the skeleton of each of its names several times
def consonant_skeleton(key: str) -> str:
    """Vowels and the letters transliterations disagree on (y, j, i) dropped, doubled letters folded:
    near-spellings of a key share it, so the entity registry is looked up by it."""
    return "".join(letter for letter, _ in itertools.groupby(_VOWELS.sub("", key)))


@functools.cache
def _us_state_keys_by_postal_code() -> dict[str, str]:
    """The name key of each US state (and DC) by the name key of its postal code ("mo" -> "missouri")."""
    import us

    return {s.abbr.lower(): name_key(s.name) for s in [*us.states.STATES_AND_TERRITORIES, us.states.DC]}


def us_state_key(postal_key: str) -> str | None:
    """The name key of the US state a postal code names ("va" -> "virginia"), else None. A postal code is
    a state only as a town's qualifier ("St. Louis, MO": the entity stage marks it so, resolve adds the state
    to the town's candidates), since alone two letters name too much else ("IN")."""
    return _us_state_keys_by_postal_code().get(postal_key)


_TITLE_REACH = 60  # characters before a name that may hold its titles


def titled_person(text: str, position: int, persons, forms: tuple[str, ...]):
    """Of `persons` ((start, end, name, ...) in text order), the one named before `position` with one of an
    office's title `forms` right before the name, other title words between ("Secretary of State Mike Pompeo",
    "Sen. Elizabeth Warren"); None when no one was, or when two people were (a story about "President Trump" and
    "President Zelenskiy" leaves "the president" unresolved)."""
    titled = re.compile(rf"\b(?:{'|'.join(map(re.escape, forms))})(?:\s+(?:of|for|and|[A-Z][\w.'’-]*))*\s+$")
    before = [p for p in persons if p[1] <= position and titled.search(text[max(0, p[0] - _TITLE_REACH) : p[0]])]
    return before[-1] if len({p[2] for p in before}) == 1 else None
